/**
 * Builds an export in a tool's exact header order from rows given by column name (blank cells for the
 * columns a row leaves out), quoting cells that hold the delimiter or quotes. Used by the adapter tests
 * whose real headers are too wide to write row by row.
 */
export function csvOf(header: string, rows: Record<string, string>[], sep = ','): string {
  const cols = header.split(sep);
  const quote = (v: string) => (v.includes(sep) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v);
  for (const r of rows) {
    for (const k of Object.keys(r)) if (!cols.includes(k)) throw new Error(`test row names '${k}', not a column of the header`);
  }
  return [header, ...rows.map((r) => cols.map((c) => quote(r[c] ?? '')).join(sep))].join('\r\n') + '\r\n';
}

/** `strftime` of a TIMESTAMPTZ column in UTC, as the tests compare timestamps. */
export const ts = (col: string, as = col) => `strftime(${col}, '%Y-%m-%d %H:%M:%S') AS ${as}`;
