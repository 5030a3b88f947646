/**
 * Every .sql file has a value test named after it (issue 19.1): a new query, lint rule or model stage without
 * one fails here. The file → test rule and the list of product SQL are those of the SQL mutator
 * (tools/mutate-sql.mjs), so that `npm run mutate:sql` runs each file's own test.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** .sql files that are not product SQL, each with the reason it has no value test of its own. */
const EXCLUDED: Record<string, string> = {
  // DDL, frozen as released: test/store/migrate-v1.test.ts migrates a file the v1 release wrote through it
  'src/store/schema-v1.sql': 'the schema v1 DDL that migration step 1 runs, frozen as released; test/store/migrate-v1.test.ts checks it against a database the v1 release wrote',
  'test/real-data/reference/': 'independent plain-SQL derivations of the real-data figures: they are the tests’ expected values (run by test/real-data/reference.test.ts), not code under test',
};
// installed packages, the build, and dot-folders (.git, .stryker-tmp) hold no SQL of ours
const SKIP_DIRS = new Set(['node_modules', 'dist']);

function allSql(dir = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir))) {
    if (SKIP_DIRS.has(e) || e.startsWith('.')) continue;
    const p = dir ? `${dir}/${e}` : e;
    const st = statSync(join(ROOT, p));
    if (st.isDirectory()) out.push(...allSql(p));
    else if (e.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}

interface Mutator {
  sqlFiles(): string[];
  testFor(file: string): string;
}
// a variable specifier: the .mjs tool is plain JavaScript, imported at run time
const mutatorUrl = pathToFileURL(join(ROOT, 'tools', 'mutate-sql.mjs')).href;
const mutator = (await import(mutatorUrl)) as Mutator;

describe('every .sql file has a value test named after it', () => {
  const files = allSql();
  const product = files.filter((f) => !Object.keys(EXCLUDED).some((x) => f.startsWith(x)));

  it('finds the SQL (queries, report queries, lint rules, model stages)', () => {
    // a guard that the walk sees the tree: at least the 30-odd KPI queries and the stages named in issue 19
    expect(product.length).toBeGreaterThan(60);
    for (const f of ['queries/mttr.sql', 'src/metrics/prepare.sql', 'src/metrics/macros.sql', 'reports/queries/oldest_open.sql']) expect(product).toContain(f);
  });

  it('the SQL mutator covers exactly the product SQL', () => {
    expect(mutator.sqlFiles().map((f) => f.split('\\').join('/'))).toEqual(product);
  });

  it('each product .sql file has its test file', () => {
    const missing = product.map((f) => [f, mutator.testFor(f).split('\\').join('/')] as const).filter(([, t]) => !existsSync(join(ROOT, t)));
    expect(missing.map(([f, t]) => `${f}: no ${t}`)).toEqual([]);
  });

  it('each exclusion still names SQL that exists', () => {
    for (const x of Object.keys(EXCLUDED)) expect(files.some((f) => f.startsWith(x)), x).toBe(true);
  });
});
