/**
 * CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are written
 * with a leading apostrophe, the OWASP-recommended neutralisation; the text is otherwise unchanged.
 */

/** SQL expression: `expr` (text) neutralised for CSV output. */
export function csvSafeSql(expr: string): string {
  return `CASE WHEN regexp_matches(${expr}, '^[=+\\-@\\t\\r]') THEN '''' || ${expr} ELSE ${expr} END`;
}
