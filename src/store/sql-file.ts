import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A `.sql` file of named statements: the stages of a model that TypeScript runs in order (issue 20: SQL lives
 * in .sql files). The file opens with a comment saying what it defines; each statement opens with a line
 * `-- name: <id>` and a comment saying what it holds. `{{key}}` placeholders are filled from the caller's
 * parameters, which are SQL already (a number, a literal made with lit(), an expression generated from data);
 * a placeholder without a parameter, or a parameter no statement uses, is an error, so a file and its caller
 * cannot drift apart.
 */
export interface SqlFile {
  file: string;
  statements: Map<string, string>;
}

/** The package's root: .sql files are read from src/ both by the tests (src/) and by the CLI (dist/). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = new Map<string, SqlFile>();

/**
 * What this process has taken from the tree: `file#statement` for each statement sqlOf filled, `file` for each
 * one-query file read. A record, never read by the program: test/architecture/every-sql-file.test.ts checks that
 * a run over the fixture database took every statement of every file.
 */
export const SQL_TAKEN = new Set<string>();

const readText = (rel: string): string => readFileSync(join(ROOT, 'src', rel), 'utf8');

/** The text of `src/<rel>`, a `.sql` file that is one query (coverage.sql, draft-profile.sql …). */
export function readSqlFile(rel: string): string {
  SQL_TAKEN.add(rel);
  return readText(rel);
}

/** Loads `src/<rel>` (cached); throws when it has no statement or names one twice. */
export function loadSqlFile(rel: string): SqlFile {
  const hit = cache.get(rel);
  if (hit) return hit;
  const statements = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name === undefined) return;
    if (statements.has(name)) throw new Error(`${rel}: statement '${name}' is defined twice`);
    statements.set(name, body.join('\n').trim().replace(/;$/, ''));
  };
  for (const line of readText(rel).split('\n')) {
    const m = /^--\s*name:\s*([a-z0-9_]+)\s*$/.exec(line);
    if (m) {
      flush();
      name = m[1]!;
      body = [];
    } else if (name !== undefined) {
      // a placeholder in a comment would be filled too, and a multi-line value would end the comment early
      if (/^\s*--.*\{\{[a-z0-9_]+\}\}/.test(line)) throw new Error(`${rel} ${name}: a {{placeholder}} in a comment line`);
      body.push(line);
    }
  }
  flush();
  if (!statements.size) throw new Error(`${rel}: no '-- name:' statement`);
  const out = { file: rel, statements };
  cache.set(rel, out);
  return out;
}

/**
 * The statement `name` filled, without its leading comment lines: for a fragment spliced into another statement
 * (a join clause) or a query a reader is shown (a finding's reproduction query).
 */
export function sqlFragment(f: SqlFile, name: string, params: Record<string, string | number> = {}): string {
  return sqlOf(f, name, params).replace(/^(\s*--[^\n]*\n)+/, '');
}

/** The statement `name` with its placeholders filled. */
export function sqlOf(f: SqlFile, name: string, params: Record<string, string | number> = {}): string {
  const sql = f.statements.get(name);
  if (sql === undefined) throw new Error(`${f.file}: no statement '${name}'`);
  SQL_TAKEN.add(`${f.file}#${name}`);
  const used = new Set<string>();
  const out = sql.replace(/\{\{([a-z0-9_]+)\}\}/g, (_, k: string) => {
    if (!(k in params)) throw new Error(`${f.file} ${name}: no value for {{${k}}}`);
    used.add(k);
    return String(params[k]);
  });
  const unused = Object.keys(params).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`${f.file} ${name}: {{${unused.join('}}, {{')}}} not in the statement`);
  return out;
}
