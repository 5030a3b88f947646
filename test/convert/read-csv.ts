import { Store, lit } from '../../src/store/db.js';
import { sniffFile } from '../../src/ingest/sniff.js';

/** Reads a converted CSV the way the ingest does (header + all-VARCHAR), returning header and rows. */
export async function readCsv(path: string): Promise<{ header: string[]; rows: Record<string, string | null>[] }> {
  const head = await sniffFile(path);
  const store = await Store.open(':memory:', { migrate: false });
  try {
    const rows = await store.all<Record<string, string | null>>(
      `SELECT * FROM read_csv(${lit(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true, max_line_size = 16777216)`,
    );
    return { header: head.header, rows };
  } finally {
    store.close();
  }
}
