import { randomBytes } from 'node:crypto';
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { UserError } from '../errors.js';
import { FIELDS, type CanonicalTable } from '../store/schema.js';
import { PERSON_COLUMNS, type Action, type RedactionPolicy } from './policy.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** Redaction's statements (redact.sql). */
const SQL = loadSqlFile('privacy/redact.sql');

/**
 * A redaction policy as SQL expressions that ingest applies to the mapped rows before their first write to
 * a table of the database: person columns, the event log's actors and assignee changes, e-mail addresses,
 * phone numbers and known people's names in free text, in the `extra` JSON and in the raw text and reason of
 * rejected rows. No original value is written to a table: the rows are staged in temporary tables (memory or
 * the spill folder). The file's bytes: DuckDB 1.5 writes the unused tail of a block from uninitialised memory
 * (duckdb/duckdb#23382), which in the ingesting process may have held originals, so `ingest --redact` opens its
 * database `walOnly` and a fresh process writes the blocks (store/db.ts).
 */

// RE2 patterns. Phones: international (+31 6 1234 5678, 0049 …) or national with a trunk 0 ((030) 123 4567,
// 020-1234567); dates, times and ticket numbers do not match.
const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
const PHONE =
  '(\\+|\\b00)[1-9][0-9]{0,2}[ .-]?(\\(0\\))?[ .-]?\\(?[0-9]{1,4}\\)?([ .-]?[0-9]{2,4}){2,4}|\\(?\\b0[0-9]{1,4}\\)?[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}';
/** names shorter than this are not searched for in free text (too many false hits: "Bo" in "Bonus") */
const MIN_NAME = 4;
/** names per regular expression (RE2 builds one automaton per pattern) */
const NAMES_PER_PATTERN = 200;

export const SALT_KEY = 'redact_salt';
export const POLICY_KEY = 'redact_policy';

/**
 * A database is redacted or not, as a whole: redacting into one that holds unredacted files (or the
 * reverse) would leave originals beside tokens.
 */
export async function checkRedactionMode(store: Store, policy: RedactionPolicy | undefined, record = true): Promise<void> {
  const mode = await store.one<{ value: string }>(sqlOf(SQL, 'meta_value'), { k: POLICY_KEY });
  const files = (await store.one<{ n: number }>(sqlOf(SQL, 'files')))!.n;
  if (policy && !mode && files > 0) {
    throw new UserError(`${store.path} already holds ${files} files ingested without --redact; redact into a new database (--db NEW.duckdb)`);
  }
  if (!policy && mode) {
    throw new UserError(`${store.path} holds redacted data (policy ${mode.value}); ingest into it with --redact as well`);
  }
  if (record && policy && !mode) await store.run(sqlOf(SQL, 'record_meta'), { k: POLICY_KEY, v: policy.source });
}

/**
 * The key a person's token is made from: trimmed, lower case, runs of blanks as one, and "Last, First" turned
 * into "first last", so that the caller column's "Jansen, Ann" and "Ann Jansen" in a description are one person.
 */
const personKey = (v: string) =>
  `lower(regexp_replace(regexp_replace(trim(${v}), '^([^,]+?)\\s*,\\s*(.+)$', '\\2 \\1'), '\\s+', ' ', 'g'))`;
const token = (prefix: string, salt: string, v: string, key = (x: string) => `lower(trim(${x}))`) =>
  `${lit(prefix + '-')} || left(sha256(${lit(salt)} || ${key(v)}), 10)`;

/** SQL for a person value under an action. */
function personExpr(action: Action, salt: string, v: string): string {
  switch (action) {
    case 'keep':
      return v;
    case 'hash':
      return sqlOf(SQL, 'unless_null', { v, expr: token('person', salt, v, personKey) });
    case 'mask':
      return sqlOf(SQL, 'unless_null', { v, expr: `left(trim(${v}), 1) || '***'` });
    case 'drop':
      return 'NULL';
  }
}

const escapeRe = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * The patterns a name is searched for in free text: as written ("Ann van Dijk", any blanks between its words)
 * and in the other order ("van Dijk, Ann" for the first word last; "Ann van Dijk" for a name stored as
 * "van Dijk, Ann").
 */
export function nameVariants(name: string): string[] {
  const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);
  const asWritten = words(name).map(escapeRe).join('\\s+');
  const comma = /^([^,]+?)\s*,\s*(.+)$/.exec(name.trim());
  if (comma) return [asWritten, [...words(comma[2]!), ...words(comma[1]!)].map(escapeRe).join('\\s+')];
  const w = words(name);
  if (w.length < 2) return [asWritten];
  return [asWritten, `${w.slice(1).map(escapeRe).join('\\s+')},\\s*${escapeRe(w[0]!)}`];
}

/** What a redaction policy does to the values one file loads, as SQL expressions applied before any write. */
export interface Redactor {
  readonly salt: string;
  /** a person column's value under the policy's action for `column` */
  person(column: string, expr: string): string;
  /** free text with names, e-mail addresses and phone numbers replaced */
  text(expr: string): string;
  /** a JSON value (`extra`) scrubbed as text */
  json(expr: string): string;
  /** the action for canonical column `column` of `table`: a person column, a free-text column, or neither */
  column(table: CanonicalTable, column: string): string;
}

/**
 * The free-text scrubber. Every match of every pattern is found in the original text (one regular expression
 * per NAMES_PER_PATTERN names, plus e-mails and phones), and the distinct matches are replaced longest first,
 * so the SQL grows linearly with the names (it once nested the whole expression twice per pattern: 3,000 names
 * overflowed a JavaScript string). A match and its replacement travel as one string split at chr(1), which a
 * name, an address or a phone number cannot hold.
 */
function scrubber(policy: RedactionPolicy, salt: string, names: string[]): (v: string) => string {
  const ft = policy.freeText;
  const kinds: { pattern: string; action: Action; replace: (m: string) => string }[] = [];
  const replacement = (action: Action, mask: string, hash: (m: string) => string) => (m: string) =>
    action === 'hash' ? hash(m) : action === 'mask' ? lit(mask) : "''";
  if (ft.emails !== 'keep') kinds.push({ pattern: EMAIL, action: ft.emails, replace: replacement(ft.emails, '[email]', (m) => token('email', salt, m)) });
  if (ft.phones !== 'keep') kinds.push({ pattern: PHONE, action: ft.phones, replace: replacement(ft.phones, '[phone]', (m) => token('phone', salt, m)) });
  if (ft.names !== 'keep') {
    const variants = [...new Set(names.filter((n) => n.trim().length >= MIN_NAME).flatMap(nameVariants))].sort((a, b) => b.length - a.length);
    for (let i = 0; i < variants.length; i += NAMES_PER_PATTERN) {
      // no \\b: RE2's word boundary is ASCII-only (it would miss 'Öztürk'); a longer word is redacted too.
      // Names hash to the same token as the person column does.
      kinds.push({
        pattern: `(?i)(${variants.slice(i, i + NAMES_PER_PATTERN).join('|')})`,
        action: ft.names,
        replace: replacement(ft.names, '[name]', (m) => token('person', salt, m, personKey)),
      });
    }
  }
  if (!kinds.length) return (v) => v;
  return (v: string) => {
    const found = kinds.map(
      (k) => `list_transform(regexp_extract_all(${v}, ${lit(k.pattern)}), lambda m: {'l': -length(m), 'm': m, 'r': ${k.replace('m')}})`,
    );
    const pairs = `list_transform(list_sort(list_distinct(list_concat(${found.join(', ')}))), lambda s: s.m || chr(1) || s.r)`;
    return sqlOf(SQL, 'unless_null', { v, expr: `list_reduce(list_prepend(${v}, ${pairs}), lambda acc, p: replace(acc, split_part(p, chr(1), 1), split_part(p, chr(1), 2)))` });
  };
}

/**
 * The redactor for one file: `personColumns` are the raw view's person columns (every row's values, rejected
 * rows included), the names searched for in free text. Reads only; the salt is written by `recordRedaction`
 * inside the file's transaction.
 */
export async function redactorFor(store: Store, policy: RedactionPolicy, rawView: string, personColumns: string[]): Promise<Redactor> {
  const salt = (await store.one<{ value: string }>(sqlOf(SQL, 'meta_value'), { k: SALT_KEY }))?.value ?? randomBytes(16).toString('hex');
  const names = personColumns.length
    ? (
        await store.all<{ v: string }>(
          sqlOf(SQL, 'names', { columns: personColumns.map((c) => `${ident(c)}::VARCHAR`).join(', '), view: rawView }),
        )
      ).map((r) => r.v)
    : [];
  const scrub = scrubber(policy, salt, names);
  const person = (column: string, expr: string) => personExpr(policy.people[column] ?? 'hash', salt, expr);
  const textColumns = new Set(policy.freeText.columns);
  return {
    salt,
    person,
    text: scrub,
    json: (expr) => `CAST(${scrub(`CAST(${expr} AS VARCHAR)`)} AS JSON)`,
    column: (table, column) => {
      if (PERSON_COLUMNS[column]?.includes(table)) return person(column, column);
      if (textColumns.has(column) && FIELDS[table].some((f) => f.name === column)) return scrub(column);
      return column;
    },
  };
}

/** Inside the file's transaction: the database's mode and salt (first use), so no token outlives a rollback. */
export async function recordRedaction(store: Store, policy: RedactionPolicy, redactor: Redactor): Promise<void> {
  await checkRedactionMode(store, policy);
  await store.run(sqlOf(SQL, 'record_meta'), { k: SALT_KEY, v: redactor.salt });
}
