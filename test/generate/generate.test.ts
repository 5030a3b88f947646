import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generate, type GenerateResult } from '../../src/generate/index.js';
import { FORMATS, resolveOptions } from '../../src/generate/options.js';
import { FIXTURE_OPTIONS } from '../../src/generate/fixtures.js';
import { HPSM_CHANGE_HEADER, HPSM_INCIDENT_HEADER, HPSM_INTERACTION_HEADER, JIRA_HEADER } from '../../src/generate/writers.js';
import { UserError } from '../../src/errors.js';

const SN_HEADERS: Record<string, string> = {
  'incident.csv':
    'number,short_description,description,state,priority,impact,urgency,category,subcategory,business_service,cmdb_ci,assignment_group,assigned_to,caller_id,opened_by,location,contact_type,opened_at,resolved_at,closed_at,sys_updated_on,made_sla,reassignment_count,reopen_count,close_code,problem_id,rfc,caused_by,resolved_by,sys_id',
  'sc_req_item.csv': 'number,short_description,state,priority,cat_item,assignment_group,assigned_to,requested_for,opened_at,closed_at,made_sla,sys_id',
  'change_request.csv':
    'number,short_description,type,state,risk,priority,approval,close_code,category,cmdb_ci,business_service,assignment_group,assigned_to,requested_by,opened_at,closed_at,start_date,end_date,work_start,work_end,sys_id',
  'problem.csv': 'number,short_description,state,priority,known_error,cmdb_ci,assignment_group,assigned_to,cause_notes,workaround,rfc,opened_at,resolved_at,closed_at,sys_id',
  'alm_hardware.csv':
    'asset_tag,display_name,serial_number,model_category,model,install_status,assigned_to,owned_by,department,location,cost,purchased_on,warranty_expiration,ci,sys_updated_on',
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'itsm-gen-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f));
  return out;
}
function csv(buf: Buffer, delimiter = ','): Record<string, string>[] {
  return parse(buf.toString('utf8'), { columns: true, delimiter });
}
const snDate = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;

// Each format generated once with the committed fixtures' options (2,000 tickets, seed 42, 12 months): the
// fixture comparison below needs that generation anyway, and the tests of one format's layout and figures only
// read the files, so they read the same ones (a generation costs 0.6–2.6 CPU-s; 22 of them are most of this file).
const generated = new Map<string, Promise<GenerateResult>>();
function fresh(format: (typeof FORMATS)[number]): Promise<GenerateResult> {
  let p = generated.get(format);
  if (!p) generated.set(format, (p = generate({ ...FIXTURE_OPTIONS, format, out: join(root, `fx-${format}`) })));
  return p;
}

describe('generate: determinism', () => {
  it('same seed gives byte-identical files, a different seed differs', async () => {
    const a = await fresh('servicenow');
    const b = await generate({ ...FIXTURE_OPTIONS, out: join(root, 'b') });
    const c = await generate({ ...FIXTURE_OPTIONS, out: join(root, 'c'), seed: FIXTURE_OPTIONS.seed! + 1 });
    expect(b.options.seed).toBe(a.options.seed);
    expect(c.options.seed).not.toBe(a.options.seed);
    const fa = await filesOf(a.outDir);
    const fb = await filesOf(b.outDir);
    const fc = await filesOf(c.outDir);
    expect(Object.keys(fa)).toEqual([...Object.keys(SN_HEADERS), 'truth.json'].sort());
    for (const k of Object.keys(fa)) expect(fa[k]!.equals(fb[k]!), k).toBe(true);
    for (const k of Object.keys(SN_HEADERS)) expect(fa[k]!.equals(fc[k]!), k).toBe(false);
  });
});

describe('generate: servicenow', () => {
  let res: GenerateResult;
  let inc: Record<string, string>[];
  beforeAll(async () => {
    res = await fresh('servicenow');
    inc = csv(await readFile(join(res.outDir, 'incident.csv')));
  });

  it('writes exactly the ServiceNow headers', async () => {
    for (const [f, h] of Object.entries(SN_HEADERS)) {
      const text = await readFile(join(res.outDir, f), 'utf8');
      expect(text.slice(0, text.indexOf('\n')), f).toBe(h);
    }
  });

  it('counts in truth.json equal the data rows written, and months sum to totals', async () => {
    const t = res.truth;
    expect(inc.length).toBe(t.counts.incidents);
    expect(csv(await readFile(join(res.outDir, 'sc_req_item.csv'))).length).toBe(t.counts.service_requests);
    expect(csv(await readFile(join(res.outDir, 'change_request.csv'))).length).toBe(t.counts.changes);
    expect(csv(await readFile(join(res.outDir, 'problem.csv'))).length).toBe(t.counts.problems);
    expect(csv(await readFile(join(res.outDir, 'alm_hardware.csv'))).length).toBe(t.counts.assets);
    const months = Object.values(t.by_month);
    const sum = (k: 'incidents' | 'service_requests' | 'changes' | 'problems') => months.reduce((s, m) => s + (m.counts[k] ?? 0), 0);
    expect(sum('incidents')).toBe(t.counts.incidents);
    expect(sum('service_requests')).toBe(t.counts.service_requests);
    expect(sum('changes')).toBe(t.counts.changes);
    expect(sum('problems')).toBe(t.counts.problems);
    expect(months.reduce((s, m) => s + (m.kpis.mttr?.n ?? 0), 0)).toBe(t.kpis.mttr.n);
    expect(months.reduce((s, m) => s + (m.kpis.sla_attainment?.n ?? 0), 0)).toBe(t.kpis.sla_attainment.n);
  });

  it('KPIs in truth.json match the written incident file', () => {
    const t = res.truth;
    const resolved = inc.filter((r) => r.resolved_at);
    const hours = resolved.map((r) => (snDate(r.resolved_at!) - snDate(r.opened_at!)) / 3600).sort((x, y) => x - y);
    expect(hours.length).toBe(t.kpis.mttr.n);
    expect(hours.reduce((s, h) => s + h, 0) / hours.length).toBeCloseTo(t.kpis.mttr.mean!, 9);
    const q = (p: number) => {
      const pos = (hours.length - 1) * p;
      const lo = Math.floor(pos);
      return hours[lo]! + (pos - lo) * ((hours[lo + 1] ?? hours[lo]!) - hours[lo]!);
    };
    expect(q(0.5)).toBeCloseTo(t.kpis.mttr.median!, 9);
    expect(q(0.9)).toBeCloseTo(t.kpis.mttr.p90!, 9);
    expect(inc.filter((r) => r.made_sla === 'true').length).toBe(t.kpis.sla_attainment.met);
    expect(resolved.filter((r) => r.reassignment_count === '0' && r.reopen_count === '0').length).toBe(t.kpis.fcr.met);
    expect(resolved.filter((r) => Number(r.reopen_count) > 0).length).toBe(t.kpis.reopen_rate.met);
    // made_sla agrees with the stated policy
    const policy = (t.policy as { sla_resolution_hours_by_priority: Record<string, number> }).sla_resolution_hours_by_priority;
    for (const r of resolved.slice(0, 500)) {
      const h = (snDate(r.resolved_at!) - snDate(r.opened_at!)) / 3600;
      expect(r.made_sla, r.number).toBe(String(h <= policy[r.priority!.slice(0, 1)]!));
    }
  });

  it('vocabularies are the ServiceNow ones', () => {
    const vals = (k: string) => new Set(inc.map((r) => r[k]));
    for (const v of vals('state')) expect(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled']).toContain(v);
    for (const v of vals('priority')) expect(['1 - Critical', '2 - High', '3 - Moderate', '4 - Low']).toContain(v);
    for (const v of vals('contact_type')) expect(['Phone', 'Email', 'Self-service', 'Walk-in', 'Chat', 'Monitoring']).toContain(v);
    for (const v of vals('made_sla')) expect(['true', 'false']).toContain(v);
    expect(vals('state').has('In Progress')).toBe(true); // open backlog at the end
    expect(inc[0]!.number).toBe('INC0000001');
    expect(inc.at(-1)!.number).toBe(`INC${String(inc.length).padStart(7, '0')}`);
  });

  it('planted clusters, links and figures are consistent with the files', async () => {
    const t = res.truth;
    const byNo = new Map(inc.map((r) => [r.number!, r]));
    const clusters = t.planted.clusters as { id: string; member_ids: string[]; size: number; distinct_descriptions: number }[];
    expect(clusters.length).toBeGreaterThanOrEqual(3);
    for (const c of clusters) {
      expect(c.member_ids.length).toBe(c.size);
      expect(c.distinct_descriptions).toBeGreaterThan(4);
      for (const id of c.member_ids) expect(byNo.has(id), id).toBe(true);
    }
    const changes = new Map(csv(await readFile(join(res.outDir, 'change_request.csv'))).map((r) => [r.number!, r]));
    const caused = inc.filter((r) => r.caused_by);
    expect(caused.length).toBe(t.links.incidents_caused_by_change);
    expect(caused.length).toBeGreaterThan(0);
    for (const r of caused) {
      const ch = changes.get(r.caused_by!)!;
      expect(ch, r.caused_by).toBeDefined();
      expect(ch.cmdb_ci).toBe(r.cmdb_ci);
      const gap = snDate(r.opened_at!) - snDate(ch.work_end!);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThanOrEqual(7 * 86400);
    }
    const assets = new Set(csv(await readFile(join(res.outDir, 'alm_hardware.csv'))).map((r) => r.ci));
    for (const r of inc) if (r.cmdb_ci) expect(assets.has(r.cmdb_ci), r.cmdb_ci).toBe(true);
    const drop = t.planted.sla_drop as { month: string; value: number; drop: number };
    expect(drop.drop).toBeGreaterThan(0.1);
    expect(t.by_month[drop.month]!.kpis.sla_attainment!.value).toBe(drop.value);
    const slow = t.planted.slow_group as { median_ratio: number };
    expect(slow.median_ratio).toBeGreaterThan(2);
    const trend = t.planted.trending_category as { slope_per_month: number };
    expect(trend.slope_per_month).toBeGreaterThan(0);
    const onDisk = JSON.parse(await readFile(res.truthPath, 'utf8'));
    expect(onDisk.counts).toEqual(t.counts);
    expect(onDisk.null).toBe(false);
  });
});

describe('generate: --null', () => {
  it('plants nothing', async () => {
    const res = await generate({ out: join(root, 'null'), tickets: 2000, seed: 3, null: true });
    expect(res.truth.null).toBe(true);
    expect(res.truth.planted).toEqual({ clusters: [], sla_drop: null, slow_group: null, trending_category: null });
    const inc = csv(await readFile(join(res.outDir, 'incident.csv')));
    // none of the planted clusters' wording appears (host names such as vpn-gw-01 aside)
    expect(inc.filter((r) => /\bvpn\b(?!-gw)|outlook|\bsap\b(?!-prd)|disk|drucker|printer/i.test(r.short_description!)).length).toBe(0);
  });
});

describe('generate: jira', () => {
  it('one Jira CSV with the export header, all issue types, Jira dates and signed SLA times', async () => {
    const res = await fresh('jira');
    const text = await readFile(join(res.outDir, 'Jira.csv'), 'utf8');
    expect(text.slice(0, text.indexOf('\n'))).toBe(JIRA_HEADER.join(','));
    const rows: string[][] = parse(text, { from_line: 2 });
    const t = res.truth;
    const type = (k: string) => rows.filter((r) => r[3] === k);
    expect(type('Incident').length).toBe(t.counts.incidents);
    expect(type('Service request').length).toBe(t.counts.service_requests);
    expect(type('Change').length).toBe(t.counts.changes);
    expect(type('Problem').length).toBe(t.counts.problems);
    for (const r of rows.slice(0, 200)) expect(r[11]).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{2} \d{1,2}:\d{2} [AP]M$/);
    const incs = type('Incident');
    expect(incs.filter((r) => r[20] && !r[20].startsWith('-')).length).toBe(t.kpis.sla_attainment.met);
    for (const r of incs) expect(r[20]).toMatch(/^-?\d+:\d{2}$/);
    expect(incs.filter((r) => r[13]).length).toBe(t.kpis.mttr.n);
    expect(t.kpis.fcr.value).toBeNull();
    const ids = new Set(incs.map((r) => r[1]));
    for (const c of t.planted.clusters as { member_ids: string[] }[]) for (const id of c.member_ids) expect(ids.has(id)).toBe(true);
  });
});

describe('generate: hpsm', () => {
  it('BPI 2014 layouts: headers, ; and CRLF, 78 incident fields, FCR and links', async () => {
    const res = await fresh('hpsm');
    const t = res.truth;
    const read = async (f: string) => (await readFile(join(res.outDir, f))).toString('latin1');
    const incT = await read('Detail Incident.csv');
    const intT = await read('Detail Interaction.csv');
    const chgT = await read('Detail Change.csv');
    expect(incT.slice(0, incT.indexOf('\r\n'))).toBe(HPSM_INCIDENT_HEADER);
    expect(intT.slice(0, intT.indexOf('\r\n'))).toBe(HPSM_INTERACTION_HEADER);
    expect(chgT.slice(0, chgT.indexOf('\r\n'))).toBe(HPSM_CHANGE_HEADER);
    for (const tx of [incT, intT, chgT]) expect(tx.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(incT.includes('"#MULTIVALUE"')).toBe(false);
    const inc: string[][] = parse(incT, { delimiter: ';', from_line: 2 });
    const int: string[][] = parse(intT, { delimiter: ';', from_line: 2 });
    const chg: string[][] = parse(chgT, { delimiter: ';', from_line: 2 });
    expect(inc.every((r) => r.length === 78)).toBe(true);
    expect(inc.length).toBe(t.counts.incidents);
    expect(int.length).toBe(t.counts.interactions);
    expect(new Set(chg.map((r) => r[4])).size).toBe(t.counts.changes);
    expect(chg.length).toBeGreaterThan(t.counts.changes); // several CIs per change
    expect(int.filter((r) => r[14] === 'Y').length).toBe(t.kpis.fcr.met);
    expect(inc.filter((r) => r[15]).length).toBe(t.kpis.mttr.n);
    expect(inc.filter((r) => r[15] && r[14]).length).toBe(t.kpis.reopen_rate.met);
    expect(inc[0]![13]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(int[0]![11]).toMatch(/^\d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}$/);
    expect(inc.some((r) => /^\d+,\d+$/.test(r[17]!))).toBe(true);
    // every interaction without FCR names an incident that lists it
    const incIds = new Map(inc.map((r) => [r[4]!, r]));
    for (const r of int.filter((x) => x[14] === 'N').slice(0, 300)) {
      const i = incIds.get(r[16]!);
      expect(i, r[16]).toBeDefined();
      expect(i![20] === r[4] || i![20] === '#MULTIVALUE').toBe(true);
    }
  });
});

describe('generate: options', () => {
  it('rejects bad arguments with a UserError', () => {
    expect(() => resolveOptions({ out: 'x', tickets: -5 })).toThrow(UserError);
    expect(() => resolveOptions({ out: 'x', start: '2025-13' })).toThrow(UserError);
    expect(() => resolveOptions({ out: 'x', format: 'bmc' as never })).toThrow(UserError);
    expect(() => resolveOptions({ out: '' })).toThrow(UserError);
    const o = resolveOptions({ out: 'x' });
    expect([o.tickets, o.changes, o.problems, o.assets, o.months, o.start, o.format, o.seed]).toEqual([5000, 500, 50, 250, 12, '2025-01', 'servicenow', 1]);
  });
});

describe('committed fixtures', () => {
  it.each(FORMATS)('fixtures/%s is what the generator writes (regenerate: node dist/generate/fixtures.js)', async (format) => {
    const dir = join('fixtures', format);
    // a committed fixture that went missing is a failure, not a pass: every format has one
    expect(existsSync(dir), `${dir} is missing (regenerate: node dist/generate/fixtures.js)`).toBe(true);
    const res = await fresh(format);
    const files = await filesOf(res.outDir);
    const committed = await filesOf(dir);
    expect(Object.keys(committed)).toEqual(Object.keys(files));
    for (const k of Object.keys(files)) {
      if (k === 'truth.json') continue; // truth.json holds no paths, but compare its figures below
      expect(committed[k]!.equals(files[k]!), k).toBe(true);
    }
    const a = JSON.parse(committed['truth.json']!.toString());
    const b = JSON.parse(files['truth.json']!.toString());
    expect(a).toEqual(b);
  });
});
