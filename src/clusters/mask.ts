/**
 * Drain-style masking of the volatile tokens in ticket text, done in SQL so it runs inside DuckDB over
 * millions of rows: URLs, e-mail addresses, ticket ids, IPs, dates, times, paths, hex ids, host-like tokens
 * (letters with digits: srv-db-07, PRN0451) and numbers become placeholders; the text is lower-cased and
 * punctuation is stripped, so "ALERT: srv-db-07 disk at 97%" and "alert srv-db-12 disk at 88 %" share one template.
 */
import type { Store } from '../store/db.js';

/** [pattern, replacement] in the order they apply (RE2 syntax, applied globally to lower-cased text). */
export const MASK_RULES: ReadonlyArray<readonly [string, string]> = [
  ['(https?|ftp)://[^\\s]+', ' <url> '],
  ['www\\.[^\\s]+', ' <url> '],
  ['[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+', ' <email> '],
  ['\\b(inc|chg|prb|ritm|req|sctask|task|rfc|im|sd|km|sr)[0-9]{4,}\\b', ' <ticket> '],
  ['\\b[0-9]{1,3}(\\.[0-9]{1,3}){3}(:[0-9]+)?\\b', ' <ip> '],
  ['\\b[0-9]{4}-[0-9]{2}-[0-9]{2}([t ][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?', ' <date> '],
  ['\\b[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}\\b', ' <date> '],
  ['\\b[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\\b', ' <time> '],
  ['[a-z]:\\\\[^\\s]*', ' <path> '],
  ['\\\\\\\\[^\\s]+', ' <path> '],
  ['(^|\\s)(/[a-z0-9._$~-]+)+/?', ' <path> '],
  ['\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b', ' <hex> '],
  // compound names with a digit and a dash or underscore (DB2-LEG01, job_1424, mm_zscr0099_dly) are one host/object
  ['\\b([a-z0-9]*[0-9][a-z0-9]*[-_][a-z0-9_-]*[a-z0-9]|[a-z0-9]+[-_][a-z0-9_-]*[0-9][a-z0-9_-]*)\\b', ' <host> '],
  ['\\b0x[0-9a-f]+\\b', ' <hex> '],
  ['\\b[0-9a-f]*([a-f][0-9]|[0-9][a-f])[0-9a-f]*\\b', ' <hex> '],
  ['\\b[a-z][a-z0-9_-]*[0-9][a-z0-9_-]*\\b', ' <host> '],
  ['[-+]?\\b[0-9][0-9a-z]*([.,][0-9]+)*\\b', ' <num> '],
];

function sqlString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** SQL expression: the masked, lower-cased, punctuation-free form of the text expression `expr`. */
export function maskSql(expr: string): string {
  let e = `lower(coalesce(${expr}, ''))`;
  for (const [re, rep] of MASK_RULES) e = `regexp_replace(${e}, ${sqlString(re)}, ${sqlString(rep)}, 'g')`;
  e = `regexp_replace(${e}, '[^\\p{L}\\p{N}_<>\\s]+', ' ', 'g')`; // job_scheduler, bk_bia_bobje stay one word
  e = `regexp_replace(${e}, '<(?:[^a-z]|$)|(?:^|[^a-z])>', ' ', 'g')`; // stray angle brackets from the text itself
  return `trim(regexp_replace(${e}, '\\s+', ' ', 'g'))`;
}

/** Masks strings through DuckDB (for tests and explanations). */
export async function maskTexts(store: Store, texts: string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const values = texts.map((t, i) => `(${i}, ${sqlString(t)})`).join(', ');
  const rows = await store.all<{ i: number; m: string }>(`SELECT i, ${maskSql('t')} AS m FROM (VALUES ${values}) v(i, t) ORDER BY i`);
  return rows.map((r) => r.m);
}

/** Words too common to identify a problem (English and German). */
export const STOPWORDS = [
  'a', 'an', 'the', 'to', 'of', 'in', 'on', 'at', 'for', 'from', 'with', 'and', 'or', 'is', 'are', 'be', 'was',
  'it', 'my', 'me', 'i', 'we', 'our', 'this', 'that', 'by', 'as', 'not', 'no', 'can', 'please', 'when', 'after',
  'again', 'since', 'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'und', 'oder', 'ist', 'mit', 'von', 'zu',
  'im', 'bei', 'nach', 'auf', 'für', 'nicht', 'ich', 'mich', 'wir', 'bitte', 'sich', 'es', 'seit',
  // e-mail subject prefixes (reply / forward in English, German, French)
  're', 'fw', 'fwd', 'aw', 'wg', 'tr',
];

/**
 * SQL expression: the gist of an e-mail-style description: header lines (received from / from / sent / to / cc /
 * subject, and German von / gesendet / an / betreff), greetings and everything from the signature on are removed,
 * then the first 200 characters are kept. Used only when the title alone says too little.
 */
export function descriptionGistSql(expr: string): string {
  let e = `lower(coalesce(${expr}, ''))`;
  e = `regexp_replace(${e}, '(^|\\n)\\s*(received from|from|sent|to|cc|subject|von|gesendet|an|betreff|date|datum)\\s*:[^\\n]*', ' ', 'g')`;
  e = `regexp_replace(${e}, '(best regards|kind regards|regards|many thanks|thanks and regards|thank you|mit freundlichen gr(ü|ue)(ß|ss)en|viele gr(ü|ue)(ß|ss)e|cordialement)[\\s\\S]*$', ' ')`;
  e = `regexp_replace(${e}, '(^|\\n)\\s*(hello team|hello|hi team|hi|dear [^,\\n]*|hallo( zusammen)?|guten (tag|morgen)|sehr geehrte[^,\\n]*)\\s*[,!.]?', ' ', 'g')`;
  return `left(trim(regexp_replace(${e}, '\\s+', ' ', 'g')), 200)`;
}
