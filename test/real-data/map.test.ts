/**
 * `itsm-lens map` on the ServiceNow audit log (UCI 498) as if no adapter knew it (issue 17.4): the draft,
 * ingested without edits, gives the README's reference figures (20,769 incidents, SLA 12,595 met, median
 * 24.6 h over 19,351 resolved) and the same KPIs as the built-in ServiceNow adapter.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftMapping } from '../../src/ingest/draft-mapping.js';
import { sniffFile } from '../../src/ingest/sniff.js';
import { detect } from '../../src/ingest/detect.js';
import { resolveColumns } from '../../src/ingest/compile.js';
import { uniqueColumnNames } from '../../src/ingest/headers.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { realDataJson } from '../shared-databases.js';
import { cli, kpiJson, SHARED_DATA, tempDir, writeFixture } from '../helpers.js';

const source = join(SHARED_DATA, 'servicenow-uci', 'incident_event_log.csv.gz');
const present = existsSync(source);
const dir = tempDir('itsm-lens-map-real-');

// the KPIs the built-in adapter computes on this export (n > 0), all of which the draft must match
const AGREE = ['fcr', 'group_hops', 'knowledge_use_rate', 'major_incidents', 'mtta', 'mttr', 'mttr_net_of_hold', 'reassignment_rate', 'reopen_rate', 'self_service_rate', 'sla_attainment', 'time_on_hold', 'time_to_close', 'volume'];

describe.skipIf(!present)('map on the ServiceNow audit log, then ingest with the draft', () => {
  it('drafts an event-log mapping that gives the reference figures and the built-in adapter\'s KPIs', async () => {
    const draft = await draftMapping(source);
    const doc = parse(draft.yaml);
    expect(doc.object).toBe('event_log');
    expect(doc.event_log).toEqual({ seq: 'sys_mod_count', time: 'sys_updated_at', actor: 'sys_updated_by' });
    expect(doc.null_values).toEqual(['?']);
    expect(draft.yaml).toMatch(/opened_at: "opened_at"\s+# .*dates %d\/%m\/%Y %H:%M/);
    // each field the built-in adapter fills from a column, the draft fills from the same column (kind: a constant)
    const head = await sniffFile(source);
    const { mapping } = detect(source, head.header, head.sample, ADAPTERS);
    const builtIn = Object.entries(mapping.fields).flatMap(([field, rule]) => resolveColumns(rule, uniqueColumnNames(head.header)).slice(0, 1).map((column) => ({ field, column })));
    expect(builtIn).toHaveLength(29);
    const same = builtIn.filter((m) => draft.fields[m.field]?.column === m.column).map((m) => m.field);
    expect(builtIn.map((m) => m.field).filter((f) => !same.includes(f))).toEqual(['kind']);
    expect(draft.fields.kind).toMatchObject({ value: 'incident' });

    const yaml = writeFixture(dir, 'draft.yaml', draft.yaml);
    const db = join(dir, 'draft.duckdb');
    const r = cli(['ingest', '--db', db, source, '--mapping', yaml]);
    expect(r.code, r.stderr).toBe(0);
    const k = kpiJson(db);
    expect(k.counts.incidents).toBe(20769);
    expect(k.kpis.sla_attainment).toMatchObject({ n: 20769, met: 12595 });
    expect(k.kpis.mttr).toMatchObject({ n: 19351 });
    expect(Math.abs(k.kpis.mttr.median - 24.6)).toBeLessThanOrEqual(0.1);

    // `kpi --json` of the plain ingest (realDataCli: run once per `vitest run`, other real-data files read it too)
    const ref = await realDataJson<any>('servicenow-uci', ['kpi', '--json']);
    expect(k.counts).toEqual(ref.counts);
    const withData = Object.keys(ref.kpis).filter((id) => (ref.kpis[id].n ?? 0) > 0).sort();
    expect(withData).toEqual(AGREE);
    const pick = (x: any) => ({ value: x?.value, n: x?.n, median: x?.median, mean: x?.mean, met: x?.met });
    for (const id of AGREE) expect(pick(k.kpis[id]), id).toEqual(pick(ref.kpis[id]));
  }, 600_000);
});
