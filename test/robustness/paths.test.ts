/**
 * Paths are literal (issue 25, item 2): a file whose name holds glob characters, spaces, quotes or a line
 * break loads its own rows, never those of the files its name would match as a pattern, which sit beside it
 * as decoys. Covers CSV (read_csv), JSON (read_json_objects), a folder with such a name, the CLI's argument
 * handling (an existing path is never expanded) and Parquet views over an export folder with such a name.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { exportParquet } from '../../src/export/parquet.js';
import { attachParquetViews } from '../../src/export/views.js';
import { Store } from '../../src/store/db.js';
import { cli, tempDir } from '../helpers.js';

const H = 'number,short_description,opened_at,caller_id,priority';
const csv = (tag: string, n = 1) =>
  [H, ...Array.from({ length: n }, (_, i) => `INC${tag.length}${String(i).padStart(6, '0')},${tag} ${i},2024-03-1${i} 08:00:00,Caller ${i},3 - Moderate`)].join('\n') + '\n';

// [name, decoys its pattern would match]
const CASES: [string, string[]][] = [
  ['incident[1].csv', ['incident1.csv']],
  ['inc*.csv', ['incA.csv', 'incBB.csv']],
  ['inc?.csv', ['incQ.csv']],
  ['inc{a,b}.csv', ['inca.csv', 'incb.csv']],
  ['in]c[.csv', []],
  ['with space.csv', []],
  ["it's \"quoted\".csv", []],
  ['line\nbreak.csv', []],
];

const dir = tempDir('itsm-lens-paths-');
let store: Store;

beforeAll(async () => {
  store = await Store.open(join(dir, 'paths.duckdb'));
});
afterAll(() => store?.close());

async function titlesOf(path: string): Promise<string[]> {
  await store.run('DELETE FROM ticket; DELETE FROM source_file; DELETE FROM rejects');
  await ingestPaths(store, { paths: [path] });
  return (await store.all<{ t: string }>('SELECT title AS t FROM ticket ORDER BY t')).map((r) => r.t);
}

describe('file names with glob characters, spaces, quotes and line breaks', () => {
  it.each(CASES)('%j loads its own rows, not its decoys', async (name, decoys) => {
    const sub = join(dir, `case-${CASES.findIndex((c) => c[0] === name)}`);
    mkdirSync(sub);
    writeFileSync(join(sub, name), csv('OWN', 2));
    for (const d of decoys) writeFileSync(join(sub, d), csv(`DECOY-${d}`, 3));
    expect(await titlesOf(join(sub, name))).toEqual(['OWN 0', 'OWN 1']);
    const f = await store.one<{ path: string; n: number }>('SELECT path, count(*) OVER () AS n FROM source_file');
    expect(f).toEqual({ path: join(sub, name), n: 1 });
  });

  it('a JSON file named with brackets loads its own records', async () => {
    const sub = join(dir, 'json');
    mkdirSync(sub);
    const rec = (t: string) => ({ number: `INC00${t.length}0001`, short_description: t, opened_at: '2024-03-10 08:00:00', caller_id: 'Caller 1', priority: '3 - Moderate' });
    writeFileSync(join(sub, 'incident[1].json'), JSON.stringify([rec('OWN json')]));
    writeFileSync(join(sub, 'incident1.json'), JSON.stringify([rec('DECOY json')]));
    expect(await titlesOf(join(sub, 'incident[1].json'))).toEqual(['OWN json']);
  });

  it('a folder named with glob characters is walked literally', async () => {
    const sub = join(dir, 'folder');
    mkdirSync(join(sub, 'exports[2024]'), { recursive: true });
    mkdirSync(join(sub, 'exports2'), { recursive: true });
    writeFileSync(join(sub, 'exports[2024]', 'incident.csv'), csv('OWN folder'));
    writeFileSync(join(sub, 'exports2', 'incident.csv'), csv('DECOY folder'));
    expect(await titlesOf(join(sub, 'exports[2024]'))).toEqual(['OWN folder 0']);
  });

  it('the CLI takes an existing path literally and still expands a pattern that names no file', () => {
    const sub = join(dir, 'cli');
    mkdirSync(sub);
    writeFileSync(join(sub, 'inc*.csv'), csv('OWN cli'));
    writeFileSync(join(sub, 'incX.csv'), csv('DECOY cli'));
    const lit = cli(['ingest', '--db', join(sub, 'a.duckdb'), join(sub, 'inc*.csv')]);
    expect(lit.code, lit.stderr).toBe(0);
    expect(lit.stdout + lit.stderr).not.toMatch(/incX/);
    const pat = cli(['ingest', '--db', join(sub, 'b.duckdb'), join(sub, 'inc?.csv')]);
    expect(pat.code, pat.stderr).toBe(0);
    expect(pat.stdout + pat.stderr).toMatch(/incX\.csv/);
  });

  it('Parquet views over an export folder whose name holds glob characters read that folder', async () => {
    await store.run('DELETE FROM ticket; DELETE FROM source_file; DELETE FROM rejects');
    const sub = join(dir, 'parquet');
    mkdirSync(sub);
    writeFileSync(join(sub, 'incident.csv'), csv('OWN parquet', 2));
    await ingestPaths(store, { paths: [join(sub, 'incident.csv')] });
    await exportParquet(store, join(sub, 'out[1]'));
    // a decoy export the escaped pattern must not reach
    await store.run("UPDATE ticket SET title = 'DECOY parquet'");
    await exportParquet(store, join(sub, 'out1'));
    const view = await Store.open(':memory:', { migrate: false });
    try {
      await attachParquetViews(view, join(sub, 'out[1]'));
      expect((await view.all<{ t: string }>('SELECT title AS t FROM ticket ORDER BY t')).map((r) => r.t)).toEqual(['OWN parquet 0', 'OWN parquet 1']);
    } finally {
      view.close();
    }
  });
});
