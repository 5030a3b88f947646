/**
 * files.ts: which files a folder, a glob or a path names (the folder walk and its symbolic links), and the
 * transcoding of UTF-16 and Windows-1252 files to UTF-8. Expected lists are written out from the tree each
 * test builds; expected text is the input string itself, the bytes built with Node's own encoders.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths, sha256File, transcode } from '../../src/ingest/files.js';
import { Store } from '../../src/store/db.js';
import { tempDir, rejection } from '../helpers.js';

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:', { migrate: false });
});
afterAll(() => store.close());

const refusal = async (p: Promise<unknown>): Promise<string> => (await rejection(p)).message;

const EXTENSIONS = '.csv, .tsv, .txt, .xlsx, .xlsm, .json, .jsonl, .ndjson, .xes (and their .gz, except .xlsx/.xlsm)';

describe('expandPaths', () => {
  it('walks a folder recursively: export names only, sorted, not truth.json, lock or hidden files', async () => {
    const root = tempDir('itsm-lens-files-');
    const d = join(root, 'exports');
    for (const f of ['b.csv', 'a.json', 'truth.json', '~$book.xlsx', '.hidden.csv', 'notes.md', 'sub/c.xes.gz', 'sub/TRUTH.JSON', 'z.TSV', 'log.jsonl'])
      writeFile(join(d, f), 'x');
    const got = await expandPaths(store, [d]);
    expect(got).toEqual(['a.json', 'b.csv', 'log.jsonl', 'sub/c.xes.gz', 'z.TSV'].map((f) => join(d, f)));
  });

  it('reads a link to a file inside the folder once, and reports the links it does not follow with their reason', async () => {
    const root = tempDir('itsm-lens-files-');
    const d = join(root, 'in');
    writeFile(join(d, 'a.csv'), 'x');
    writeFile(join(d, 'data', 'raw.dat'), 'x'); // no export name: read only through a link named as an export
    writeFile(join(root, 'outside.csv'), 'x');
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(d, 'a.csv'), join(d, 'again.csv')); // the same file: read under its own name
    symlinkSync(join(d, 'data', 'raw.dat'), join(d, 'via-link.csv')); // a file reached only by its link
    symlinkSync(join(root, 'outside.csv'), join(d, 'out.csv'));
    symlinkSync(join(d, 'missing.csv'), join(d, 'broken.csv'));
    symlinkSync(join(d, 'loop2.csv'), join(d, 'loop1.csv'));
    symlinkSync(join(d, 'loop1.csv'), join(d, 'loop2.csv'));
    symlinkSync(join(d, 'data'), join(d, 'folder-in'));
    symlinkSync(join(root, 'elsewhere'), join(d, 'folder-out'));
    symlinkSync(join(root, 'outside.csv'), join(d, 'not-an-export.md')); // neither read nor reported
    symlinkSync(join(d, 'gone'), join(d, 'broken.md')); // a broken link without an export's name: not reported
    const skipped: [string, string][] = [];
    const got = await expandPaths(store, [d], (link, reason) => skipped.push([link.slice(d.length + 1), reason]));
    expect(got).toEqual([join(d, 'a.csv'), join(d, 'via-link.csv')]);
    expect(skipped).toEqual([
      ['broken.csv', 'broken link: its target does not exist'],
      ['folder-in', 'a link to a folder (its files inside the folder are read there): folder links are not followed'],
      ['folder-out', `a link to a folder outside ${d}: folder links are not followed`],
      ['loop1.csv', 'the link loops'],
      ['loop2.csv', 'the link loops'],
      ['out.csv', `points outside ${d} (to ${join(root, 'outside.csv')})`],
    ]);
    // without a listener the same folder is read the same way
    expect(await expandPaths(store, [d])).toEqual(got);
  });

  it('reports a link to the folder itself, one that cannot be followed, and one to something not a file; in path order', async () => {
    const root = tempDir('itsm-lens-files-');
    const d = join(root, 'in');
    writeFile(join(d, 'a.csv'), 'x');
    symlinkSync(d, join(d, 'self')); // the folder itself
    symlinkSync(join(d, 'a.csv', 'below'), join(d, 'notdir.csv')); // a path through a file: ENOTDIR
    // a socket inside the folder, named as an export through a link
    const server = createServer();
    await new Promise<void>((res) => server.listen(join(d, 'sock'), res));
    symlinkSync(join(d, 'sock'), join(d, 'sock.csv'));
    // broken links in a subfolder and beside it: reported in path order ('a-sub/x.csv' before 'b.csv'),
    // not in the order the walk meets them (the folder's own entries first)
    mkdirSync(join(d, 'a-sub'));
    symlinkSync(join(d, 'none'), join(d, 'a-sub', 'x.csv'));
    symlinkSync(join(d, 'none'), join(d, 'b.csv'));
    const skipped: [string, string][] = [];
    try {
      expect(await expandPaths(store, [d], (link, reason) => skipped.push([link.slice(d.length + 1), reason]))).toEqual([join(d, 'a.csv')]);
    } finally {
      server.close();
    }
    expect(skipped).toEqual([
      ['a-sub/x.csv', 'broken link: its target does not exist'],
      ['b.csv', 'broken link: its target does not exist'],
      ['notdir.csv', 'cannot follow it (ENOTDIR)'],
      ['self', 'a link to a folder (its files inside the folder are read there): folder links are not followed'],
      ['sock.csv', 'not a regular file'],
    ]);
  });

  it('does not count a sibling folder sharing the name prefix as inside', async () => {
    const root = tempDir('itsm-lens-files-');
    writeFile(join(root, 'in-other', 'x.csv'), 'x');
    writeFile(join(root, 'in', 'a.csv'), 'x');
    symlinkSync(join(root, 'in-other', 'x.csv'), join(root, 'in', 'x.csv'));
    const skipped: string[] = [];
    expect(await expandPaths(store, [join(root, 'in')], (_l, r) => skipped.push(r))).toEqual([join(root, 'in', 'a.csv')]);
    expect(skipped).toEqual([`points outside ${join(root, 'in')} (to ${join(root, 'in-other', 'x.csv')})`]);
  });

  it('takes an existing path literally, expands a glob only when nothing has that name, drops repeats', async () => {
    const d = tempDir('itsm-lens-files-');
    for (const f of ['inc1.csv', 'inc2.csv', 'inc*.csv', 'chg.csv']) writeFile(join(d, f), 'x');
    expect(await expandPaths(store, [join(d, 'inc*.csv')])).toEqual([join(d, 'inc*.csv')]);
    // ('?' matches the '*' of 'inc*.csv' too; '*' sorts before the digits)
    expect(await expandPaths(store, [join(d, 'inc?.csv')])).toEqual([join(d, 'inc*.csv'), join(d, 'inc1.csv'), join(d, 'inc2.csv')]);
    expect(await expandPaths(store, [join(d, 'c*.csv'), join(d, 'chg.csv'), `${d}/./chg.csv`])).toEqual([join(d, 'chg.csv')]);
    // order of the inputs is kept (files, then the folder's sorted files)
    expect(await expandPaths(store, [join(d, 'inc2.csv'), join(d, 'inc1.csv')])).toEqual([join(d, 'inc2.csv'), join(d, 'inc1.csv')]);
  });

  it('refuses a glob matching nothing, a missing path and a folder without exports, naming each', async () => {
    const d = tempDir('itsm-lens-files-');
    writeFile(join(d, 'empty', 'readme.md'), 'x');
    expect(await refusal(expandPaths(store, [join(d, 'nope*.csv')]))).toBe(`no file matches '${join(d, 'nope*.csv')}'`);
    expect(await refusal(expandPaths(store, [join(d, 'nope.csv')]))).toBe(`${join(d, 'nope.csv')}: no such file or folder`);
    expect(await refusal(expandPaths(store, [join(d, 'empty')]))).toBe(`${join(d, 'empty')}: the folder holds no export file: ${EXTENSIONS}`);
  });
});

describe('transcode and sha256File', () => {
  const text = 'number,short_description\nINC1,Café – naïve “quote” €5\nINC2,Zoë\n';

  it('turns UTF-16 (either byte order, gzipped or not) and Windows-1252 into the same UTF-8 text', async () => {
    const d = tempDir('itsm-lens-files-');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    // Windows-1252: the ASCII bytes, é 0xE9, – 0x96, ï 0xEF, “ 0x93, ” 0x94, € 0x80, ë 0xEB
    const cp1252 = Buffer.from(
      [...text].map((c) => ({ é: 0xe9, '–': 0x96, ï: 0xef, '“': 0x93, '”': 0x94, '€': 0x80, ë: 0xeb })[c] ?? c.charCodeAt(0)),
    );
    const cases: [string, Buffer, boolean, 'utf-16le' | 'utf-16be' | 'windows-1252'][] = [
      ['le.csv', le, false, 'utf-16le'],
      ['be.csv', be, false, 'utf-16be'],
      ['le.csv.gz', gzipSync(le), true, 'utf-16le'],
      ['w.csv', cp1252, false, 'windows-1252'],
    ];
    for (const [name, bytes, gz, enc] of cases) {
      writeFileSync(join(d, name), bytes);
      const out = await transcode(join(d, name), gz, enc);
      try {
        expect(readFileSync(out, 'utf8'), name).toBe(text);
      } finally {
        rmSync(dirname(out), { recursive: true, force: true });
      }
    }
  });

  it('keeps a character split across two read chunks whole', async () => {
    const d = tempDir('itsm-lens-files-');
    // 64 KiB read chunks: a surrogate pair (4 bytes in UTF-16) at bytes 65,534-65,537 straddles the first chunk's end
    const long = 'a'.repeat(32_767) + '😀' + 'b'.repeat(10) + '\n';
    writeFileSync(join(d, 'x.csv'), Buffer.from(long, 'utf16le'));
    const out = await transcode(join(d, 'x.csv'), false, 'utf-16le');
    try {
      expect(readFileSync(out, 'utf8')).toBe(long);
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  });

  it('hashes the file bytes as sha256', async () => {
    const d = tempDir('itsm-lens-files-');
    const bytes = Buffer.from(text, 'utf8');
    writeFileSync(join(d, 'h.csv'), bytes);
    expect(await sha256File(join(d, 'h.csv'))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
