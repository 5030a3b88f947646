import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFieldFill } from '../../src/coverage/index.js';
import type { Store } from '../../src/store/db.js';
import { storeWith } from '../queries/harness.js';

// src/coverage/coverage-fields.sql: per kind (and '*'), how many tickets carry each canonical field. Canonical
// fields are the ticket columns less the key, the provenance (file_id, source_row, source_tool, source_table),
// the export's raw text (`*_raw`), `extra` and `kind` itself.
describe('coverage-fields.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'I1', kind: 'incident', opened_at: '2025-01-01 00:00:00', title: 'Printer', priority: 1 },
        { source_id: 'I2', kind: 'incident', opened_at: '2025-01-02 00:00:00', title: '', priority: 2 }, // '' is a value
        { source_id: 'I3', kind: 'incident', opened_at: '2025-01-03 00:00:00', title: null, priority: 3 },
        { source_id: 'R1', kind: 'service_request', title: 'Laptop', assignment_group: 'Desk' },
      ],
    });
  });
  afterAll(() => store.close());

  it('counts the records with a value in each field, per kind and together', async () => {
    const rows = await loadFieldFill(store);
    const fill = (kind: string, field: string) => rows.find((r) => r.kind === kind && r.field === field);
    // title: I1 and I2 ('' is not NULL) of 3 incidents; R1 of 1 request; 3 of 4 together
    expect(fill('incident', 'title')).toEqual({ kind: 'incident', field: 'title', records: 3, filled: 2 });
    expect(fill('service_request', 'title')).toEqual({ kind: 'service_request', field: 'title', records: 1, filled: 1 });
    expect(fill('*', 'title')).toEqual({ kind: '*', field: 'title', records: 4, filled: 3 });
    expect(fill('incident', 'priority')).toMatchObject({ records: 3, filled: 3 });
    expect(fill('*', 'opened_at')).toMatchObject({ records: 4, filled: 3 });
    expect(fill('*', 'assignment_group')).toMatchObject({ records: 4, filled: 1 });
    expect(fill('*', 'source_id')).toMatchObject({ records: 4, filled: 4 });
  });

  it('lists every canonical ticket column and nothing of the provenance, raw text or extra', async () => {
    const rows = await loadFieldFill(store);
    const fields = new Set(rows.filter((r) => r.kind === '*').map((r) => r.field));
    // independent of the query: the table's own columns from the catalogue, less what the header excludes
    const columns = (await store.all<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'ticket'`)).map((c) => c.name);
    const canonical = columns.filter((c) => !c.endsWith('_raw') && !['ticket_key', 'file_id', 'source_row', 'source_tool', 'source_table', 'extra', 'kind'].includes(c));
    expect(columns.some((c) => c.endsWith('_raw'))).toBe(true); // the exclusion has something to exclude
    expect([...fields].sort()).toEqual(canonical.sort());
    // one row per kind present and field: 3 kinds ('*', incident, service_request) × the canonical fields
    expect(rows).toHaveLength(3 * canonical.length);
  });
});
