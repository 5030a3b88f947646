import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';

/**
 * Per-column date-format sniffing, done in DuckDB over the column's distinct values.
 * A format fits a value when `try_strptime` parses it to a year in 1970..2100. Day/month order is decided
 * by the data (a value with a first field > 12); when a column cannot tell, another date column of the same
 * file that can decides; when none can, the ingest stops and asks for --date-format. Never a silent guess.
 */

export type DateOrder = 'dmy' | 'mdy' | 'ymd' | 'named';

export interface DateCandidate {
  format: string;
  order: DateOrder;
  /** the format carries its own offset (`%z`) or a literal Z: no --timezone applies */
  zoned: boolean;
}

// Fractions of a second as %n: one to nine digits (pandas and database clients write nine,
// `2023-01-03 11:04:00.000000000`; %f stops at six): see parseSql.
const TIMES = ['%H:%M:%S', '%H:%M', '%H:%M:%S.%n', '%I:%M:%S %p', '%I:%M %p'];
export const EPOCH_MS = 'epoch milliseconds';
export const EPOCH_S = 'epoch seconds';

/** SQL parsing text with a format (an strptime pattern or an epoch pseudo-format) to TIMESTAMP/TIMESTAMPTZ. */
function parseSql(v: string, f: string): string {
  if (f === EPOCH_MS) return `CASE WHEN regexp_full_match(${v}, '[0-9]{12,14}') THEN to_timestamp(TRY_CAST(${v} AS BIGINT) / 1000.0) END`;
  if (f === EPOCH_S) return `CASE WHEN regexp_full_match(${v}, '[0-9]{9,11}([.][0-9]+)?') THEN to_timestamp(TRY_CAST(${v} AS DOUBLE)) END`;
  if (!f.includes('%n')) return `try_strptime(${v}, ${lit(f)})`;
  // %n (1 to 9 digits) is read as %f over the fraction cut to microseconds, with a decimal comma (ISO 8601
  // allows 11:04:00,5) as a point: DuckDB's own %n parses into TIMESTAMP_NS, which ends in 2262 and so
  // cannot hold a sentinel such as 9999-12-31 00:00:00.000
  return `try_strptime(regexp_replace(${v}, '(:[0-9]{2})[.,]([0-9]{1,6})[0-9]*', '\\1.\\2'), ${lit(f.replace('%n', '%f'))})`;
}

function buildCandidates(): DateCandidate[] {
  const out: DateCandidate[] = [];
  const add = (format: string, order: DateOrder) => out.push({ format, order, zoned: /%z|%Z|Z$/.test(format) });
  for (const t of ['', ...TIMES]) {
    for (const sep of ['-', '/']) add(`%Y${sep}%m${sep}%d${t ? ' ' + t : ''}`, 'ymd');
  }
  for (const t of ['%H:%M:%S', '%H:%M:%S.%n', '%H:%M']) {
    add(`%Y-%m-%dT${t}`, 'ymd');
    add(`%Y-%m-%dT${t}Z`, 'ymd');
    add(`%Y-%m-%dT${t}%z`, 'ymd');
    add(`%Y-%m-%d ${t}%z`, 'ymd');
    add(`%Y-%m-%d ${t} %z`, 'ymd');
    add(`%Y-%m-%d ${t} %Z`, 'ymd'); // a zone name or abbreviation: 2024-03-13 08:00:00 Europe/Amsterdam, … CET
    add(`%Y-%m-%dT${t} %Z`, 'ymd');
  }
  for (const year of ['%Y', '%y']) {
    for (const sep of ['/', '-', '.']) {
      for (const t of ['', ...TIMES]) {
        const time = t ? ' ' + t : '';
        add(`%d${sep}%m${sep}${year}${time}`, 'dmy');
        add(`%m${sep}%d${sep}${year}${time}`, 'mdy');
        add(`%d${sep}%b${sep}${year}${time}`, 'named'); // Jira: 25/Feb/26 10:17 PM
      }
    }
    for (const t of ['', ...TIMES]) add(`%d %b ${year}${t ? ' ' + t : ''}`, 'named');
  }
  add('%b %d, %Y %I:%M %p', 'named');
  add('%b %d, %Y', 'named');
  add('%a %b %d %H:%M:%S %Y', 'named'); // Request Tracker REST
  // Unix epoch numbers (Motadata and ManageEngine APIs write milliseconds, NinjaOne seconds): pseudo-formats.
  out.push({ format: EPOCH_MS, order: 'ymd', zoned: true }, { format: EPOCH_S, order: 'ymd', zoned: true });
  return out;
}

export const DATE_CANDIDATES = buildCandidates();

export interface ColumnDateFormat {
  column: string;
  format: string;
  zoned: boolean;
  order: DateOrder;
  /** how it was decided, for the ingest summary */
  how: 'detected' | 'decided by another column' | 'given';
  /**
   * settled on the sample (one format reads it): the count over every row is left to the load, whose reject
   * checks parse every value anyway; `checkDeferredFormats` runs it when the load rejected a date
   */
  deferred?: boolean;
}

/**
 * Month names in German, French, Spanish, Dutch and Portuguese (Jira, GLPI and OTRS localise them), and
 * English full names, rewritten to the English abbreviations strptime's %b reads.
 */
const MONTHS: [string, string][] = [
  ['Jan', 'january|januar|janvier|janv|jän|jaen|enero|ene|januari|janeiro'],
  ['Feb', 'february|februar|février|fevrier|févr|fevr|febrero|februari|fevereiro|fev'],
  ['Mar', 'march|märz|maerz|mrz|mär|mars|marzo|maart|mrt|março|marco'],
  ['Apr', 'april|avril|avr|abril|abr'],
  ['May', 'mai|mayo|mei|maio'],
  ['Jun', 'june|juni|juin|junio|junho'],
  ['Jul', 'july|juli|juillet|juil|julio|julho'],
  ['Aug', 'august|août|aout|agosto|ago|augustus'],
  ['Sep', 'september|septembre|septiembre|setembro|sept|set'],
  ['Oct', 'october|oktober|octobre|octubre|outubro|okt|out'],
  ['Nov', 'november|novembre|noviembre|novembro'],
  ['Dec', 'december|dezember|décembre|decembre|déc|diciembre|dezembro|dez|dic'],
];
// An abbreviation's own dot ("févr. 2024", "03/févr./26", "1 févr.") goes; a dot before a digit separates the
// date's parts ("1.Mai.2024") and stays: the alternatives are tried in order.
const monthsSql = (v: string) =>
  MONTHS.reduce((e, [en, alts]) => `regexp_replace(${e}, '(^|[^[:alpha:]])(${alts})(\\.([^[:alnum:]])|\\.$|([^[:alpha:]])|$)', '\\1${en}\\4\\5', 'gi')`, v);
/** The text strptime is given: month names rewritten for formats that read them. */
const dateText = (v: string, f: string) => (/%[bB]/.test(f) ? monthsSql(v) : v);
const readsMonthNames = (f: string) => /%[bB]/.test(f);

/**
 * Timestamps in or after this year are an export's "never" (9999-12-31, 2999-…, 4000-01-01), not a date: they
 * load as unknown (NULL), their text stays in the field's `_raw` column, and lint's ticket-sentinel-date counts
 * them. Far above any real due or planned date; far below the sentinels in use.
 */
export const SENTINEL_YEAR = 2200;

/**
 * A format fits a value when it parses to a year in 1970..2100, or to a sentinel year (a column of open
 * tickets may be mostly 9999-12-31); `vm` is the value with months rewritten.
 */
const fits = (v: string, vm: string, f: string) => {
  const y = `year(${parseSql(readsMonthNames(f) ? vm : v, f)})`;
  return `(${y} BETWEEN 1970 AND 2100 OR ${y} >= ${SENTINEL_YEAR})`;
};

const SHAPES: Record<string, string> = {
  '%': '%',
  ...Object.fromEntries([...'ymdHMSIeUWwuV'].map((d) => [d, '\\s*[0-9]{1,2}'])),
  Y: '\\s*[+-]?[0-9]+', G: '\\s*[+-]?[0-9]+', j: '\\s*[0-9]{1,3}', n: '[0-9]+', f: '[0-9]+',
  p: '[AaPp][.]?[Mm][.]?',
  z: '(?:[Zz]|[+-][0-9:]+)',
  Z: '[^\\s0-9]\\S*',
  ...Object.fromEntries([...'bBaA'].map((d) => [d, '[^\\s0-9]+?'])),
};

/**
 * A regular expression every value a format can parse matches (and more): one or two digits for a day,
 * month, hour…, digits for a year or fraction, AM/PM, an offset, letters for a name or zone, whitespace as
 * any whitespace, a point as a point or comma, other characters as themselves. A format whose shape no
 * sampled value has cannot fit any, and is not counted in SQL.
 */
export function shapeOf(f: string): RegExp {
  if (f === EPOCH_MS || f === EPOCH_S) return /^\s*[0-9]+([.][0-9]+)?\s*$/;
  let re = '';
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (ch === '%' && i + 1 < f.length) {
      const d = f[++i]!;
      re += SHAPES[d] ?? '.+?';
    } else if (/\s/.test(ch)) re += '\\s*';
    else if (ch === '.') re += '[.,]'; // a decimal comma before a fraction (see parseSql)
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^\\s*${re}\\s*$`, 'is');
}

/** Parses `--date-format`: a strptime pattern, or just the order (dmy, mdy, ymd). */
export function parseDateOption(opt: string | undefined): { format?: string; order?: DateOrder } {
  if (!opt) return {};
  const o = opt.trim().toLowerCase();
  if (o === 'dmy' || o === 'mdy' || o === 'ymd') return { order: o };
  if (!opt.includes('%')) {
    throw new UserError(`--date-format '${opt}': give dmy, mdy, ymd or a strptime pattern such as '%d/%m/%Y %H:%M'`);
  }
  return { format: opt };
}

/**
 * Chooses a format for each date column of `view` (all-VARCHAR rows). `clean(col)` is the SQL expression
 * turning a raw column (by name) into trimmed text or NULL. Cost: one sampling scan, one shortlist query over
 * the samples of every column, then one scan of the whole file that counts, for every column, the rows each
 * shortlisted format reads. With `defer` (ingest), a column whose sample one format reads (≥ 90 %, no other
 * within 2 %) skips that scan: see `deferred`.
 */
export async function sniffDateFormats(
  store: Store,
  view: string,
  columns: string[],
  clean: (col: string) => string,
  option: string | undefined,
  path: string,
  defer = false,
): Promise<Map<string, ColumnDateFormat>> {
  const { format: given, order: wanted } = parseDateOption(option);
  const result = new Map<string, ColumnDateFormat>();
  if (columns.length === 0) return result;
  const pool = given
    ? [{ format: given, order: 'ymd' as DateOrder, zoned: /%z|%Z|Z$/.test(given) }]
    : DATE_CANDIDATES.filter((c) => !wanted || c.order === wanted || c.order === 'named' || c.order === 'ymd');

  // 1. Shortlist on a sample: one reservoir over all date columns; a sparse column also takes its first values.
  const smp = `${view}_date_sample`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${smp} AS SELECT ${columns.map((c, i) => `${clean(c)} AS s${i}`).join(', ')}
    FROM ${view} WHERE NOT __empty USING SAMPLE reservoir(1000 ROWS) REPEATABLE (7)`);
  const shortlists = new Map<string, DateCandidate[]>();
  // One query for every column (grouped by column): binding ~250 candidate expressions costs ~0.3 s per query
  // whatever the data size, so a query per column made a 50-column export spend 15 s here.
  const samples = columns.map(
    (column, ci) => `SELECT ${ci} AS ci, v FROM (SELECT s${ci} AS v FROM ${smp} WHERE s${ci} IS NOT NULL
      UNION ALL (SELECT ${clean(column)} FROM ${view} WHERE ${clean(column)} IS NOT NULL LIMIT 100))`,
  );
  // Only the candidates whose shape some sampled value has are counted in SQL: binding each candidate's
  // strptime was most of this step's time (~250 candidates, 0.3-0.5 s a file whatever its size); the month
  // names are rewritten (12 regular expressions a value) only when a counted candidate reads them.
  await store.run(`CREATE OR REPLACE TEMP TABLE ${smp}_v AS ${samples.join(' UNION ALL ')}`);
  const values = await store.all<{ ci: number; v: string }>(`SELECT ci, v FROM ${smp}_v`);
  const maybe = new Set(pool.filter((c) => { const re = shapeOf(c.format); return values.some((r) => re.test(r.v)); }));
  const counted = pool.map((c, i) => [c, i] as const).filter(([c]) => maybe.has(c));
  const rows = await store.all<Record<string, number>>(
    `SELECT ci, count(*) AS n${counted.map(([c, i]) => `, count(*) FILTER (WHERE ${fits('v', 'vm', c.format)}) AS f${i}`).join('')}
     FROM (SELECT ci, v${counted.some(([c]) => readsMonthNames(c.format)) ? `, ${monthsSql('v')} AS vm` : ''} FROM ${smp}_v) GROUP BY ci`,
  );
  await store.run(`DROP TABLE IF EXISTS ${smp}_v`);
  const byColumn = new Map(rows.map((r) => [Number(r.ci), r]));
  for (const [ci, column] of columns.entries()) {
    const row = byColumn.get(ci);
    const n = row?.n ?? 0;
    if (n === 0) continue; // an empty column needs no format
    const best = Math.max(...pool.map((_, i) => row?.[`f${i}`] ?? 0));
    if (best === 0) {
      const ex = await store.one<{ v: string }>(`SELECT ${clean(column)} AS v FROM ${view} WHERE ${clean(column)} IS NOT NULL LIMIT 1`);
      throw new UserError(
        given
          ? `${path}: column '${column}': no value matches --date-format '${given}' (e.g. '${ex?.v}')`
          : `${path}: column '${column}' holds values like '${ex?.v}' that are not dates in any known format; pass --date-format '<strptime pattern>'`,
      );
    }
    const list = pool.filter((_, i) => (row?.[`f${i}`] ?? 0) >= best * 0.98);
    if (defer && list.length === 1 && best >= n * 0.9) {
      const w = list[0]!;
      result.set(column, { column, format: w.format, zoned: w.zoned, order: w.order, how: given ? 'given' : 'detected', deferred: true });
    } else shortlists.set(column, list);
  }

  await store.run(`DROP TABLE IF EXISTS ${smp}`);
  // 2. Count, over every row, what each shortlisted format reads.
  const sel: string[] = [];
  const cols = [...shortlists.keys()];
  const inner: string[] = [];
  cols.forEach((column, ci) => {
    const list = shortlists.get(column)!;
    inner.push(`${clean(column)} AS v${ci}`);
    if (list.some((c) => readsMonthNames(c.format))) inner.push(`${monthsSql(clean(column))} AS m${ci}`);
    sel.push(`count(v${ci}) AS n${ci}`);
    list.forEach((c, fi) => sel.push(`count(*) FILTER (WHERE ${fits(`v${ci}`, `m${ci}`, c.format)}) AS c${ci}_${fi}`));
  });
  const full = cols.length ? (await store.one<Record<string, number>>(`SELECT ${sel.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${view})`))! : {};

  const undecided = new Map<string, DateCandidate[]>();
  for (const [ci, column] of cols.entries()) {
    const list = shortlists.get(column)!;
    const total = full[`n${ci}`] ?? 0;
    const counts = list.map((_, fi) => full[`c${ci}_${fi}`] ?? 0);
    const best = Math.max(...counts);
    if (best < total * 0.5) throw mixedFormats(path, column, list[0]!.format, best, total);
    const winners = list.filter((_, fi) => counts[fi] === best);
    const orders = new Set(winners.map((w) => w.order));
    const how = given ? 'given' : 'detected';
    if (winners.length === 1 || orders.size === 1 || (await sameInstants(store, view, clean(column), winners))) {
      // (the last case: e.g. every value has day = month, so either order reads the same instant)
      const w = winners[0]!;
      result.set(column, { column, format: w.format, zoned: w.zoned, order: w.order, how });
    } else undecided.set(column, winners);
  }
  for (const [column, winners] of undecided) {
    const decided = [...result.values()].find((r) => winners.some((w) => w.order === r.order));
    if (!decided) {
      const ex = await store.one<{ v: string }>(`SELECT ${clean(column)} AS v FROM ${view} WHERE ${clean(column)} IS NOT NULL LIMIT 1`);
      throw new UserError(
        `${path}: column '${column}' has dates like '${ex?.v}' whose day/month order the data cannot decide (every day ≤ 12); ` +
          `pass --date-format dmy or --date-format mdy`,
      );
    }
    const w = winners.find((x) => x.order === decided.order)!;
    result.set(column, { column, format: w.format, zoned: w.zoned, order: w.order, how: 'decided by another column' });
  }
  return result;
}

const mixedFormats = (path: string, column: string, format: string, best: number, total: number) =>
  new UserError(`${path}: column '${column}' mixes date formats (${format} reads ${best} of ${total} values); pass --date-format`);

/**
 * The count over every row that sniffDateFormats left to the load (`deferred`): a column whose format reads
 * fewer than half its values mixes formats, and the ingest stops as sniffDateFormats would have. Run when the
 * load rejected a date (else every value was read).
 */
export async function checkDeferredFormats(store: Store, view: string, formats: Map<string, ColumnDateFormat>, clean: (col: string) => string, path: string): Promise<void> {
  const cols = [...formats.values()].filter((f) => f.deferred);
  if (!cols.length) return;
  const inner = cols.map((f, i) => `${clean(f.column)} AS v${i}${readsMonthNames(f.format) ? `, ${monthsSql(clean(f.column))} AS m${i}` : ''}`);
  const sel = cols.flatMap((f, i) => [`count(v${i}) AS n${i}`, `count(*) FILTER (WHERE ${fits(`v${i}`, `m${i}`, f.format)}) AS c${i}`]);
  const full = (await store.one<Record<string, number>>(`SELECT ${sel.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${view})`))!;
  cols.forEach((f, i) => {
    const total = full[`n${i}`] ?? 0;
    const best = full[`c${i}`] ?? 0;
    if (best < total * 0.5) throw mixedFormats(path, f.column, f.format, best, total);
  });
}

async function sameInstants(store: Store, view: string, value: string, winners: DateCandidate[]): Promise<boolean> {
  const [a, ...rest] = winners;
  // parsed as the load parses them (parseSql: fractions, decimal commas), not with strptime alone
  const cond = rest.map((b) => `${parseSql(value, a!.format)} IS DISTINCT FROM ${parseSql(value, b.format)}`).join(' OR ');
  const r = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${view} WHERE ${value} IS NOT NULL AND (${cond})`);
  return (r?.n ?? 0) === 0;
}

/** SQL parsing clean text with the column's format, before the sentinel year and the zone (see parseExpr). */
export function parsedExpr(text: string, f: ColumnDateFormat): string {
  return parseSql(dateText(text, f.format), f.format);
}

/**
 * SQL turning clean text into a UTC instant (or a DATE) with the column's format and the source zone. A
 * timestamp in a sentinel year (SENTINEL_YEAR) is NULL; a DATE keeps it (it also decides whether the row's
 * text is a date at all, and a warranty ending 9999-12-31 is a fair "never ends").
 * `parsedAlready`: a column holding parsedExpr of the text (the load parses each date column once).
 */
export function parseExpr(text: string, f: ColumnDateFormat, timezone: string, asDate: boolean, parsedAlready?: string): string {
  const parsed = parsedAlready ?? parsedExpr(text, f);
  if (asDate) return `CAST(${parsed} AS DATE)`;
  const known = `CASE WHEN year(${parsed}) < ${SENTINEL_YEAR} THEN ${parsed} END`;
  if (/%z|%Z/.test(f.format) || f.format === EPOCH_MS || f.format === EPOCH_S) return known;
  // A wall-clock time in UTC is the instant of the same microseconds since the epoch: made so, not by
  // timezone('UTC', …), which goes through ICU's calendar (~0.1 µs a value: 0.4 CPU-s for the four dates of 1M
  // incidents; this ~0.006 µs). The same instants (checked over years 1 to 2199, and whatever the session's
  // zone). ±infinity would become NULL: this stays after the sentinel check (`known`), which makes it NULL first.
  if (f.zoned || timezone === 'UTC') return `make_timestamptz(epoch_us(${known}))`;
  return `timezone(${lit(timezone)}, ${known})`;
}
