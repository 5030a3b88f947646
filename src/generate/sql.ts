/**
 * SQL for the generator. Every row is a pure function of (seed, stream, row index): `u(i, salt)` is a
 * uniform number from DuckDB's hash, so no random() (not reproducible across threads) and no joins (which
 * would not keep insertion order). Cross-entity links (incident → change, incident → problem, HPSM
 * interaction → incident) are recomputed inline from the other entity's index with the same macros.
 */
import type { ResolvedOptions } from './options.js';
import { TRAITS } from './formats/traits.js';
import {
  BACKGROUND, CATEGORIES, CAT_ITEMS, CHANGE_CATEGORIES, CHANGE_TEMPLATES, CI_CLASSES, CLUSTERS, CONTACT_CUM, CONTACT_TYPES,
  DEPARTMENTS, FIRST_NAMES, GROUPS, LAST_NAMES, LOCATIONS, MEDIAN_HOURS, PRIORITY_CUM, PROBLEM_TEMPLATES, REQUEST_SLA_HOURS,
  SIGMA, SLA_DROP_FACTOR, SLA_POLICY_HOURS, SLOTS, SLOW_FACTOR, SLOW_GROUP, TREND_CATEGORY, TREND_GROWTH,
} from './model.js';

/** Quantile points of the inverse CDF of ticket opening times. */
export const INV_K = 1 << 16;

export function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
export function strList(a: readonly string[]): string {
  return `[${a.map(q).join(', ')}]`;
}
export function numList(a: readonly number[]): string {
  return `([${a.map((x) => (Number.isInteger(x) ? `${x}` : x.toString())).join(', ')}]::DOUBLE[])`;
}
function intList(a: readonly number[]): string {
  return `([${a.join(', ')}]::BIGINT[])`;
}
function cum(weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  return weights.map((w, k) => (k === weights.length - 1 ? 1 : (acc += w / total)));
}

/** Derived layout of the run (stream sizes, asset blocks, planted month). */
export interface Plan {
  o: ResolvedOptions;
  /** ServiceNow/Jira: one stream of incidents + requests; HPSM: incidents */
  nTk: number;
  /** HPSM interactions */
  nInt: number;
  nChg: number;
  nPrb: number;
  nAst: number;
  /** asset class block starts and sizes, in CI_CLASSES order */
  blockStart: number[];
  blockSize: number[];
  dropMonth: number | null;
  minuteTimes: boolean;
}

export function makePlan(o: ResolvedOptions): Plan {
  const nAst = o.assets;
  const mins: Record<string, number> = { server: 8, network: 4, printer: 4, desktop: 2, monitor: 2 };
  const sizes = CI_CLASSES.map((c) => (c.key === 'laptop' ? 0 : Math.max(mins[c.key] ?? 1, Math.floor(c.share * nAst))));
  sizes[0] = nAst - sizes.reduce((s, x) => s + x, 0);
  const starts: number[] = [];
  let acc = 0;
  for (const s of sizes) {
    starts.push(acc);
    acc += s;
  }
  const nInc = o.format === 'hpsm' ? Math.max(1, Math.round(o.tickets * 0.24)) : o.tickets;
  return {
    o,
    nTk: nInc,
    nInt: o.format === 'hpsm' ? o.tickets - nInc : 0,
    nChg: o.changes,
    nPrb: o.format === 'hpsm' ? 0 : o.problems,
    nAst,
    blockStart: starts,
    blockSize: sizes,
    dropMonth: o.null || o.months < 3 ? null : Math.floor((o.months * 2) / 3),
    minuteTimes: o.format !== 'servicenow' && !TRAITS[o.format]?.seconds,
  };
}

function fill(tpl: string, slots: Record<string, string>): string {
  // nested replace() calls, one per placeholder used anywhere in the template list
  let e = tpl;
  for (const [k, v] of Object.entries(slots)) e = `replace(${e}, '{${k}}', ${v})`;
  return e;
}

/** Statements creating the macros and variables every stream uses. */
export function setupSql(p: Plan): string[] {
  const o = p.o;
  const R = o.t1 - o.t0;
  const H = R / 3600;
  const s: string[] = [];
  // Lambda parameters in macros have unusual names (_wq …): a macro argument named like the lambda parameter
  // would otherwise be captured by the lambda after expansion.
  // hash(a, b, c) combines the argument hashes linearly, so salts would be correlated: re-hash to mix.
  s.push(`CREATE OR REPLACE MACRO u(i, salt) AS ((hash(hash(${o.seed}::BIGINT, (i)::BIGINT, salt)) >> 11)::DOUBLE / 9007199254740992.0)`);
  s.push(`CREATE OR REPLACE MACRO nrm(i, salt) AS (sqrt(-2 * ln(1 - u(i, salt || '#a'))) * cos(2 * pi() * u(i, salt || '#b')))`);
  s.push(`CREATE OR REPLACE MACRO pick(lst, x) AS (lst[1 + least(floor((x) * len(lst))::BIGINT, len(lst) - 1)])`);
  s.push(`CREATE OR REPLACE MACRO wpick(vals, cums, x) AS (vals[1 + least(len(list_filter(cums, _wq -> _wq <= (x))), len(vals) - 1)])`);
  s.push(`CREATE OR REPLACE MACRO ts(x) AS make_timestamp((x)::BIGINT * 1000000)`);
  // (x) // 60 * 60, not (x) - (x) % 60: the same BIGINT for every x (both truncate toward zero), but x appears
  // once. The macros nest tmin four deep (c_opened → c_pstart → c_wstart → c_wend), so two copies of x per level
  // grew each expansion 2^4-fold, and DuckDB binding those trees cost ~1.1 CPU-s per minute-time generate.
  s.push(`CREATE OR REPLACE MACRO tmin(x) AS (${p.minuteTimes ? '(x) // 60 * 60' : '(x)'})`);
  s.push(`CREATE OR REPLACE MACRO monthidx(x) AS ((year(ts(x)) - ${Number(o.start.slice(0, 4))}) * 12 + month(ts(x)) - ${Number(o.start.slice(5, 7))})`);
  s.push(`CREATE OR REPLACE MACRO person(k) AS (${strList(FIRST_NAMES)}[1 + ((k) % ${FIRST_NAMES.length})::BIGINT] || ' ' || ${strList(LAST_NAMES)}[1 + ((k) // ${FIRST_NAMES.length} % ${LAST_NAMES.length})::BIGINT])`);
  // agents: 6 per group, names from a different part of the name space
  s.push(`CREATE OR REPLACE MACRO agent(g, x) AS person(7919 + list_position(${strList(GROUPS)}, g) * 37 + floor((x) * 6)::BIGINT * 211)`);
  s.push(`CREATE OR REPLACE MACRO nusers() AS ${Math.max(50, Math.round(o.tickets / 8))}`);

  // --- opening-time profile: weekday × hour of day × (trend) → inverse CDF as a list of K+1 offsets
  const hod = [0.08, 0.06, 0.05, 0.05, 0.05, 0.08, 0.2, 0.5, 1.4, 1.8, 1.8, 1.6, 1.0, 1.5, 1.6, 1.4, 1.1, 0.6, 0.3, 0.2, 0.15, 0.12, 0.1, 0.09];
  const dow = [1.15, 1.0, 1.0, 1.0, 0.85, 0.15, 0.12]; // isodow 1..7
  const trend = o.null || o.format === 'hpsm' ? 0 : CATEGORIES[TREND_CATEGORY]!.weight * TREND_GROWTH;
  const trendHpsm = !o.null && o.format === 'hpsm' ? 0.19 * TREND_GROWTH : 0;
  const tr = trend + trendHpsm;
  s.push(`CREATE OR REPLACE TEMP TABLE _hours AS
    SELECT h, w, sum(w) OVER (ORDER BY h) - w AS c0 FROM (
      SELECT h, ${numList(hod)}[1 + hour(ts(${o.t0} + h * 3600))] * ${numList(dow)}[isodow(ts(${o.t0} + h * 3600))]
             * (1 + ${tr} * monthidx(${o.t0} + h * 3600) / ${Math.max(1, o.months - 1)}) AS w
      FROM range(${H}) t(h))`);
  s.push(`SET VARIABLE inv = (
    WITH tot AS (SELECT sum(w) AS W FROM _hours),
    qs AS (SELECT k, k / ${INV_K} * (SELECT W FROM tot) AS target FROM range(${INV_K + 1}) t(k))
    SELECT list(least(${R}, h * 3600 + (target - c0) / w * 3600) ORDER BY k) FROM qs ASOF JOIN _hours ON qs.target >= _hours.c0)`);
  s.push(`CREATE OR REPLACE MACRO invt(qq) AS (getvariable('inv')[1 + floor((qq) * ${INV_K})::BIGINT]
      + ((qq) * ${INV_K} - floor((qq) * ${INV_K})) * (getvariable('inv')[2 + floor((qq) * ${INV_K})::BIGINT] - getvariable('inv')[1 + floor((qq) * ${INV_K})::BIGINT]))`);

  // --- CIs: blocks of the asset register
  const bs = p.blockStart;
  const bz = p.blockSize;
  s.push(`CREATE OR REPLACE MACRO cls_of(a) AS (len(list_filter(${intList(bs.slice(1))}, _bq -> _bq <= (a))))`);
  s.push(`CREATE OR REPLACE MACRO ci_at(k, x) AS (${intList(bs)}[1 + (k)] + floor(${intList(bz)}[1 + (k)] * (x) * (x))::BIGINT)`);
  if (o.format === 'hpsm') {
    s.push(`CREATE OR REPLACE MACRO ci_name(a) AS (CASE WHEN cls_of(a) = 2 AND (a) % 2 = 1 THEN 'LSR'
        ELSE ${strList(CI_CLASSES.map((c) => c.hpsmPrefix))}[1 + cls_of(a)] END || printf('%06d', (a) - ${intList(bs)}[1 + cls_of(a)] + 1))`);
  } else {
    s.push(`CREATE OR REPLACE MACRO ci_name(a) AS (CASE cls_of(a)
        WHEN 0 THEN 'NBK-' || printf('%06d', (a) + 1)
        WHEN 1 THEN 'WKS-' || printf('%06d', (a) - ${bs[1]} + 1)
        WHEN 2 THEN CASE WHEN (a) - ${bs[2]} < 2 THEN 'sap-prd-0' || ((a) - ${bs[2]} + 1)
                         ELSE ${strList(['lnx-app-', 'win-app-', 'lnx-web-', 'win-fs-', 'ora-db-', 'sql-db-'])}[1 + ((a) % 6)] || printf('%04d', (a) - ${bs[2]} + 1) END
        WHEN 3 THEN CASE WHEN (a) - ${bs[3]} < 2 THEN 'vpn-gw-0' || ((a) - ${bs[3]} + 1)
                         ELSE ${strList(['sw-core-', 'sw-acc-', 'fw-', 'rtr-', 'wlc-'])}[1 + ((a) % 5)] || printf('%03d', (a) - ${bs[3]} + 1) END
        WHEN 4 THEN 'PRN-' || ${strList(LOCATIONS.map((l) => l.slice(0, 3).toUpperCase()))}[1 + ((a) % ${LOCATIONS.length})] || '-' || printf('%04d', (a) - ${bs[4]} + 1)
        ELSE 'MON-' || printf('%06d', (a) - ${bs[5]} + 1) END)`);
  }
  // applications (HPSM only: BPI's incidents are mostly on application CIs)
  s.push(`CREATE OR REPLACE MACRO app_name(k) AS (CASE WHEN (k) % 3 = 0 THEN 'WBA' ELSE 'SBA' END || printf('%06d', (k) + 1))`);

  // --- changes (inline, index c)
  const nC = Math.max(1, p.nChg);
  s.push(`CREATE OR REPLACE MACRO c_opened(c) AS tmin(floor(${o.t0} + ((c) + u(c, 'c.q')) / ${nC} * ${0.98 * R})::BIGINT)`);
  s.push(`CREATE OR REPLACE MACRO c_type(c) AS wpick(['Standard', 'Normal', 'Emergency'], [0.55, 0.93, 1.0], u(c, 'c.type'))`);
  s.push(`CREATE OR REPLACE MACRO c_pstart(c) AS tmin(CASE c_type(c)
      WHEN 'Emergency' THEN c_opened(c) + 600 + floor(u(c, 'c.lead') * 14400)::BIGINT
      WHEN 'Standard' THEN greatest(c_opened(c) + 1800, ((c_opened(c) + 3600 + floor(u(c, 'c.lead') * 259200)::BIGINT) // 86400) * 86400 + 32400 + floor(u(c, 'c.tod') * 28800)::BIGINT)
      ELSE greatest(c_opened(c) + 1800, ((c_opened(c) + 259200 + floor(u(c, 'c.lead') * 1555200)::BIGINT) // 86400) * 86400 + 64800 + floor(u(c, 'c.tod') * 14400)::BIGINT) END)`);
  s.push(`CREATE OR REPLACE MACRO c_pdur(c) AS tmin(CASE c_type(c) WHEN 'Standard' THEN 3600 + floor(u(c, 'c.pd') * 3600)::BIGINT
      WHEN 'Normal' THEN 7200 + floor(u(c, 'c.pd') * 14400)::BIGINT ELSE 3600 + floor(u(c, 'c.pd') * 7200)::BIGINT END)`);
  s.push(`CREATE OR REPLACE MACRO c_cancel(c) AS (u(c, 'c.cxl') < CASE c_type(c) WHEN 'Normal' THEN 0.08 ELSE 0.03 END)`);
  s.push(`CREATE OR REPLACE MACRO c_wstart(c) AS tmin(c_pstart(c) - 300 + floor(u(c, 'c.ws') * 1800)::BIGINT)`);
  s.push(`CREATE OR REPLACE MACRO c_wend(c) AS tmin(c_wstart(c) + floor(c_pdur(c) * (0.5 + u(c, 'c.we')))::BIGINT)`);
  s.push(`CREATE OR REPLACE MACRO c_outcome(c) AS wpick(['Successful', 'Successful with issues', 'Unsuccessful'],
      CASE c_type(c) WHEN 'Standard' THEN [0.93, 0.98, 1.0] WHEN 'Normal' THEN [0.83, 0.93, 1.0] ELSE [0.7, 0.85, 1.0] END, u(c, 'c.out'))`);
  s.push(`CREATE OR REPLACE MACRO c_review(c) AS tmin(c_wend(c) + 3600 + floor(u(c, 'c.rv') * 432000)::BIGINT)`);
  /** implemented (work ended) before the export */
  s.push(`CREATE OR REPLACE MACRO c_done(c) AS (NOT c_cancel(c) AND c_wend(c) < ${o.t1})`);
  s.push(`CREATE OR REPLACE MACRO c_ci(c, salt) AS (CASE WHEN u(c, 'c.cls' || salt) < 0.7 THEN ci_at(2, u(c, 'c.ci' || salt)) ELSE ci_at(3, u(c, 'c.ci' || salt)) END)`);
  s.push(`CREATE OR REPLACE MACRO c_nci(c) AS (1 + (u(c, 'c.m1') < 0.2)::INT + (u(c, 'c.m2') < 0.08)::INT + (u(c, 'c.m3') < 0.04)::INT + (u(c, 'c.m4') < 0.02)::INT)`);
  s.push(`CREATE OR REPLACE MACRO c_est(t) AS least(${nC - 1}, greatest(0, floor(((t) - ${o.t0}) / ${0.98 * R} * ${nC})::BIGINT))`);
  // --- problems (inline, index p)
  const nP = Math.max(1, p.nPrb);
  s.push(`CREATE OR REPLACE MACRO p_opened(pp) AS tmin(floor(${o.t0} + ((pp) + u(pp, 'p.q')) / ${nP} * ${0.97 * R})::BIGINT)`);
  s.push(`CREATE OR REPLACE MACRO p_ci(pp) AS (CASE WHEN u(pp, 'p.cls') < 0.6 THEN ci_at(2, u(pp, 'p.ci')) WHEN u(pp, 'p.cls') < 0.8 THEN ci_at(3, u(pp, 'p.ci')) ELSE ci_at(0, u(pp, 'p.ci')) END)`);
  s.push(`CREATE OR REPLACE MACRO p_est(t) AS least(${nP - 1}, greatest(0, floor(((t) - ${o.t0}) / ${0.97 * R} * ${nP})::BIGINT))`);
  return s;
}

const SLOT_EXPR = (salt: string, host: string): Record<string, string> => ({
  app: `pick(${strList(SLOTS.app!)}, u(i, '${salt}.app'))`,
  task: `pick(${strList(SLOTS.task!)}, u(i, '${salt}.task'))`,
  thing: `pick(${strList(SLOTS.thing!)}, u(i, '${salt}.thing'))`,
  action_de: `pick(${strList(SLOTS.action_de!)}, u(i, '${salt}.act'))`,
  action: `pick(${strList(SLOTS.action!)}, u(i, '${salt}.act'))`,
  device: `pick(${strList(SLOTS.device!)}, u(i, '${salt}.dev'))`,
  db: `pick(${strList(SLOTS.db!)}, u(i, '${salt}.db'))`,
  loc: `pick(${strList(LOCATIONS)}, u(i, '${salt}.loc'))`,
  code: `(1000 + floor(u(i, '${salt}.code') * 9000)::BIGINT)::VARCHAR`,
  n: `(1 + floor(u(i, '${salt}.n') * 40)::BIGINT)::VARCHAR`,
  host: host,
});

/**
 * The internal ticket table (ServiceNow / Jira: incidents and requests in one stream; HPSM: incidents).
 * Times are BIGINT epoch seconds (minute-aligned where the format writes minutes).
 */
export function ticketSql(p: Plan): string {
  const o = p.o;
  const N = p.nTk;
  const hpsm = o.format === 'hpsm';
  const planted = !o.null;
  const kind = o.format === 'servicenow' || TRAITS[o.format]?.requests ? `CASE WHEN i % 4 = 3 THEN 'service_request' ELSE 'incident' END`
    : o.format === 'jira' ? `CASE WHEN u(i, 'kind') < 0.25 THEN 'service_request' ELSE 'incident' END` : `'incident'`;
  const monthsDen = Math.max(1, o.months - 1);

  // HPSM: incident j owns the interactions k with owner(k) = j; the FCR = N ones are its related interactions.
  const nI = Math.max(1, p.nInt);
  const relList = hpsm && p.nInt > 0
    ? `list_filter(range(((i * ${nI} + 1 + ${N} - 1) // ${N}) - 1, (((i + 1) * ${nI} + 1 + ${N} - 1) // ${N}) - 1), _kq -> u(_kq, 'i.fcr') >= ${FCR_Y})`
    : `([]::BIGINT[])`;
  const opened0 = `floor(${o.t0} + invt((i + u(i, 'q')) / ${N}))::BIGINT`;
  const openedHpsm = `CASE WHEN len(rel) > 0 THEN least(${o.t1 - 1}, i_opened(rel[1]) + 120 + floor(u(i, 'rel.d') * 900)::BIGINT) ELSE ${opened0} END`;

  // category choice with the planted trend
  const w = CATEGORIES.map((c) => c.weight);
  const wT = w[TREND_CATEGORY]!;
  const others = CATEGORIES.map((_, k) => k).filter((k) => k !== TREND_CATEGORY);
  const cumOthers = cum(others.map((k) => w[k]!));
  const f = `(m / ${monthsDen})`;
  const pTrend = planted && !hpsm ? `(${wT} * (1 + ${TREND_GROWTH} * ${f})) / (1 + ${wT * TREND_GROWTH} * ${f})` : `${wT}`;
  const clusterCum = cum([...CLUSTERS.map((c) => c.share), 1 - CLUSTERS.reduce((s, c) => s + c.share, 0)]);
  const clusterExpr = planted ? `CASE WHEN kind = 'incident' THEN wpick(${intList([...CLUSTERS.map((_, k) => k + 1), 0])}, ${numList(clusterCum)}, u(i, 'clu')) ELSE 0 END` : '0';

  const catLists = (sel: (c: (typeof CATEGORIES)[number]) => string[]) => `[${CATEGORIES.map((c) => strList(sel(c))).join(', ')}]`;
  const clSel = (sel: (c: (typeof CLUSTERS)[number]) => string) => strList(CLUSTERS.map(sel));
  const clsKey = (k: string) => CI_CLASSES.findIndex((c) => c.key === k);
  const ciClassLists = `[${CATEGORIES.map((c) => `([${c.ciClasses.map((k) => (k ? clsKey(k) : -1)).join(', ')}]::BIGINT[])`).join(', ')}]`;

  const clusterCi = `CASE cl
      WHEN 1 THEN ${p.blockStart[2]! + 2} + floor(u(i, 'cl.ci') * 6)::BIGINT
      WHEN 2 THEN ${p.blockStart[3]!} + floor(u(i, 'cl.ci') * 2)::BIGINT
      WHEN 3 THEN ci_at(0, sqrt(u(i, 'cl.ci')))
      WHEN 4 THEN ${p.blockStart[2]!} + floor(u(i, 'cl.ci') * 2)::BIGINT
      ELSE ${p.blockStart[4]!} + floor(u(i, 'cl.ci') * 4)::BIGINT END`;
  const slowOn = planted;
  const dropOn = p.dropMonth !== null;
  const hpsmCat = hpsm
    ? planted
      ? `CASE WHEN u(i, 'hcat') < (0.19 * (1 + ${TREND_GROWTH} * ${f})) / (1 + ${0.19 * TREND_GROWTH} * ${f}) THEN 'request for information' WHEN u(i, 'hcat2') < 0.012 THEN 'complaint' ELSE 'incident' END`
      : `CASE WHEN u(i, 'hcat') < 0.19 THEN 'request for information' WHEN u(i, 'hcat2') < 0.012 THEN 'complaint' ELSE 'incident' END`
    : 'NULL';

  const policy = (pr: string) => `${numList([1, 2, 3, 4, 5].map((k) => SLA_POLICY_HOURS[String(k)]!))}[${pr}]`;

  return `
SELECT *,
  CASE WHEN canceled THEN true WHEN resolved IS NOT NULL THEN dur_s <= target_s ELSE ${o.t1} - opened <= target_s END AS made_sla,
  CASE WHEN resolved IS NOT NULL AND u(i, 'reo') < 0.045 THEN CASE WHEN u(i, 'reo2') < 0.15 THEN 2 ELSE 1 END ELSE 0 END AS reopen_count,
  CASE WHEN state_open = 'New' THEN NULL ELSE agent(grp, u(i, 'agent')) END AS assigned_to,
  CASE WHEN resolved IS NOT NULL AND u(i, 'rfc') < 0.02 AND ${p.nChg} > 0 THEN c_est(resolved - 86400) END AS rfc_chg,
  CASE WHEN resolved IS NOT NULL AND ${hpsm} THEN opened + floor(dur_s * (0.5 + 0.4 * u(i, 'reot')))::BIGINT END AS reopen_at0
FROM (
SELECT *,
  CASE WHEN canceled OR resolved IS NOT NULL THEN NULL ELSE wpick(['New', 'In Progress', 'On Hold'], [0.12, 0.78, 1.0], u(i, 'st')) END AS state_open,
  (CASE WHEN u(i, 'rea') < 0.58 THEN 0 WHEN u(i, 'rea') < 0.82 THEN 1 WHEN u(i, 'rea') < 0.93 THEN 2 WHEN u(i, 'rea') < 0.975 THEN 3
        ELSE 4 + floor(u(i, 'rea3') * 4)::BIGINT END
   + CASE WHEN dur_s > target_s AND u(i, 'rea2') < 0.4 THEN 1 ELSE 0 END)::INTEGER AS reassignment_count,
  CASE WHEN resolved IS NOT NULL AND resolved + 259200 < ${o.t1} THEN resolved + 259200
       WHEN canceled THEN opened + cancel_s END AS closed
FROM (
SELECT *,
  CASE WHEN NOT canceled AND opened + dur_s < ${o.t1} THEN opened + dur_s END AS resolved
FROM (
SELECT *,
  tmin(greatest(120, round(hours * 3600))::BIGINT) AS dur_s,
  (CASE WHEN kind = 'incident' THEN ${policy('priority')} ELSE ${REQUEST_SLA_HOURS} END * 3600)::BIGINT AS target_s
FROM (
SELECT *,
  exp(CASE WHEN kind = 'incident' THEN
        ln(${numList(MEDIAN_HOURS)}[priority]) + ${numList(CATEGORIES.map((c) => c.eff))}[cat + 1]
        ${slowOn ? `+ CASE WHEN grp = ${q(SLOW_GROUP)} THEN ${Math.log(SLOW_FACTOR)} ELSE 0 END` : ''}
        ${dropOn ? `+ CASE WHEN m = ${p.dropMonth} THEN ${Math.log(SLA_DROP_FACTOR)} ELSE 0 END` : ''}
        + ${SIGMA} * nrm(i, 'dur')
        + CASE WHEN u(i, 'stale') < 0.02 THEN ln(15) ELSE 0 END
      ELSE ln(24) + 0.9 * nrm(i, 'dur') END) AS hours,
  CASE WHEN ci_idx IS NULL THEN app_name(app_idx) ELSE ci_name(ci_idx) END AS ci
FROM (
SELECT *,
  CASE WHEN cl > 0 THEN ${clSel((c) => c.subcategory)}[cl] ELSE pick(${catLists((c) => c.subcategories)}[cat + 1], u(i, 'sub')) END AS subcategory,
  CASE WHEN kind <> 'incident' THEN pick(['Service Desk', 'Service Desk', 'Field Services', 'Identity & Access', 'Application Support'], u(i, 'grp'))
       WHEN cl > 0 THEN ${clSel((c) => c.group)}[cl] ELSE pick(${catLists((c) => c.groups)}[cat + 1], u(i, 'grp')) END AS grp,
  CASE WHEN cl > 0 THEN ${clSel((c) => c.service)}[cl] ELSE pick(${catLists((c) => c.services)}[cat + 1], u(i, 'svc')) END AS business_service,
  CASE WHEN caused_chg IS NOT NULL THEN c_ci(caused_chg, '0')
       WHEN problem IS NOT NULL THEN p_ci(problem)
       WHEN cl > 0 THEN ${clusterCi}
       WHEN kind <> 'incident' THEN NULL
       WHEN ${hpsm} AND cat = 1 THEN NULL
       WHEN pick(${ciClassLists}[cat + 1], u(i, 'cicls')) < 0 THEN NULL
       ELSE ci_at(pick(${ciClassLists}[cat + 1], u(i, 'cicls')), u(i, 'ci')) END AS ci_idx,
  CASE WHEN ${hpsm} AND cat = 1 AND cl = 0 AND caused_chg IS NULL AND problem IS NULL THEN floor(150 * u(i, 'app') * u(i, 'app'))::BIGINT END AS app_idx,
  CASE WHEN kind = 'incident' AND u(i, 'cxl') < ${hpsm ? 0 : 0.015} AND opened + 3600 < ${o.t1} THEN true
       WHEN kind <> 'incident' AND u(i, 'cxl') < 0.03 AND opened + 3600 < ${o.t1} THEN true ELSE false END AS canceled,
  tmin(300 + floor(u(i, 'cxl.d') * 3000)::BIGINT) AS cancel_s
FROM (
SELECT *,
  CASE WHEN kind = 'incident' AND cl = 0 AND ${p.nChg} > 0 AND problem IS NULL AND u(i, 'cau') < 0.015 THEN
    coalesce(
      list_filter([c_est(opened - 90000), c_est(opened - 190000), c_est(opened - 450000), c_est(opened - 1000000), c_est(opened - 1500000)],
                  _cq -> c_done(_cq) AND c_wend(_cq) <= opened - 600 AND opened - c_wend(_cq) <= 604800 AND c_outcome(_cq) <> 'Successful')[1],
      list_filter([c_est(opened - 90000), c_est(opened - 190000), c_est(opened - 450000), c_est(opened - 1000000), c_est(opened - 1500000)],
                  _cq -> c_done(_cq) AND c_wend(_cq) <= opened - 600 AND opened - c_wend(_cq) <= 604800)[1])
  END AS caused_chg
FROM (
SELECT *,
  CASE WHEN cl > 0 THEN ${intList(CLUSTERS.map((c) => c.category))}[cl]
       WHEN kind <> 'incident' THEN 1
       WHEN ${hpsm ? 'true' : 'false'} THEN wpick(${intList(CATEGORIES.map((_, k) => k))}, ${numList(cum(w))}, u(i, 'cat'))
       WHEN u(i, 'cat') < ${pTrend} THEN ${TREND_CATEGORY}
       ELSE wpick(${intList(others)}, ${numList(cumOthers)}, u(i, 'cat2')) END AS cat,
  CASE WHEN kind = 'incident' THEN wpick([1, 2, 3, 4, 5], ${numList(PRIORITY_CUM[o.format] ?? PRIORITY_CUM.servicenow!)}, u(i, 'pri'))
       ELSE wpick([3, 4, 5], ${o.format === 'jira' ? '[0.15, 0.8, 1.0]' : '[0.2, 1.0, 1.0]'}, u(i, 'pri')) END AS priority,
  CASE WHEN kind = 'incident' AND cl = 0 AND ${p.nPrb} > 0 AND u(i, 'prb') < 0.03 THEN
    least(${p.nPrb - 1}, greatest(0, p_est(opened) + floor(u(i, 'prbj') * 5)::BIGINT - 2)) END AS problem,
  ${hpsmCat} AS hpsm_category
FROM (
SELECT *, monthidx(opened) AS m, ${clusterExpr} AS cl,
  floor(nusers() * pow(u(i, 'usr'), 1.3))::BIGINT AS usr,
  pick(${strList(CAT_ITEMS)}, u(i, 'item')) AS cat_item
FROM (
SELECT *, ${hpsm ? openedHpsm : `tmin(${opened0})`} AS opened FROM (
SELECT i, ${kind} AS kind, ${relList} AS rel FROM range(${N}) t(i)
)))))))))) x
`;
}

export const FCR_Y = 0.64; // u < FCR_Y → First Call Resolution = Y (~64 %, as in BPI 2014); otherwise N and linked to an incident

/** Wraps ticketSql with the short description and the columns every writer uses. */
export function ticketFullSql(p: Plan): string {
  const base = ticketSql(p);
  if (p.o.format === 'hpsm') return `SELECT *, NULL::VARCHAR AS short_description FROM (${base})`;
  return `SELECT *, (${textExpr(p)}) AS short_description FROM (${base})`;
}

function textExpr(p: Plan): string {
  void p;
  const clusterText = `CASE cl ${CLUSTERS.map((c, k) => `WHEN ${k + 1} THEN ${fill(`pick(${strList(c.templates)}, u(i, 'cl.txt'))`, {
    host: `coalesce(ci, 'srv')`,
    pct: `(85 + floor(u(i, 'cl.pct') * 15)::BIGINT)::VARCHAR`,
    min: `(5 + floor(u(i, 'cl.min') * 25)::BIGINT)::VARCHAR`,
    err: `pick(['0x800CCC0E', '0x8004010F', '809', '720', '-2147467259', '412'], u(i, 'cl.err'))`,
    uid: `'U' || (10000 + floor(u(i, 'cl.uid') * 90000)::BIGINT)`,
    sid: `pick(['PRD', 'P01', 'ERP', 'S4P'], u(i, 'cl.sid'))`,
    floor: `(1 + floor(u(i, 'cl.fl') * 6)::BIGINT)::VARCHAR`,
  })}`).join(' ')} END`;
  const bgText = fill(`pick([${BACKGROUND.map(strList).join(', ')}][cat + 1], u(i, 'txt'))`, SLOT_EXPR('bg', `coalesce(ci, 'host' || (1 + floor(u(i, 'bg.h') * 90)::BIGINT))`));
  const reqText = `pick(['Request: ' || cat_item, cat_item || ' for ' || person(usr), 'Please provide ' || lower(cat_item), cat_item, 'Anfrage: ' || cat_item], u(i, 'rq.txt'))`;
  return `CASE WHEN kind <> 'incident' THEN ${reqText} WHEN cl > 0 THEN ${clusterText} ELSE ${bgText} END`;
}

/** HPSM interaction k: opening time (used by incidents too). */
export function interactionMacros(p: Plan): string[] {
  const o = p.o;
  return [
    `CREATE OR REPLACE MACRO i_opened(k) AS (floor(${o.t0} + invt(((k) + u(k, 'i.q')) / ${Math.max(1, p.nInt)}))::BIGINT // 60 * 60)`,
  ];
}

/** Internal change table (one row per change). */
export function changeSql(p: Plan, perCi = false): string {
  const o = p.o;
  const source = perCi
    ? `(SELECT r // 5 AS c, r % 5 AS slot FROM range(${p.nChg * 5}) t(r) WHERE r % 5 < c_nci(r // 5))`
    : `(SELECT c, 0 AS slot FROM range(${p.nChg}) t(c))`;
  return `
SELECT *,
  CASE WHEN state IN ('Review', 'Closed') THEN outcome END AS close_code,
  CASE WHEN state = 'Closed' THEN review_at WHEN state = 'Canceled' THEN cancel_at END AS closed
FROM (
SELECT c, slot, c_opened(c) AS opened, c_type(c) AS type, c_pstart(c) AS pstart, c_pstart(c) + c_pdur(c) AS pend,
  CASE WHEN NOT c_cancel(c) AND c_wstart(c) < ${o.t1} THEN c_wstart(c) END AS wstart,
  CASE WHEN c_done(c) THEN c_wend(c) END AS wend,
  c_outcome(c) AS outcome, c_review(c) AS review_at,
  least(${o.t1 - 60}, tmin(c_opened(c) + 3600 + floor(u(c, 'c.cxd') * 172800)::BIGINT)) AS cancel_at,
  CASE WHEN c_cancel(c) THEN 'Canceled'
       WHEN c_done(c) AND c_review(c) < ${o.t1} THEN 'Closed'
       WHEN c_done(c) THEN 'Review'
       WHEN NOT c_cancel(c) AND c_wstart(c) < ${o.t1} THEN 'Implement'
       WHEN c_type(c) = 'Standard' THEN 'Scheduled'
       WHEN c_type(c) = 'Emergency' THEN CASE WHEN u(c, 'c.st') < 0.5 THEN 'Authorize' ELSE 'Scheduled' END
       ELSE wpick(['New', 'Assess', 'Authorize', 'Scheduled'], [0.1, 0.3, 0.55, 1.0], u(c, 'c.st')) END AS state,
  ci_name(c_ci(c, '0')) AS ci,
  CASE WHEN u(c, 'c.cat') < 0.35 THEN 'Software' ELSE pick(${strList(CHANGE_CATEGORIES)}, u(c, 'c.cat2')) END AS category,
  pick(${strList(GROUPS.filter((g) => g !== 'Service Desk'))}, u(c, 'c.grp')) AS grp,
  ${fill(`pick(${strList(CHANGE_TEMPLATES)}, u(c, 'c.txt'))`, {
    host: `ci_name(c_ci(c, '0'))`,
    app: `pick(${strList(SLOTS.app!)}, u(c, 'c.app'))`,
    db: `pick(${strList(SLOTS.db!)}, u(c, 'c.db'))`,
    loc: `pick(${strList(LOCATIONS)}, u(c, 'c.loc'))`,
  })} AS short_description,
  c_nci(c) AS n_ci
FROM ${source} src)
`;
}

/** Internal problem table. */
export function problemSql(p: Plan): string {
  const o = p.o;
  return `
SELECT *,
  CASE WHEN resolved IS NULL THEN wpick(['New', 'Assess', 'Root Cause Analysis', 'Fix in Progress'], [0.15, 0.35, 0.7, 1.0], u(pp, 'p.st'))
       WHEN closed IS NULL THEN 'Resolved' ELSE 'Closed' END AS state,
  CASE WHEN ${p.nChg} > 0 AND resolved IS NOT NULL AND u(pp, 'p.rfc') < 0.4 THEN c_est(resolved - 172800) END AS rfc_chg
FROM (
SELECT *, CASE WHEN resolved IS NOT NULL AND resolved + 86400 + dl < ${o.t1} THEN resolved + 86400 + dl END AS closed
FROM (
SELECT pp, p_opened(pp) AS opened,
  CASE WHEN p_opened(pp) + tmin(floor(86400 * exp(ln(25) + nrm(pp, 'p.dur')))::BIGINT) < ${o.t1}
       THEN p_opened(pp) + tmin(floor(86400 * exp(ln(25) + nrm(pp, 'p.dur')))::BIGINT) END AS resolved,
  tmin(floor(u(pp, 'p.cl') * 864000)::BIGINT) AS dl,
  ci_name(p_ci(pp)) AS ci,
  wpick([1, 2, 3, 4], [0.05, 0.3, 0.8, 1.0], u(pp, 'p.pri')) AS priority,
  pick(${strList(GROUPS.filter((g) => g !== 'Service Desk'))}, u(pp, 'p.grp')) AS grp,
  u(pp, 'p.ke') < 0.55 AS has_workaround,
  ${fill(`pick(${strList(PROBLEM_TEMPLATES)}, u(pp, 'p.txt'))`, {
    host: `ci_name(p_ci(pp))`,
    app: `pick(${strList(SLOTS.app!)}, u(pp, 'p.app'))`,
    db: `pick(${strList(SLOTS.db!)}, u(pp, 'p.db'))`,
    loc: `pick(${strList(LOCATIONS)}, u(pp, 'p.loc'))`,
    device: `pick(${strList(SLOTS.device!)}, u(pp, 'p.dev'))`,
  })} AS short_description
FROM range(${p.nPrb}) t(pp)))
`;
}

/** Internal HPSM interaction table. */
export function interactionSql(p: Plan): string {
  const N = p.nTk;
  const nI = p.nInt;
  return `
SELECT k, i_opened(k) AS opened, u(k, 'i.fcr') < ${FCR_Y} AS fcr,
  CASE WHEN u(k, 'i.fcr') >= ${FCR_Y} THEN least(${N - 1}, ((k + 1) * ${N} - 1) // ${nI}) END AS related,
  60 + floor(u(k, 'i.ht') * 900)::BIGINT AS handle_s,
  least(${p.o.t1 - 60}, i_opened(k) + CASE WHEN u(k, 'i.fcr') < ${FCR_Y} THEN 60 * (1 + (60 + floor(u(k, 'i.ht') * 900)::BIGINT) // 60 + floor(u(k, 'i.cd') * 20)::BIGINT)
       ELSE 60 * floor(u(k, 'i.cd') * 30)::BIGINT END) AS closed,
  wpick([1, 2, 3, 4, 5], ${numList(PRIORITY_CUM.hpsm!)}, u(k, 'i.pri')) AS priority,
  CASE WHEN u(k, 'i.cat') < 0.21 THEN 'request for information' WHEN u(k, 'i.cat') < 0.2105 THEN 'complaint' ELSE 'incident' END AS category,
  CASE WHEN u(k, 'i.ci') < 0.7 THEN app_name(floor(150 * u(k, 'i.app') * u(k, 'i.app'))::BIGINT) ELSE ci_name(ci_at(0, u(k, 'i.ci2'))) END AS ci,
  u(k, 'i.ci') < 0.7 AS is_app,
  floor(u(k, 'i.km') * 2000)::BIGINT AS km
FROM range(${nI}) t(k)
`;
}

export const POLICY_NOTE = 'resolution time (resolved_at - opened_at, calendar hours) <= target by priority; open tickets count as breached once their age at the export time exceeds the target; cancelled tickets count as met';
export { SLA_POLICY_HOURS, REQUEST_SLA_HOURS, GROUPS, CONTACT_TYPES, CONTACT_CUM, DEPARTMENTS, LOCATIONS, CI_CLASSES };
