import { randomBytes } from 'node:crypto';
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { UserError } from '../errors.js';
import { FIELDS, type CanonicalTable } from '../store/schema.js';
import { PERSON_COLUMNS, type Action, type RedactionPolicy } from './policy.js';

/**
 * Applies a redaction policy to the rows one file just loaded, inside its ingest transaction, in SQL:
 * person columns, the event log's actors and assignee changes, e-mail addresses, phone numbers and known
 * people's names in free text, in the `extra` JSON and in the raw text of rejected rows. Originals never
 * reach a committed row.
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

/** The database's salt, created on first use: stable tokens within a database, unlinkable across them. */
export async function saltOf(store: Store): Promise<string> {
  const row = await store.one<{ value: string }>('SELECT value FROM meta WHERE key = $k', { k: SALT_KEY });
  if (row) return row.value;
  const salt = randomBytes(16).toString('hex');
  await store.run('INSERT INTO meta VALUES ($k, $v)', { k: SALT_KEY, v: salt });
  return salt;
}

/**
 * A database is redacted or not, as a whole: redacting into one that holds unredacted files (or the
 * reverse) would leave originals beside tokens.
 */
export async function checkRedactionMode(store: Store, policy: RedactionPolicy | undefined, record = true): Promise<void> {
  const mode = await store.one<{ value: string }>('SELECT value FROM meta WHERE key = $k', { k: POLICY_KEY });
  const files = (await store.one<{ n: number }>('SELECT count(*) AS n FROM source_file'))!.n;
  if (policy && !mode && files > 0) {
    throw new UserError(`${store.path} already holds ${files} files ingested without --redact; redact into a new database (--db NEW.duckdb)`);
  }
  if (!policy && mode) {
    throw new UserError(`${store.path} holds redacted data (policy ${mode.value}); ingest into it with --redact as well`);
  }
  if (record && policy && !mode) await store.run('INSERT INTO meta VALUES ($k, $v)', { k: POLICY_KEY, v: policy.source });
}

const token = (prefix: string, salt: string, v: string) => `${lit(prefix + '-')} || left(sha256(${lit(salt)} || lower(trim(${v}))), 10)`;

/** SQL for a person value under an action. */
function personExpr(action: Action, salt: string, v: string): string {
  switch (action) {
    case 'keep':
      return v;
    case 'hash':
      return `CASE WHEN ${v} IS NULL THEN NULL ELSE ${token('person', salt, v)} END`;
    case 'mask':
      return `CASE WHEN ${v} IS NULL THEN NULL ELSE left(trim(${v}), 1) || '***' END`;
    case 'drop':
      return 'NULL';
  }
}

/** Replaces every match of `pattern` in `v` under an action (hash: one token per distinct match). */
function scrubPattern(v: string, pattern: string, action: Action, prefix: string, salt: string, mask: string): string {
  if (action === 'keep') return v;
  if (action === 'hash') {
    return `list_reduce(list_prepend(${v}, regexp_extract_all(${v}, ${lit(pattern)})), lambda acc, m: replace(acc, m, ${token(prefix, salt, 'm')}))`;
  }
  return `regexp_replace(${v}, ${lit(pattern)}, ${lit(action === 'mask' ? mask : '')}, 'g')`;
}

const escapeRe = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/** Free-text scrubber: names first (a name may contain what looks like neither), then e-mails, then phones. */
function scrubber(policy: RedactionPolicy, salt: string, names: string[]): (v: string) => string {
  const ft = policy.freeText;
  const patterns: string[] = [];
  if (ft.names !== 'keep') {
    const sorted = [...names].filter((n) => n.length >= MIN_NAME).sort((a, b) => b.length - a.length);
    for (let i = 0; i < sorted.length; i += NAMES_PER_PATTERN) {
      // no \\b: RE2's word boundary is ASCII-only (it would miss 'Öztürk'); a longer word is redacted too
      patterns.push(`(?i)(${sorted.slice(i, i + NAMES_PER_PATTERN).map(escapeRe).join('|')})`);
    }
  }
  return (v: string) => {
    let e = v;
    // names hash to the same token as the person column does
    for (const p of patterns) e = scrubPattern(e, p, ft.names, 'person', salt, '[name]');
    e = scrubPattern(e, EMAIL, ft.emails, 'email', salt, '[email]');
    e = scrubPattern(e, PHONE, ft.phones, 'phone', salt, '[phone]');
    return e;
  };
}

/**
 * Redacts what file `fileId` loaded. `personColumns` are the raw view's person columns (every row's values,
 * rejected rows included), the names searched for in free text.
 */
export async function redactFile(store: Store, policy: RedactionPolicy, fileId: string, rawView: string, personColumns: string[]): Promise<void> {
  const salt = await saltOf(store);
  const names = personColumns.length
    ? (
        await store.all<{ v: string }>(
          `SELECT DISTINCT v FROM (${personColumns.map((c) => `SELECT trim(${ident(c)}) AS v FROM ${rawView}`).join(' UNION ALL ')}) WHERE v IS NOT NULL AND v <> ''`,
        )
      ).map((r) => r.v)
    : [];
  const scrub = scrubber(policy, salt, names);
  const file = lit(fileId);
  const tables: CanonicalTable[] = ['ticket', 'change', 'problem', 'asset'];
  for (const table of tables) {
    const cols = new Set(FIELDS[table].map((f) => f.name));
    const sets: string[] = [];
    for (const [col, onTables] of Object.entries(PERSON_COLUMNS)) {
      if (onTables.includes(table) && cols.has(col) && policy.people[col] !== 'keep') sets.push(`${col} = ${personExpr(policy.people[col]!, salt, col)}`);
    }
    for (const col of policy.freeText.columns) if (cols.has(col)) sets.push(`${col} = ${scrub(col)}`);
    sets.push(`extra = CAST(${scrub('CAST(extra AS VARCHAR)')} AS JSON)`);
    await store.run(`UPDATE ${ident(table)} SET ${sets.join(', ')} WHERE file_id = ${file}`);
  }
  await store.run(`UPDATE ticket_event SET actor = ${personExpr(policy.people.actor!, salt, 'actor')},
      old_value = CASE WHEN field = 'assignee' THEN ${personExpr(policy.people.assignee!, salt, 'old_value')} ELSE ${scrub('old_value')} END,
      new_value = CASE WHEN field = 'assignee' THEN ${personExpr(policy.people.assignee!, salt, 'new_value')} ELSE ${scrub('new_value')} END,
      extra = CAST(${scrub('CAST(extra AS VARCHAR)')} AS JSON)
    WHERE file_id = ${file}`);
  await store.run(`UPDATE rejects SET raw_text = ${scrub('raw_text')}, reason = ${scrub('reason')} WHERE file_id = ${file}`);
}
