/**
 * json.ts edges (issue 19.4): the limits a JSON file is refused at (depth, rows, columns), the
 * envelope rules (known keys first, at most 8 keys for an unknown one, an empty envelope), mixed pair/plain
 * columns, and the depth scan's strings. Expected CSV text and messages written out by hand from the inputs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkJsonDepth } from '../../src/ingest/convert/json.js';
import { convertInput, type Converted } from '../../src/ingest/convert/index.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { tempDir, writeFixture, userRefusal } from '../helpers.js';
import { trackedConverter } from './tracked.js';

const tracked = trackedConverter(afterEach);
const made: Converted[] = [];
afterEach(async () => {
  for (const c of made.splice(0)) await c.cleanup();
});
/** Converts with the limits given (default: the documented ones); the temp CSV is removed after the test. */
async function convert(path: string, opts?: { limits: Limits }): Promise<Converted> {
  if (!opts) return tracked(path);
  const c = await convertInput(path, opts);
  if (!c) throw new Error('no conversion');
  made.push(c);
  return c;
}
const json = (v: unknown) => JSON.stringify(v);

const refusal = userRefusal;

describe('JSON limits', () => {
  it('refuse nesting past --limit depth, counting brackets outside strings only', async () => {
    const dir = tempDir();
    const limits = { ...DEFAULT_LIMITS, depth: 3 };
    // [ { "a": [ 1 ] } ] is 3 deep: allowed; brackets and an escaped quote inside strings do not count
    const ok = writeFixture(dir, 'ok.json', '[{"a":[1],"s":"[[[{{{\\"[[["}]');
    await expect(checkJsonDepth(ok, limits)).resolves.toBeUndefined();
    const c = await convert(ok, { limits });
    expect(readFileSync(c.csvPath, 'utf8')).toBe('a,s\n[1],"[[[{{{""[[["\n');
    // depth is nesting, not the count of brackets: 100 flat records are 2 deep under a limit of 3
    const flat = await convert(writeFixture(dir, 'flat.json', json(Array.from({ length: 100 }, (_, i) => ({ id: i })))), { limits });
    expect(flat.rows).toBe(100);
    // 4 deep: the 4th opening bracket is byte 11 ('[{"a":[{"b":[' → '[' at 0, '{' 1, '[' 6, '{' 7, '[' 12)
    const deep = writeFixture(dir, 'deep.json', '[{"a":[{"b":[1]}]}]');
    expect(await refusal(convertInput(deep, { limits }))).toBe(
      `${deep}: arrays or objects nested more than 3 deep (near byte 7), over the depth limit of 3; if the file is genuine, raise it with --limit depth=12`,
    );
  });

  it('refuse more records or fields than the limits, and a file that is no gzip', async () => {
    const dir = tempDir();
    const three = writeFixture(dir, 'three.json', json([{ a: 1 }, { a: 2 }, { a: 3 }]));
    expect(await refusal(convertInput(three, { limits: { ...DEFAULT_LIMITS, rows: 2 } }))).toBe(
      `${three}: 3 records, over the rows limit of 2; if the file is genuine, raise it with --limit rows=8`,
    );
    expect((await convert(three, { limits: { ...DEFAULT_LIMITS, rows: 3 } })).rows).toBe(3);
    // fields a, b.c, b.d: 3 columns
    const wide = writeFixture(dir, 'wide.json', json([{ a: 1, b: { c: 2, d: 3 } }]));
    expect(await refusal(convertInput(wide, { limits: { ...DEFAULT_LIMITS, columns: 2 } }))).toBe(
      `${wide}: 3 fields (distinct keys, nested ones flattened), over the columns limit of 2; if the file is genuine, raise it with --limit columns=8`,
    );
    expect(readFileSync((await convert(wide, { limits: { ...DEFAULT_LIMITS, columns: 3 } })).csvPath, 'utf8')).toBe('a,b.c,b.d\n1,2,3\n');
    // (a gzip past the ratio limit needs 64 MB of output at least, the floor: too slow to scan under StrykerJS's
    // instrumentation; test/robustness covers it through the CLI)
    const notGz = writeFixture(dir, 'not.json', 'x');
    const renamed = notGz.replace(/not\.json$/, 'fake.json.gz');
    (await import('node:fs')).renameSync(notGz, renamed);
    expect(await refusal(convertInput(renamed))).toMatch(new RegExp(`^${renamed}: not a readable gzip file \\(`));
  });
});

describe('JSON envelopes and columns', () => {
  it('prefer a known envelope key to an earlier unknown one, and say when the envelope is empty', async () => {
    const dir = tempDir();
    const both = writeFixture(dir, 'both.json', json({ links: [{ href: 'x' }], result: [{ id: 1 }, { id: 2 }] }));
    expect(readFileSync((await convert(both)).csvPath, 'utf8')).toBe('id\n1\n2\n');
    const empty = writeFixture(dir, 'empty.json', json({ result: [], count: 0 }));
    expect(await refusal(convertInput(empty))).toBe(`${empty}: holds no records (the 'result' array is empty)`);
    const Empty = writeFixture(dir, 'Empty.json', json({ Records: [], total: 0 }));
    expect(await refusal(convertInput(Empty))).toBe(`${Empty}: holds no records (the 'Records' array is empty)`);
    const scalars = writeFixture(dir, 'scalars.json', json({ result: [1, 2] }));
    // an array of numbers is no envelope of records: the object itself is the one record
    expect(readFileSync((await convert(scalars)).csvPath, 'utf8')).toBe('result\n"[1,2]"\n');
    const noFields = writeFixture(dir, 'nofields.json', json([{}, {}]));
    // (empty objects merge to no object shape: refused as not objects rather than as objects without fields)
    expect(await refusal(convertInput(noFields))).toBe(`${noFields}: the records are not JSON objects`);
  });

  it('read an unknown key as an envelope only in an object of at most 8 keys', async () => {
    const dir = tempDir();
    const env: Record<string, unknown> = { list: [{ id: 'A' }] };
    for (let i = 0; i < 7; i++) env[`k${i}`] = i; // 8 keys
    expect(readFileSync((await convert(writeFixture(dir, 'eight.json', json(env)))).csvPath, 'utf8')).toBe('id\nA\n');
    env.k7 = 7; // 9 keys: one record
    const nine = readFileSync((await convert(writeFixture(dir, 'nine.json', json(env)))).csvPath, 'utf8');
    expect(nine).toBe('list,k0,k1,k2,k3,k4,k5,k6,k7\n"[{""id"":""A""}]",0,1,2,3,4,5,6,7\n');
  });

  it('show a display value where a column mixes pairs and plain values, keeping .value where it differs', async () => {
    const dir = tempDir();
    const recs = [
      { n: 1, state: { display_value: 'Closed', value: '7' }, ref: { link: 'l', value: 'abc' }, same: { display_value: 'x', value: 'x' } },
      { n: 2, state: 'New', ref: { link: 'l', value: 'def' }, same: { display_value: 'y', value: 'y' } },
      { n: 3, state: null, ref: null, same: null },
    ];
    const out = readFileSync((await convert(writeFixture(dir, 'mixed.json', json(recs)))).csvPath, 'utf8');
    expect(out).toBe('n,state,state.value,ref,same\n1,Closed,7,abc,x\n2,New,,def,y\n3,,,,\n');
    const ndjson = await convert(writeFixture(dir, 'one.jsonl', json({ a: 1 }) + '\n'));
    expect([ndjson.rows, readFileSync(ndjson.csvPath, 'utf8')]).toEqual([1, 'a\n1\n']);
    // one NDJSON record holding a list of objects is that record, not an envelope (a .json file's lone object would be)
    const nd1 = await convert(writeFixture(dir, 'one-list.jsonl', json({ id: 1, items: [{ a: 1 }] }) + '\n'));
    expect(readFileSync(nd1.csvPath, 'utf8')).toBe('id,items\n1,"[{""a"":1}]"\n');
    const lone = writeFixture(dir, 'lone.json', json([5]));
    expect(await refusal(convertInput(lone))).toBe(`${lone}: holds a single JSON ubigint, not records (objects)`);
    const two = writeFixture(dir, 'two.json', json(['a', 'b']));
    expect(await refusal(convertInput(two))).toBe(`${two}: the records are not JSON objects`);
    const arr = writeFixture(dir, 'arr.json', '[[1]]');
    expect(await refusal(convertInput(arr))).toBe(`${arr}: holds a single JSON array, not records (objects)`);
  });
});
