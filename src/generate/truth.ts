/**
 * truth.json: the figures `itsm-lens kpi --json` must reproduce, computed in SQL from the generator's internal
 * tables (times as written: seconds, or minutes for formats that write minutes), plus what was planted.
 * Sums are taken over integer seconds (exact) so that truth.json itself is byte-stable across runs.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Plan } from './sql.js';
import { q, strList } from './sql.js';
import type { Internal } from './writers.js';
import { pathLit } from '../store/db.js';
import { hpsmIncNo, incNoSn, jiraKey } from './writers.js';
import {
  CATEGORIES, CLUSTERS, GROUP_WBS, GROUPS, REQUEST_SLA_HOURS, SLA_DROP_FACTOR, SLA_POLICY_HOURS, SLOW_FACTOR, SLOW_GROUP, TREND_CATEGORY, TREND_GROWTH,
} from './model.js';
import { POLICY_NOTE } from './sql.js';
import { FCR_DEF, TRAITS } from './formats/traits.js';

type Row = Record<string, unknown>;

export interface Mttr { unit: 'hours'; basis: 'calendar'; n: number; mean: number | null; median: number | null; p90: number | null; reason?: string }
export interface Rate { value: number | null; n: number; reason?: string; [k: string]: unknown }
export interface Kpis {
  mttr: Mttr;
  sla_attainment: Rate;
  fcr: Rate;
  reopen_rate: Rate;
  change_success_rate: Rate;
  [k: string]: unknown;
}
export interface Counts { incidents: number; service_requests: number; interactions: number; other: number; changes: number; problems: number; assets: number }
export interface Truth {
  schema: 'itsm-lens/truth@1';
  format: string;
  seed: number;
  null: boolean;
  generator: Record<string, unknown>;
  policy: Record<string, unknown>;
  period: { from: string; to: string };
  counts: Counts;
  kpis: Kpis;
  by_month: Record<string, { counts: Partial<Counts>; kpis: Partial<Kpis> }>;
  /** (Statuspage) month → service → its availability: kpi --by month,service */
  availability_by_service?: Record<string, Record<string, { value: number; value_weighted: number; down_minutes: number }>>;
  planted: Record<string, unknown>;
  links: Record<string, number>;
  definitions: Record<string, string>;
  files?: string[];
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  return Number(v);
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjectsJS() as Row[];
}

const MTTR_COLS = `count(*)::BIGINT AS n, (sum(resolved - opened)::DOUBLE / nullif(count(*), 0) / 3600) AS mean,
  quantile_cont((resolved - opened) / 3600.0, 0.5) AS median, quantile_cont((resolved - opened) / 3600.0, 0.9) AS p90`;
const month = (x: string) => `strftime(ts(${x}), '%Y-%m')`;

/** Least squares y = a + b x (in JS: DuckDB's parallel float aggregates are not bit-stable). */
function ols(pts: [number, number][]): { slope: number | null; intercept: number | null; r: number | null } {
  const n = pts.length;
  if (n < 2) return { slope: null, intercept: null, r: null };
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : null;
  return { slope, intercept: slope === null ? null : my - slope * mx, r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null };
}

function rate(met: unknown, n: unknown, extra: Record<string, unknown> = {}): Rate {
  const nn = num(n) ?? 0;
  const mm = num(met) ?? 0;
  return { value: nn > 0 ? mm / nn : null, n: nn, met: mm, ...extra, ...(nn > 0 ? {} : { reason: 'no rows in the denominator' }) };
}
const nullRate = (reason: string, extra: Record<string, unknown> = {}): Rate => ({ value: null, n: 0, reason, ...extra });
function mttrOf(r: Row | undefined): Mttr {
  return { unit: 'hours', basis: 'calendar', n: num(r?.n) ?? 0, mean: num(r?.mean), median: num(r?.median), p90: num(r?.p90) };
}

export async function computeTruth(conn: DuckDBConnection, p: Plan, x: Internal): Promise<Truth> {
  const o = p.o;
  const f = o.format;
  const tk = `read_parquet(${pathLit(x.tk)})`;
  const inc = `(SELECT * FROM ${tk} WHERE kind = 'incident')`;
  const chg = `read_parquet(${pathLit(x.chg)})`;
  const prb = `read_parquet(${pathLit(x.prb)})`;
  const it = `read_parquet(${pathLit(x.int)})`;
  const traits = TRAITS[f];
  const idExpr = traits ? traits.ticketId('i') : f === 'servicenow' ? incNoSn('i') : f === 'jira' ? jiraKey('i') : hpsmIncNo('i');

  // ---------------- totals
  const [c] = await rows(conn, `SELECT
      count(*) FILTER (WHERE kind = 'incident')::BIGINT AS incidents,
      count(*) FILTER (WHERE kind = 'service_request')::BIGINT AS service_requests,
      count(*) FILTER (WHERE kind = 'incident' AND caused_chg IS NOT NULL)::BIGINT AS caused,
      count(*) FILTER (WHERE kind = 'incident' AND problem IS NOT NULL)::BIGINT AS with_problem,
      count(*) FILTER (WHERE kind = 'incident' AND rfc_chg IS NOT NULL)::BIGINT AS with_rfc
    FROM ${tk}`);
  const [cc] = await rows(conn, `SELECT count(*)::BIGINT AS n FROM ${chg}`);
  const [pc] = await rows(conn, `SELECT count(*)::BIGINT AS n FROM ${prb}`);
  const nInt = f === 'hpsm' ? num((await rows(conn, `SELECT count(*)::BIGINT AS n FROM ${it}`))[0]?.n) ?? 0 : 0;
  const counts: Counts = {
    incidents: num(c?.incidents) ?? 0,
    service_requests: num(c?.service_requests) ?? 0,
    interactions: nInt,
    other: 0,
    changes: num(cc?.n) ?? 0,
    problems: f === 'hpsm' ? 0 : num(pc?.n) ?? 0,
    assets: f === 'servicenow' ? p.nAst : 0, // the added tools' writers write no asset export
  };

  // ---------------- KPI builders (same SQL for totals and per month)
  const slaSql = (where: string) => `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE made_sla)::BIGINT AS met FROM ${inc} WHERE ${where}`;
  const fcrSnSql = (where: string) => `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE reassignment_count = 0 AND reopen_count = 0)::BIGINT AS met FROM ${inc} WHERE resolved IS NOT NULL AND ${where}`;
  const fcrHpsmSql = (where: string) => `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE fcr)::BIGINT AS met FROM ${it} WHERE ${where}`;
  const reopenSql = (where: string) => `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE reopen_count > 0)::BIGINT AS met FROM ${inc} WHERE resolved IS NOT NULL AND ${where}`;
  const csrSql = (where: string) => `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE close_code = 'Successful')::BIGINT AS met FROM ${chg} WHERE close_code IS NOT NULL AND ${where}`;

  const FCR_DEF_SN = 'first-assignment resolution (P2): resolved incidents with reassignment_count = 0 and reopen_count = 0 / resolved incidents';
  const FCR_DEF_HPSM = 'share of interactions with First Call Resolution = Y';
  const CSR_DEF = "changes with close_code Successful / changes with close_code in (Successful, Successful with issues, Unsuccessful)";

  async function kpisFor(where: { opened: string; resolved: string; intClosed: string; chgEnd: string }): Promise<Kpis> {
    const [m] = await rows(conn, `SELECT ${MTTR_COLS} FROM ${inc} WHERE resolved IS NOT NULL AND ${where.resolved}`);
    const k: Kpis = {
      mttr: traits?.nullMttr ? { ...mttrOf(undefined), reason: traits.nullMttr } : mttrOf(m),
      sla_attainment: nullRate('no SLA flag in this export'),
      fcr: nullRate('no first-contact or reassignment data in this export'),
      reopen_rate: nullRate('no reopen data in this export'),
      change_success_rate: nullRate('no change outcome in this export'),
    };
    if (traits) {
      const nk = traits.nullKpis;
      if (nk.sla_attainment) k.sla_attainment = nullRate(nk.sla_attainment);
      else {
        const flag = traits.slaFlag?.(o.t1);
        const [s] = await rows(conn, flag
          ? `SELECT count(*) FILTER (WHERE ${flag} IS NOT NULL)::BIGINT AS n, count(*) FILTER (WHERE ${flag})::BIGINT AS met FROM ${inc} WHERE ${where.opened}`
          : slaSql(where.opened));
        k.sla_attainment = rate(s?.met, s?.n, { source: 'export', ...(traits.slaDefinition ? { definition: traits.slaDefinition } : {}) });
      }
      if (nk.fcr) k.fcr = nullRate(nk.fcr);
      else {
        const [r] = await rows(conn, fcrSnSql(where.resolved));
        k.fcr = rate(r?.met, r?.n, { definition: FCR_DEF });
      }
      if (nk.reopen_rate) k.reopen_rate = nullRate(nk.reopen_rate);
      else {
        const [r] = await rows(conn, reopenSql(where.resolved));
        k.reopen_rate = rate(r?.met, r?.n);
      }
      if (nk.change_success_rate || !traits.changes) k.change_success_rate = nullRate(nk.change_success_rate ?? 'the generator writes no change export for this tool');
      else {
        const [r] = await rows(conn, csrSql(where.chgEnd));
        k.change_success_rate = rate(r?.met, r?.n, { definition: CSR_DEF });
      }
      return k;
    }
    if (f !== 'hpsm') {
      const [s] = await rows(conn, slaSql(where.opened));
      k.sla_attainment = rate(s?.met, s?.n, { source: 'export' });
    } else {
      const [s] = await rows(conn, slaSql(where.opened));
      k.sla_attainment = nullRate('HP Service Manager export has no SLA flag');
      k.sla_attainment_policy = rate(s?.met, s?.n, { source: 'policy' });
    }
    if (f === 'servicenow') {
      const [r] = await rows(conn, fcrSnSql(where.resolved));
      k.fcr = rate(r?.met, r?.n, { definition: FCR_DEF_SN });
    } else if (f === 'hpsm') {
      const [r] = await rows(conn, fcrHpsmSql(where.intClosed));
      k.fcr = rate(r?.met, r?.n, { definition: FCR_DEF_HPSM });
    }
    if (f !== 'jira') {
      const [r] = await rows(conn, reopenSql(where.resolved));
      k.reopen_rate = rate(r?.met, r?.n);
    }
    if (f === 'servicenow') {
      const [r] = await rows(conn, csrSql(where.chgEnd));
      k.change_success_rate = rate(r?.met, r?.n, { definition: CSR_DEF });
    } else if (f === 'jira') {
      k.change_success_rate = nullRate('the Jira CSV has no change outcome field (Completed / Failed statuses only)');
    } else {
      k.change_success_rate = nullRate('HP Service Manager change export has no outcome field');
    }
    return k;
  }

  const kpis = await kpisFor({ opened: 'true', resolved: 'true', intClosed: 'true', chgEnd: 'true' });

  // ---------------- per month
  const monthsSet = new Set<string>();
  const mrows = await rows(conn, `SELECT DISTINCT m FROM (
      SELECT ${month('opened')} AS m FROM ${tk} UNION SELECT ${month('resolved')} FROM ${tk} WHERE resolved IS NOT NULL
      UNION SELECT ${month('opened')} FROM ${chg} UNION SELECT ${month('wend')} FROM ${chg} WHERE wend IS NOT NULL
      ${f !== 'hpsm' ? `UNION SELECT ${month('opened')} FROM ${prb}` : `UNION SELECT ${month('opened')} FROM ${it} UNION SELECT ${month('closed')} FROM ${it}`}
    ) ORDER BY m`);
  for (const r of mrows) monthsSet.add(String(r.m));
  const by_month: Truth['by_month'] = {};
  const cnt = async (sql: string) => new Map((await rows(conn, sql)).map((r) => [String(r.m), num(r.n) ?? 0]));
  const incM = await cnt(`SELECT ${month('opened')} AS m, count(*)::BIGINT AS n FROM ${tk} WHERE kind = 'incident' GROUP BY 1`);
  const reqM = await cnt(`SELECT ${month('opened')} AS m, count(*)::BIGINT AS n FROM ${tk} WHERE kind = 'service_request' GROUP BY 1`);
  const chgM = await cnt(`SELECT ${month('opened')} AS m, count(*)::BIGINT AS n FROM ${chg} GROUP BY 1`);
  const prbM = f === 'hpsm' ? new Map<string, number>() : await cnt(`SELECT ${month('opened')} AS m, count(*)::BIGINT AS n FROM ${prb} GROUP BY 1`);
  const intM = f === 'hpsm' ? await cnt(`SELECT ${month('opened')} AS m, count(*)::BIGINT AS n FROM ${it} GROUP BY 1`) : new Map<string, number>();
  for (const m of [...monthsSet].sort()) {
    const w = (col: string) => `${month(col)} = '${m}'`;
    by_month[m] = {
      counts: {
        incidents: incM.get(m) ?? 0, service_requests: reqM.get(m) ?? 0, interactions: intM.get(m) ?? 0, other: 0,
        changes: chgM.get(m) ?? 0, problems: prbM.get(m) ?? 0,
      },
      kpis: await kpisFor({ opened: w('opened'), resolved: w('resolved'), intClosed: w('closed'), chgEnd: w('wend') }),
    };
  }

  // ---------------- planted
  const planted: Record<string, unknown> = { clusters: [], sla_drop: null, slow_group: null, trending_category: null };
  if (!o.null) {
    const cl = await rows(conn, `SELECT cl, count(*)::BIGINT AS n, list(${idExpr} ORDER BY i) AS ids,
        list(DISTINCT ci ORDER BY ci) FILTER (WHERE ci IS NOT NULL) AS cis,
        list(DISTINCT short_description ORDER BY short_description) FILTER (WHERE short_description IS NOT NULL) AS texts
      FROM ${inc} WHERE cl > 0 GROUP BY cl ORDER BY cl`);
    planted.clusters = cl.map((r) => {
      const def = CLUSTERS[(num(r.cl) ?? 1) - 1]!;
      const texts = (r.texts as string[] | null) ?? [];
      return {
        id: def.id, label: def.label, size: num(r.n),
        category: CATEGORIES[def.category]!.name, assignment_group: def.group,
        ...(f === 'hpsm' ? { signature: { column: 'KM number', value: `KM000900${num(r.cl)}` } } : {}),
        cis: r.cis ?? [],
        distinct_descriptions: texts.length,
        examples: texts.slice(0, 8),
        member_ids: r.ids,
      };
    });
    // SLA drop month
    if (p.dropMonth !== null) {
      const ms = await rows(conn, `SELECT monthidx(opened) AS mi, ${month('opened')} AS m, count(*)::BIGINT AS n, count(*) FILTER (WHERE made_sla)::BIGINT AS met
        FROM ${inc} GROUP BY ALL ORDER BY mi`);
      const vals = ms.filter((r) => (num(r.n) ?? 0) > 0).map((r) => ({ mi: num(r.mi)!, m: String(r.m), v: (num(r.met) ?? 0) / (num(r.n) ?? 1) }));
      const target = vals.find((v) => v.mi === p.dropMonth);
      const others = vals.filter((v) => v.mi !== p.dropMonth);
      const baseline = others.reduce((s, v) => s + v.v, 0) / Math.max(1, others.length);
      if (target) {
        planted.sla_drop = {
          month: target.m, value: target.v, baseline_mean_other_months: baseline, drop: baseline - target.v,
          duration_factor: SLA_DROP_FACTOR,
          measure: f === 'hpsm' ? 'sla_attainment_policy (HPSM has no SLA flag)' : 'sla_attainment (month of opened_at)',
        };
      }
    }
    // slow group
    const [sg] = await rows(conn, `SELECT
        quantile_cont((resolved - opened) / 3600.0, 0.5) FILTER (WHERE grp = ${q(SLOW_GROUP)}) AS med_g,
        quantile_cont((resolved - opened) / 3600.0, 0.5) FILTER (WHERE grp <> ${q(SLOW_GROUP)}) AS med_o,
        (sum(resolved - opened) FILTER (WHERE grp = ${q(SLOW_GROUP)}))::DOUBLE / 3600 / count(*) FILTER (WHERE grp = ${q(SLOW_GROUP)}) AS mean_g,
        (sum(resolved - opened) FILTER (WHERE grp <> ${q(SLOW_GROUP)}))::DOUBLE / 3600 / count(*) FILTER (WHERE grp <> ${q(SLOW_GROUP)}) AS mean_o,
        count(*) FILTER (WHERE grp = ${q(SLOW_GROUP)})::BIGINT AS n_g,
        list(DISTINCT assigned_to ORDER BY assigned_to) FILTER (WHERE grp = ${q(SLOW_GROUP)} AND assigned_to IS NOT NULL) AS agents
      FROM ${inc} WHERE resolved IS NOT NULL`);
    planted.slow_group = {
      name: SLOW_GROUP, factor: SLOW_FACTOR, n_resolved: num(sg?.n_g),
      median_hours: num(sg?.med_g), median_hours_others: num(sg?.med_o), median_ratio: (num(sg?.med_g) ?? 0) / (num(sg?.med_o) ?? 1),
      mean_hours: num(sg?.mean_g), mean_hours_others: num(sg?.mean_o),
      ...(f === 'servicenow' ? { column: 'assignment_group', value: SLOW_GROUP } : {}),
      ...(traits ? { column: traits.groupColumn, value: SLOW_GROUP } : {}),
      ...(f === 'jira' ? { column: 'Assignee', value: null, assignees: sg?.agents, note: 'the Jira CSV has no group column; the group is the set of its assignees' } : {}),
      ...(f === 'hpsm' ? { column: 'Service Component WBS (aff)', value: GROUP_WBS[GROUPS.indexOf(SLOW_GROUP)], note: 'HPSM has no group column; each group works under its own WBS' } : {}),
    };
    // trending category
    const trendCond = f === 'hpsm' ? `hpsm_category = 'request for information'` : `cat = ${TREND_CATEGORY}`;
    const tr = await rows(conn, `SELECT monthidx(opened) AS mi, ${month('opened')} AS m, count(*) FILTER (WHERE ${trendCond})::BIGINT AS n, count(*)::BIGINT AS total
      FROM ${inc} GROUP BY ALL ORDER BY mi`);
    const sl = ols(tr.map((r) => [num(r.mi) ?? 0, num(r.n) ?? 0]));
    const name = f === 'hpsm' ? 'request for information' : f === 'jira' ? CATEGORIES[TREND_CATEGORY]!.jira : CATEGORIES[TREND_CATEGORY]!.name;
    planted.trending_category = {
      name, column: traits ? traits.categoryColumn : f === 'servicenow' ? 'category' : f === 'jira' ? 'Component/s' : 'Category',
      designed_growth_over_period: TREND_GROWTH,
      slope_per_month: num(sl?.slope), intercept: num(sl?.intercept), correlation: num(sl?.r),
      monthly_counts: Object.fromEntries(tr.map((r) => [String(r.m), num(r.n)])),
      monthly_share: Object.fromEntries(tr.map((r) => [String(r.m), (num(r.n) ?? 0) / Math.max(1, num(r.total) ?? 1)])),
      measure: 'incidents per month of opened_at',
    };
  }

  const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return {
    schema: 'itsm-lens/truth@1',
    format: f,
    seed: o.seed,
    null: o.null,
    generator: {
      tickets: o.tickets, changes: o.changes, problems: p.nPrb, assets: p.nAst, months: o.months, start: o.start,
      export_time: iso(o.t1), timezone: 'UTC', time_precision: p.minuteTimes ? (f === 'hpsm' ? 'seconds (incidents), minutes (interactions, changes)' : 'minutes') : 'seconds',
    },
    policy: {
      sla_resolution_hours_by_priority: SLA_POLICY_HOURS,
      service_request_sla_hours: REQUEST_SLA_HOURS,
      basis: 'calendar',
      rule: POLICY_NOTE,
      priority_scale: traits ? traits.priorityScale : f === 'servicenow' ? '1 - Critical .. 4 - Low' : f === 'jira' ? 'Highest=1 .. Lowest=5' : 'HPSM Priority 1..5',
    },
    period: { from: iso(o.t0), to: iso(o.t1) },
    counts,
    kpis,
    by_month,
    planted,
    links: {
      incidents_caused_by_change: num(c?.caused) ?? 0,
      incidents_with_problem: num(c?.with_problem) ?? 0,
      incidents_with_rfc: num(c?.with_rfc) ?? 0,
    },
    definitions: {
      mttr: 'incidents (not requests) with resolved_at: hours = (resolved_at - opened_at) / 3600 s; median and p90 interpolated (quantile_cont)',
      sla_attainment: 'incidents with a made_sla flag (open ones included): met / n; month = month of opened_at',
      fcr: traits ? (traits.nullKpis.fcr ? 'not available' : FCR_DEF) : f === 'servicenow' ? FCR_DEF_SN : f === 'hpsm' ? FCR_DEF_HPSM : 'not available',
      reopen_rate: f === 'hpsm' ? 'resolved incidents with a Reopen Time / resolved incidents' : 'resolved incidents with reopen_count > 0 / resolved incidents',
      change_success_rate: CSR_DEF,
      by_month: 'mttr, fcr and reopen_rate by month of resolved_at (HPSM fcr: month of the interaction Close Time); counts and sla_attainment by month of opened_at; change_success_rate by month of the actual end (work_end)',
      counts: 'changes = distinct change ids; assets = rows of the asset export (ServiceNow only)',
      ...(traits ? { not_available: Object.entries({ ...(traits.nullMttr ? { mttr: traits.nullMttr } : {}), ...traits.nullKpis }).map(([k, v]) => `${k}: ${v}`).join('; ') || 'none' } : {}),
    },
  };
}

void strList;
