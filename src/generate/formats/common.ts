/** Helpers the per-tool writers share: a header as a list of columns, each row source filling some of them. */
import { join } from 'node:path';
import { q } from '../sql.js';
import { concat, csvOpts, type Exec } from '../writers.js';

/**
 * SELECT list in the header's order: `cells[column]` where given, else NULL. Throws on a cell that names no
 * column of the header, so a typo cannot silently drop a column.
 */
export function selectList(header: readonly string[], cells: Record<string, string>): string {
  for (const k of Object.keys(cells)) if (!header.includes(k)) throw new Error(`generator: '${k}' is not a column of the header`);
  return header.map((h, k) => `${cells[h] ?? 'NULL'} AS c${k}`).join(',\n    ');
}

/** The quoted CSV header line (quotes only where a label needs them). */
export function headerLine(header: readonly string[], delim = ','): string {
  return header.map((h) => (h.includes(delim) || h.includes('"') ? `"${h.replace(/"/g, '""')}"` : h)).join(delim);
}

/**
 * Writes one CSV file from several row sources (e.g. incident rows then problem rows of the same export),
 * in order: each source goes to a part file by COPY, the parts are concatenated behind the header.
 */
export async function writeCsv(exec: Exec, out: string, name: string, header: readonly string[], sources: { cells: Record<string, string>; from: string }[], delim = ','): Promise<string> {
  const dest = join(out, name);
  const parts: string[] = [];
  for (const [k, s] of sources.entries()) {
    const part = join(out, `.part-${k + 1}.csv`);
    await exec(`COPY (SELECT ${selectList(header, s.cells)} FROM ${s.from}) TO ${q(part)} ${csvOpts(false, delim)}`);
    parts.push(part);
  }
  await concat(dest, headerLine(header, delim) + '\n', parts);
  return dest;
}
