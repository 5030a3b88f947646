import { periodWords } from '../period/period.js';
import { day as dayLabel } from '../coverage/index.js';
import { loadQueries } from './queries.js';
import { LOWER_BOUND_NOTE, type KpiDocument } from './kpi-document.js';

/**
 * `kpi` as text for a person: what happened in the period first (the headline block), then the other KPIs
 * by family, then the KPIs the data cannot give, one line each with the reason. `--by` turns the families
 * into tables with a row per member (the first row is the whole period). Every figure comes from the kpi@1
 * document; nothing here computes.
 */

type Row = Record<string, any>;
export interface KpiTextOptions {
  /** definitions, variants, denominators and query files under each KPI */
  verbose?: boolean;
}

/** The headline KPIs, in reading order, with the label a leader would use. */
const HEADLINE: [string, string][] = [
  ['volume', 'Tickets opened'],
  ['mttr', 'Time to resolve'],
  ['sla_attainment', 'SLA attainment'],
  ['fcr', 'First-contact resolution'],
  ['reopen_rate', 'Reopen rate'],
  ['backlog', 'Backlog at period end'],
  ['change_success_rate', 'Change success'],
];

/** KPI families (README's table); a KPI not named here goes to "Other". */
const FAMILIES: [string, string[]][] = [
  ['Workload', ['volume', 'backlog']],
  ['Resolution', ['mttr', 'mttr_business', 'mttr_net_of_hold', 'time_on_hold', 'time_to_close', 'same_day_next_day']],
  ['Response', ['mtta', 'mtta_business']],
  ['SLA', ['sla_attainment', 'sla_response_attainment']],
  ['First contact', ['fcr']],
  ['Rework and routing', ['reopen_rate', 'reassignment_rate', 'group_hops']],
  ['Requests and satisfaction', ['request_fulfilment_time', 'csat']],
  ['Change', ['change_success_rate', 'change_failure_rate', 'emergency_change_rate', 'unapproved_change_rate', 'change_lead_time']],
  ['Problems and assets', ['problem_backlog', 'problems_opened', 'assets', 'warranty_expiring']],
  ['Availability and major incidents', ['availability', 'major_incidents']],
  ['Service desk', ['self_service_rate', 'knowledge_use_rate', 'cost_per_ticket']],
];

/** Ticket kinds as the counts name them, and how a sentence names them. */
const KINDS: [string, string][] = [
  ['incidents', 'incidents'],
  ['service_requests', 'service requests'],
  ['other', 'other (no ITSM kind, e.g. Jira bugs)'],
];

const num = (v: number): string => v.toLocaleString('en-US');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fixed(v: number, digits: number): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const isTime = (r: Row): boolean => 'median' in r && (r.unit === 'hours' || r.unit === 'days');
const timeUnit = (r: Row): string => (r.unit === 'days' ? 'd' : 'h');

/** A KPI the data cannot give: no value (or no median for a time), whatever its n. */
function isNa(r: Row | undefined): boolean {
  if (!r) return true;
  if (isTime(r)) return !isNum(r.median);
  return !isNum(r.value);
}

/** A duration: hours under one as minutes (a median of 0.03 h reads as 0.0 h otherwise), days as days. */
function duration(v: unknown, r: Row): string {
  if (!isNum(v)) return 'n/a';
  if (r.unit === 'hours' && Math.abs(v) < 1) return `${Math.round(v * 60)} min`;
  return `${fixed(v, 1)} ${timeUnit(r)}`;
}

/** The KPI's main figure: a share as %, a time as its median, a count or mean as a number. */
function figure(r: Row): string {
  if (isTime(r)) return duration(r.median, r);
  if (!isNum(r.value)) return 'n/a';
  // availability lives in the nines: 99.9 % and 99.95 % are different promises
  if (r.unit === 'ratio') return `${fixed(r.value * 100, r.id === 'availability' || 'worst_service' in r ? 3 : 1)} %`;
  if (r.unit === 'currency') return `${fixed(r.value, 2)}${r.currency ? ` ${r.currency}` : ''}`;
  if (Number.isInteger(r.value)) return num(r.value);
  return `${fixed(r.value, 2)}${r.unit && r.unit !== 'score' ? ` ${r.unit}` : ''}`;
}

/** What goes beside the figure: a time's mean and p90, the sample of a share or a time. */
function extra(r: Row): string {
  const n = isNum(r.n) && (r.unit === 'ratio' || isTime(r) || !Number.isInteger(r.value)) ? `n ${num(r.n)}` : '';
  if (r.lower_bound === true) return [n, LOWER_BOUND_NOTE].filter(Boolean).join(' · ');
  if (!isTime(r)) return n;
  return [`mean ${duration(r.mean, r)}`, `p90 ${duration(r.p90, r)}`, n].filter(Boolean).join(' · ');
}

/** The figure as a line reads it: a time says it is the median. */
const lineFigure = (r: Row): string => (isTime(r) ? `median ${figure(r)}` : figure(r));

let titles: Map<string, string> | undefined;
/** The query's own title (its header): names the variant a KPI was computed with. */
function title(id: string): string {
  titles ??= new Map(loadQueries().map((q) => [q.id, q.title]));
  return titles.get(id) ?? id;
}

function period(doc: KpiDocument): string {
  const p = doc.period;
  if (p.from || p.to) return periodWords({ from: p.from ?? null, to: p.to ?? null });
  const day = (iso: string) => dayLabel(new Date(iso).toISOString());
  return p.data_from ? `all loaded data: opened from ${day(p.data_from)}, latest time ${day(p.data_to ?? p.data_from)}` : 'all loaded data (no ticket has an opened time)';
}

function records(c: Row): string {
  const parts: string[] = [];
  for (const [k, name] of [['incidents', 'incidents'], ['service_requests', 'service requests'], ['interactions', 'interactions'], ['other', 'other tickets'],
    ['changes', 'changes'], ['problems', 'problems'], ['assets', 'assets']] as const) {
    if (isNum(c[k]) && c[k] > 0) parts.push(`${num(c[k])} ${name}`);
  }
  return parts.length ? parts.join(' · ') : 'none opened in the period';
}

/** "46,606 incidents + 12 service requests": the kinds the tickets-opened figure adds (item 10: interactions apart). */
function ticketKinds(v: Row): string {
  const parts = KINDS.filter(([k]) => isNum(v[k]) && v[k] > 0).map(([k, name]) => `${num(v[k])} ${name}`);
  if (parts.length === 1) return KINDS.find(([k]) => isNum(v[k]) && v[k] > 0)![1];
  return parts.join(' + ');
}

function pad(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd());
}

function definition(r: Row): string[] {
  return [
    `      ${r.definition ?? ''}`,
    ...(r.variant ? [`      variant: ${r.variant}`] : []),
    ...(r.denominator ? [`      denominator: ${r.denominator}`] : []),
    ...(r.query ? [`      query: queries/${r.query}`] : []),
  ];
}

/** The tickets-opened line and, when the export holds them, the interactions counted apart. */
function volumeRows(v: Row): string[][] {
  const rows = [['Tickets opened', num(Number(v.tickets ?? 0)), ticketKinds(v)]];
  if (isNum(v.interactions) && v.interactions > 0) {
    rows.push(['Interactions', num(v.interactions), 'service-desk contacts, counted apart from the tickets they raise']);
  }
  return rows;
}

function headline(k: Record<string, Row>, verbose: boolean, wholeData: boolean): string[] {
  const out: string[] = [];
  const rows: string[][] = [];
  const defs: string[][] = [];
  for (const [id, name] of HEADLINE) {
    // without a period the backlog is the one at the latest time in the data
    const label = id === 'backlog' && wholeData ? 'Backlog at the data’s end' : name;
    const r = k[id];
    if (!r) continue;
    if (id === 'volume' && !isNa(r)) {
      for (const vr of volumeRows(r)) (rows.push(vr), defs.push([]));
      if (verbose) defs[defs.length - 1] = definition(r);
      continue;
    }
    if (isNa(r)) {
      rows.push([label, 'n/a', String(r.reason ?? 'no data')]);
    } else {
      // where definitions compete (FCR, SLA source, response time), say which one this is
      const t = r.alternatives?.length || r.id !== id ? title(String(r.id)) : '';
      // "SLA attainment (incidents, the export's own flag)" beside "SLA attainment" says only the parenthesis
      const which = t.toLowerCase().startsWith(label.toLowerCase()) ? t.slice(label.length).trim().replace(/^\((.*)\)$/, '$1') : t;
      rows.push([label, lineFigure(r), [extra(r), which].filter(Boolean).join(' · ')]);
    }
    defs.push(verbose ? definition(r) : []);
  }
  pad(rows).forEach((line, i) => out.push(line, ...defs[i]!));
  return out;
}

/** KPI ids in the family's own order (README's table), others after in the document's order. */
function byFamilyOrder(ids: string[]): string[] {
  const order = FAMILIES.flatMap(([, f]) => f);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...ids].sort((a, b) => rank(a) - rank(b));
}

function familyOf(id: string): string {
  return FAMILIES.find(([, ids]) => ids.includes(id))?.[0] ?? 'Other';
}

function familyOrder(): string[] {
  return [...FAMILIES.map(([f]) => f), 'Other'];
}

function notAvailable(k: Record<string, Row>, verbose: boolean): string[] {
  // the headline says its own n/a
  const na = Object.entries(k).filter(([id, r]) => isNa(r) && !HEADLINE.some(([h]) => h === id));
  if (!na.length) return [];
  const out = ['', `Not available from this data (${na.length})`];
  const rows = na.map(([id, r]) => [id, String(r.reason ?? 'no data')]);
  pad(rows).forEach((line, i) => out.push(line, ...(verbose ? definition(na[i]![1]) : [])));
  return out;
}

function families(k: Record<string, Row>, verbose: boolean): string[] {
  const headlineIds = new Set(HEADLINE.map(([id]) => id));
  const out: string[] = [];
  for (const fam of familyOrder()) {
    const members = byFamilyOrder(Object.keys(k))
      .filter((id) => familyOf(id) === fam && !headlineIds.has(id) && !isNa(k[id]))
      .map((id) => [id, k[id]!] as const);
    if (!members.length) continue;
    out.push('', fam);
    const rows = members.map(([id, r]) => [title(String(r.id ?? id)), lineFigure(r), extra(r), id]);
    pad(rows).forEach((line, i) => out.push(line, ...notes(members[i]![1]), ...(verbose ? definition(members[i]![1]) : [])));
  }
  return out;
}

/** What a figure needs beside it to be read right: a caveat, the member it is the worst of, the rule or model behind it. */
function notes(r: Row): string[] {
  const out: string[] = [];
  if (r.worst_service) out.push(`worst service ${String(r.worst_service)}${isNum(r.value_weighted) ? ` · impact-weighted ${fixed(r.value_weighted * 100, 3)} %` : ''}`);
  if (r.caveat) out.push(`caveat: ${String(r.caveat)}`);
  for (const k of ['rule', 'weights', 'model'] as const) if (r[k]) out.push(`${k}: ${String(r[k])}`);
  return out.map((x) => `      ${x}`);
}

/** A table cell: the main figure and, for shares and times, its sample. */
function cell(group: Row | undefined, overall: Row): string {
  // a group's row holds the figures only: its unit is the overall KPI's
  const r: Row | undefined = group && { unit: overall.unit, ...group };
  if (!r || isNa(r)) return r?.reason ? 'n/a' : '–';
  return (r.unit === 'ratio' || isTime(r)) && isNum(r.n) ? `${figure(r)} (${num(r.n)})` : figure(r);
}

const header = (id: string, r: Row): string => (isTime(r) ? `${id} median` : id);

function tables(doc: KpiDocument, verbose: boolean): string[] {
  const k = doc.kpis as Record<string, Row>;
  const out: string[] = [];
  for (const b of Object.values(doc.breakdowns)) {
    const skipped = b.skipped ?? {};
    out.push('', `By ${b.dimensions.join(' × ')}: ${num(b.groups.length)} member${b.groups.length === 1 ? '' : 's'}; cells are the figure (n)`);
    for (const fam of familyOrder()) {
      const ids = byFamilyOrder(Object.keys(k).filter((id) => familyOf(id) === fam && !isNa(k[id]) && !(id in skipped)));
      if (!ids.length) continue;
      // volume: the tickets opened (interactions apart, item 10), then interactions when the export has them
      const cols: { head: string; get: (kp: Row) => string }[] = [];
      for (const id of ids) {
        if (id === 'volume') {
          cols.push({ head: 'tickets opened', get: (kp) => (kp.volume ? num(Number(kp.volume.tickets ?? 0)) : '–') });
          if (Number(k.volume!.interactions ?? 0) > 0) cols.push({ head: 'interactions', get: (kp) => (kp.volume ? num(Number(kp.volume.interactions ?? 0)) : '–') });
        } else {
          cols.push({ head: header(id, k[id]!), get: (kp) => cell(kp[id], k[id]!) });
        }
      }
      const all = Object.fromEntries(ids.map((id) => [id, k[id]]));
      const rows = [
        [b.dimensions.join(' · '), ...cols.map((c) => c.head)],
        ['(all)', ...cols.map((c) => c.get(all))],
        ...b.groups.map((g) => [b.dimensions.map((d) => (g[d] === null || g[d] === undefined ? '(none)' : String(g[d]))).join(' · '), ...cols.map((c) => c.get(g.kpis ?? {}))]),
      ];
      out.push('', fam, ...pad(rows));
      if (verbose) for (const id of ids) out.push(`    ${id}: ${k[id]!.definition ?? ''}`);
    }
    const sk = Object.entries(skipped).filter(([id]) => !isNa(k[id]));
    if (sk.length) {
      out.push('', `Not broken down by ${b.dimensions.join(' × ')}`);
      out.push(...pad(sk.map(([id, why]) => [id, why])));
    }
  }
  return out;
}

/** The kpi@1 document as text for a person. */
export function renderKpiText(doc: KpiDocument, opts: KpiTextOptions = {}): string {
  const verbose = opts.verbose ?? false;
  const k = doc.kpis as Record<string, Row>;
  const hasBy = Object.keys(doc.breakdowns).length > 0;
  const out = [`Period: ${period(doc)}`, `Records: ${records(doc.counts as Row)}`, '', 'Headline', ...headline(k, verbose, !doc.period.from && !doc.period.to)];
  out.push(...(hasBy ? tables(doc, verbose) : families(k, verbose)));
  out.push(...notAvailable(k, verbose));
  out.push('', `${verbose ? '' : '--verbose: definitions and variants · '}--json: every field (itsm-lens/kpi@1)${hasBy ? '' : ' · --by DIM: a table per family'}`);
  return out.join('\n');
}
