/** Named statements in .sql files (store/sql-file.ts): a file and its caller cannot drift apart silently. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { loadSqlFile, sqlFragment, sqlOf } from '../../src/store/sql-file.js';

describe('sql files of named statements', () => {
  const f = loadSqlFile('clusters/clusters.sql');

  it('reads each statement under its name, without the trailing semicolon', () => {
    expect([...f.statements.keys()].slice(0, 3)).toEqual(['macros', 'cl_t', 'cl_kb']);
    expect(sqlOf(f, 'cl_knode')).toBe('CREATE OR REPLACE TEMP TABLE cl_knode AS SELECT k.tkey, n.nid FROM cl_k k JOIN cl_node n ON n.tkey = k.ckey');
  });

  it('fills placeholders, and refuses a missing, an unused or an unknown one', () => {
    expect(sqlOf(f, 'cl_text', { jaccard: 0.6 })).toContain('WHERE i.wi >= 0.6 * (wa.w + wb.w - i.wi)');
    expect(() => sqlOf(f, 'cl_text')).toThrow('clusters/clusters.sql cl_text: no value for {{jaccard}}');
    expect(() => sqlOf(f, 'cl_kb', { jaccard: 0.6 })).toThrow('clusters/clusters.sql cl_kb: {{jaccard}} not in the statement');
    expect(() => sqlOf(f, 'cl_nothing')).toThrow("clusters/clusters.sql: no statement 'cl_nothing'");
  });

  it('gives a fragment without its leading comment lines, comments inside it kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sql-file-'));
    writeFileSync(join(dir, 'frag.sql'), '-- a file\n\n-- name: j\n-- a join clause\n--   on two lines\nLEFT JOIN t ON t.k = {{k}} -- the key\n  AND TRUE\n');
    const frag = loadSqlFile(relative(join(ROOT, 'src'), join(dir, 'frag.sql')));
    expect(sqlOf(frag, 'j', { k: 'a.k' })).toBe('-- a join clause\n--   on two lines\nLEFT JOIN t ON t.k = a.k -- the key\n  AND TRUE');
    expect(sqlFragment(frag, 'j', { k: 'a.k' })).toBe('LEFT JOIN t ON t.k = a.k -- the key\n  AND TRUE');
  });

  it('refuses a placeholder in a comment line of a statement (a multi-line value would end the comment early)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sql-file-'));
    writeFileSync(join(dir, 'bad.sql'), '-- a file\n\n-- name: s\n-- reads {{x}}\nSELECT {{x}}\n');
    expect(() => loadSqlFile(relative(join(ROOT, 'src'), join(dir, 'bad.sql')))).toThrow(/bad\.sql s: a \{\{placeholder\}\} in a comment line/);
  });
});
