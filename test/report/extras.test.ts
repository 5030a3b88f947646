import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlFile, sqlOf } from '../../src/store/sql-file.js';
import type { Store } from '../../src/store/db.js';
import { storeWith } from '../queries/harness.js';

// src/report/extras.sql: the appendix's tables that are not metrics.
//   sources   every file loaded, its name without its folder (either separator), confidence to 2 decimals, in
//             ingest order then path
//   coverage  records per canonical table (tickets per kind) and the span of their opened times (assets have none)
// Rows: two files (the second ingested a minute later; its path uses backslashes), 3 incidents (one without an
// opened time), 2 interactions, 1 service request, 1 change, 0 problems, 2 assets.
const SQL = loadSqlFile('report/extras.sql');

describe('extras.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', kind: 'incident', opened_at: '2024-03-05 10:00:00' },
        { source_id: 'T2', kind: 'incident', opened_at: '2024-01-31 23:59:59' },
        { source_id: 'T3', kind: 'incident', opened_at: null },
        { source_id: 'R1', kind: 'service_request', opened_at: '2024-02-01 08:00:00' },
        { source_id: 'X1', kind: 'interaction', opened_at: '2023-12-01 08:00:00' },
        { source_id: 'X2', kind: 'interaction', opened_at: '2024-04-01 08:00:00' },
      ],
      change: [{ source_id: 'C1', opened_at: '2024-02-10 08:00:00' }],
      asset: [{ source_id: 'A1' }, { source_id: 'A2' }],
    });
    await store.run(`INSERT INTO source_file (file_id, path, tool, object_kind, confidence, rows_read, rows_loaded, rows_rejected, records_inserted, records_updated, ingested_at) VALUES
      ('f2', 'C:\\exports\\change.csv', 'servicenow', 'change', 0.8, 2, 1, 1, 1, 0, TIMESTAMPTZ '2024-04-01 09:01:00+00'),
      ('f1', '/data/in/incident.csv', 'servicenow', 'ticket', 0.956, 3, 3, 0, 3, 0, TIMESTAMPTZ '2024-04-01 09:00:00+00')`);
  });
  afterAll(() => store.close());

  it('sources: one row per file in ingest order, the name without its folder, confidence to 2 decimals', async () => {
    const rows = await store.all<Record<string, unknown>>(sqlOf(SQL, 'sources'));
    expect(rows.map((r) => [r.file, r.confidence, r.rows_read, r.rows_loaded, r.rows_rejected, r.ingested_at])).toEqual([
      ['incident.csv', 0.96, 3, 3, 0, '2024-04-01 09:00'], // 0.956 → 0.96; ingested first
      ['change.csv', 0.8, 2, 1, 1, '2024-04-01 09:01'], // the folder cut at the last backslash
    ]);
  });

  it('coverage: records per table and tickets per kind, the most first; the opened span leaves out a ticket without an opened time', async () => {
    const rows = await store.all<Record<string, unknown>>(sqlOf(SQL, 'coverage'));
    expect(rows).toEqual([
      // 3 incidents (T3 has no opened time), 2 interactions, 1 service request
      { table: 'incidents', records: 3, first: '2024-01-31', last: '2024-03-05' },
      { table: 'interactions', records: 2, first: '2023-12-01', last: '2024-04-01' },
      { table: 'service requests', records: 1, first: '2024-02-01', last: '2024-02-01' },
      { table: 'changes', records: 1, first: '2024-02-10', last: '2024-02-10' },
      { table: 'problems', records: 0, first: null, last: null },
      { table: 'assets', records: 2, first: null, last: null },
    ]);
  });
});
