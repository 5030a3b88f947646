/** DuckDB helpers shared by the converters (a private in-memory instance per conversion). */
import { Store, lit, pathLit } from '../../store/db.js';
import { prependHeader } from './csv.js';
import { rm } from 'node:fs/promises';

export async function scratchStore(): Promise<Store> {
  return Store.open(':memory:', { migrate: false });
}

/**
 * Queries over many columns: DuckDB's common-subexpression optimizer is quadratic in the number of
 * expressions (a 4,000-column insert: 6.6 s with it, 0.9 s without), and there is nothing to share
 * between the columns of a wide file. Turned off on this connection above `WIDE` columns.
 */
export const WIDE = 512;
export async function wideQueries(store: Store, columns: number): Promise<boolean> {
  if (columns <= WIDE) return false;
  await store.run(`SET disabled_optimizers = 'common_subexpressions'`);
  return true;
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '');
}

/**
 * Rewrites a CSV whose records may be shorter than `header` (columns discovered while writing) into
 * `outPath` with `header` as its header row and every record padded to its width. `order` picks and
 * orders the body's columns (default: as they are). `skip` lines are dropped from the body first.
 */
export async function padCsv(
  bodyPath: string,
  outPath: string,
  header: string[],
  opts: { width: number; order?: number[]; skip?: number },
): Promise<void> {
  const store = await scratchStore();
  const padded = outPath + '.body';
  try {
    await wideQueries(store, opts.width);
    const cols = Array.from({ length: opts.width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const order = opts.order ?? Array.from({ length: opts.width }, (_, i) => i);
    await store.run(
      `COPY (SELECT ${order.map((i) => `c${i}`).join(', ')} FROM read_csv(${pathLit(bodyPath)}, header = false, skip = ${opts.skip ?? 0},
         columns = {${cols}}, null_padding = true, auto_detect = false, quote = '"', escape = '"', delim = ',',
         max_line_size = 67108864, parallel = false))
       TO ${lit(padded)} (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"')`,
    );
    if (header.length === 0) throw new Error('no columns');
    await prependHeader(outPath, header, padded);
  } finally {
    store.close();
    await rm(padded, { force: true });
  }
}
