/**
 * Real export samples of ../shared/data/format-samples that are CSV (the JSON ones wait for the JSON reader):
 * the Zendesk ticket export subset (Excel round-tripped: DD-MM-YYYY HH:MM, ids in scientific notation) and
 * the ManageEngine SDP request header (header only, no rows). Skips where ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, SHARED_DATA, tempDir } from '../helpers.js';

const SAMPLES = join(SHARED_DATA, 'format-samples');
const present = existsSync(SAMPLES);
if (!present) console.warn(`\n[real-data] SKIPPED: ${SAMPLES} not found; the format-sample suite runs where ../shared/data exists (CI).\n`);

describe.skipIf(!present)('real format samples: Zendesk and ServiceDesk Plus', () => {
  it('recognises the Zendesk ticket export subset and reads its three tickets', async () => {
    const store = await openStore(tempDir());
    const [s] = await ingestPaths(store, { paths: [join(SAMPLES, 'zendesk', 'zendesk_ticket_csv_export_subset.csv')] });
    expect(s).toMatchObject({ tool: 'zendesk', object: 'ticket', source_table: 'tickets', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(s!.date_formats['Created at']).toBe('%d-%m-%Y %H:%M');
    expect(s!.confidence).toBeGreaterThan(0.9);
    const rows = await store.all(`SELECT source_id, kind, status, priority, channel, reopen_count, assignment_group,
      strftime(opened_at, '%Y-%m-%d %H:%M') AS opened, strftime(resolved_at, '%Y-%m-%d %H:%M') AS solved FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '297732', kind: 'incident', status: 'resolved', priority: 4, channel: 'email', reopen_count: 11, assignment_group: 'Support', opened: '2023-04-08 20:52', solved: '2023-06-14 16:30' },
      { source_id: '301553', kind: 'incident', status: 'resolved', priority: 4, channel: 'email', reopen_count: 9, assignment_group: 'Support', opened: '2023-04-13 11:03', solved: '2023-06-15 20:55' },
      { source_id: '327745', kind: 'incident', status: 'resolved', priority: 4, channel: 'email', reopen_count: 9, assignment_group: 'Support', opened: '2023-05-14 11:54', solved: '2023-06-07 17:55' },
    ]);
    store.close();
  });

  it('recognises the reconstructed SDP request header as a ServiceDesk Plus request export', async () => {
    const store = await openStore(tempDir());
    const [s] = await ingestPaths(store, { paths: [join(SAMPLES, 'manageengine_sdp', 'sdp_request_header_reconstructed.csv')] });
    expect(s).toMatchObject({ tool: 'sdp', object: 'ticket', source_table: 'requests', rows_read: 0, rows_loaded: 0 });
    expect(s!.confidence).toBeGreaterThan(0.9);
    store.close();
  });

  it('leaves the other CSV samples (ServiceNow event log, Jira JSM export) to their own tools', async () => {
    const store = await openStore(tempDir());
    const summaries = await ingestPaths(store, {
      paths: [join(SAMPLES, 'servicenow', 'incident_event_log.head.csv'), join(SAMPLES, 'jira', 'jira_cloud_jsm_all_fields.head.csv')],
    });
    expect(summaries.map((x) => x.tool)).toEqual(['servicenow', 'jira']);
    store.close();
  });
});
