/**
 * The major-incident marks of Freshservice (`Major incident type`) and TOPdesk (`majorCall`), on exports derived
 * at test time from the committed generator fixtures (whose marks follow priority 1, so they alone could not
 * tell the mark from the priority rule). The derivation overrides the priority both ways:
 * - Freshservice: an Urgent ticket with Ticket Id % 3 = 0 gets `None` (not major), % 3 = 1 an empty cell (the
 *   priority rule decides: major), % 3 = 2 keeps `Service outage`; a Medium ticket with Ticket Id % 50 = 0 gets
 *   `Security breach` (major at priority 3).
 * - TOPdesk: a P1 incident whose number ends in a multiple of 3 gets majorCall false (not major), one ending in
 *   1 mod 3 an empty cell (priority rule: major); a P3 one ending in 0 mod 50 gets true.
 * Expected counts come from plain SQL over the derived file (its own columns, not the adapter's mapping).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { openStore, ROOT, tempDir, writeFixture } from '../helpers.js';

const ALL = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

describe('major-incident marks of Freshservice and TOPdesk', () => {
  it('Freshservice: a chosen Major incident type marks a major incident at any priority, None does not, empty falls back to priority', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const file = join(dir, 'freshservice_tickets.csv');
    const src = join(ROOT, 'fixtures/freshservice/freshservice_tickets.csv');
    await store.run(`COPY (SELECT * REPLACE (CASE
        WHEN "Priority" = 'Urgent' AND CAST("Ticket Id" AS INTEGER) % 3 = 0 THEN 'None'
        WHEN "Priority" = 'Urgent' AND CAST("Ticket Id" AS INTEGER) % 3 = 1 THEN NULL
        WHEN "Priority" = 'Medium' AND CAST("Ticket Id" AS INTEGER) % 50 = 0 THEN 'Security breach'
        ELSE "Major incident type" END AS "Major incident type")
      FROM read_csv('${src}', all_varchar = true, header = true)) TO '${file}' (HEADER, DELIMITER ',')`);
    const [truth] = await store.all<any>(`SELECT
        count(*) FILTER (WHERE "Type" = 'Incident' AND (lower("Major incident type") NOT IN ('none') OR ("Major incident type" IS NULL AND "Priority" = 'Urgent')))::INTEGER AS major,
        count(*) FILTER (WHERE "Type" = 'Incident' AND "Major incident type" IS NOT NULL AND lower("Major incident type") <> 'none')::INTEGER AS marked_major,
        count(*) FILTER (WHERE "Type" = 'Incident' AND "Major incident type" = 'Security breach')::INTEGER AS at_p3,
        count(*) FILTER (WHERE "Type" = 'Incident' AND "Major incident type" = 'None')::INTEGER AS vetoed,
        count(*) FILTER (WHERE "Major incident type" IS NOT NULL)::INTEGER AS with_type
      FROM read_csv('${file}', all_varchar = true, header = true)`);
    // the derivation bit both ways (else the test could not fail on a mapping that ignored the column)
    expect(truth.at_p3).toBeGreaterThan(0);
    expect(truth.vetoed).toBeGreaterThan(0);
    const [s] = await ingestPaths(store, { paths: [file] });
    expect(s).toMatchObject({ tool: 'freshservice', rows_rejected: 0 });
    const marks = await store.all<any>(`SELECT major_incident_raw AS raw, major_incident AS mark, count(*)::INTEGER AS n FROM ticket GROUP BY ALL ORDER BY raw NULLS FIRST`);
    expect(marks.map((m) => [m.raw, m.mark])).toEqual([[null, null], ['None', false], ['Security breach', true], ['Service outage', true]]);
    expect(marks.reduce((a, m) => a + (m.raw === null ? 0 : m.n), 0)).toBe(truth.with_type);
    const k = (await computeKpis(store, ALL)) as any;
    expect(k.kpis.major_incidents).toMatchObject({ value: truth.major, marked_by_tool: truth.marked_major });
    store.close();
  });

  it('Freshservice API JSON: custom_fields.major_incident_type is read the same way (null = the priority rule)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const ticket = (id: number, priority: number, type: string | null) => ({
      id, subject: `t${id}`, type: 'Incident', status: 2, priority, source: 2, urgency: 1, impact: 1, group_id: 5, responder_id: 7, requester_id: 9,
      created_at: '2025-03-03T10:00:00Z', updated_at: '2025-03-03T12:00:00Z', due_by: '2025-03-04T10:00:00Z', fr_due_by: '2025-03-03T11:00:00Z',
      fr_escalated: false, is_escalated: false, item_category: null, sub_category: null, category: 'Software',
      custom_fields: { major_incident_type: type, business_impact: null, impacted_locations: null, no_of_customers_impacted: null },
    });
    // API priority 4 = Urgent (level 1), 1 = Low (level 4)
    const file = writeFixture(dir, 'tickets.json', JSON.stringify({ tickets: [ticket(101, 1, 'Service outage'), ticket(102, 4, null), ticket(103, 4, 'None'), ticket(104, 1, null)] }));
    const [s] = await ingestPaths(store, { paths: [file] });
    expect(s).toMatchObject({ tool: 'freshservice', rows_loaded: 4, rows_rejected: 0 });
    expect(await store.all(`SELECT source_id, priority, major_incident, major_incident_raw FROM ticket ORDER BY 1`)).toEqual([
      { source_id: '101', priority: 4, major_incident: true, major_incident_raw: 'Service outage' },
      { source_id: '102', priority: 1, major_incident: null, major_incident_raw: null },
      { source_id: '103', priority: 1, major_incident: false, major_incident_raw: 'None' },
      { source_id: '104', priority: 4, major_incident: null, major_incident_raw: null },
    ]);
    // major: 101 (marked, at priority 4) and 102 (no mark, priority 1); 103 is vetoed, 104 neither
    const k = (await computeKpis(store, ALL)) as any;
    expect(k.kpis.major_incidents).toMatchObject({ value: 2, marked_by_tool: 1 });
    store.close();
  });

  it('TOPdesk: majorCall true marks a major incident at any priority, false does not, empty falls back to priority', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const file = join(dir, 'topdesk_incidents.csv');
    const src = join(ROOT, 'fixtures/topdesk/topdesk_incidents.csv');
    const tail = `CAST(right("number", 4) AS INTEGER)`;
    await store.run(`COPY (SELECT * REPLACE (CASE
        WHEN "priority.name" = 'P1' AND ${tail} % 3 = 0 THEN 'false'
        WHEN "priority.name" = 'P1' AND ${tail} % 3 = 1 THEN NULL
        WHEN "priority.name" = 'P3' AND ${tail} % 50 = 0 THEN 'true'
        ELSE "majorCall" END AS "majorCall")
      FROM read_csv('${src}', all_varchar = true, header = true)) TO '${file}' (HEADER, DELIMITER ',')`);
    const [truth] = await store.all<any>(`SELECT
        count(*) FILTER (WHERE "callType.name" = 'Incident' AND ("majorCall" = 'true' OR ("majorCall" IS NULL AND "priority.name" = 'P1')))::INTEGER AS major,
        count(*) FILTER (WHERE "callType.name" = 'Incident' AND "majorCall" = 'true')::INTEGER AS marked_major,
        count(*) FILTER (WHERE "callType.name" = 'Incident' AND "majorCall" = 'true' AND "priority.name" = 'P3')::INTEGER AS at_p3,
        count(*) FILTER (WHERE "callType.name" = 'Incident' AND "majorCall" = 'false' AND "priority.name" = 'P1')::INTEGER AS vetoed
      FROM read_csv('${file}', all_varchar = true, header = true)`);
    expect(truth.at_p3).toBeGreaterThan(0);
    expect(truth.vetoed).toBeGreaterThan(0);
    const [s] = await ingestPaths(store, { paths: [file] });
    expect(s).toMatchObject({ tool: 'topdesk', rows_rejected: 0 });
    const marks = await store.all<any>(`SELECT DISTINCT major_incident_raw AS raw, major_incident AS mark FROM ticket ORDER BY raw NULLS FIRST`);
    expect(marks).toEqual([{ raw: null, mark: null }, { raw: 'false', mark: false }, { raw: 'true', mark: true }]);
    const k = (await computeKpis(store, ALL)) as any;
    expect(k.kpis.major_incidents).toMatchObject({ value: truth.major, marked_by_tool: truth.marked_major });
    expect(k.kpis.major_incidents.rule).toContain('TOPdesk majorCall');
    store.close();
  });
});
