/**
 * `itsm-lens coverage`: the coverage model as a document (`itsm-lens/coverage@1`) and as text. The figures
 * come from the three SQL files of this folder; this file only arranges them.
 */
import type { Store } from '../store/db.js';
import { FIELDS } from '../store/schema.js';
import { comparable, day, KIND_LABEL, loadCoverage, loadFieldFill, loadSpans, notComparableReason, shareWords, type CoverageMonth } from './index.js';

export interface CoverageMonthDoc {
  month: string;
  opened: number;
  resolved: number;
  /** opened / the typical month; null without a typical month */
  share_of_typical: number | null;
  complete: boolean;
  /** an export of ended tickets only: tickets opened after this instant may be missing (see the kind's complete_until) */
  missing_after: string | null;
  core: boolean;
  /** complete and at least min_share of a typical month: figures of other months are compared against it */
  comparable: boolean;
  /** why not comparable, in words; null when comparable */
  reason: string | null;
}

export interface CoverageKindDoc {
  kind: string;
  label: string;
  /** tickets of the kind with an opened time (`records` in all) */
  tickets: number;
  records: number;
  /** null when no ticket of the kind has an opened time */
  first_opened: string | null;
  last_opened: string | null;
  export_end: string | null;
  horizon_hours: number | null;
  settled_end: string | null;
  /** the share of the tickets opened after settled_end (to export_end) that have their end time already */
  late_ended: number | null;
  /** no ticket of the kind is open: the export holds ended tickets only */
  closed_only: boolean;
  /** the latest resolved or closed time */
  last_end: string | null;
  /** closed_only: last_end − the 95th percentile of resolution time; months ending later are incomplete */
  complete_until: string | null;
  typical_month: number | null;
  months: CoverageMonthDoc[];
  /** per canonical ticket field: records with a value, and their share */
  fields: Record<string, { filled: number; rate: number }>;
}

export interface CoverageDocument {
  schema: 'itsm-lens/coverage@1';
  threshold: { min_share: number; source: string };
  kinds: CoverageKindDoc[];
}

export async function coverageDocument(store: Store, threshold: { minShare: number; source: string }): Promise<CoverageDocument> {
  const spans = await loadSpans(store);
  const rows = await loadCoverage(store, spans);
  const fills = await loadFieldFill(store);
  const order = FIELDS.ticket.map((f) => f.name).filter((f) => f !== 'kind');
  // every kind loaded, with or without opened times (the fill rates still say what the export carries)
  const names = [...new Set(fills.map((f) => f.kind))].sort();
  const kinds = names.map((kind): CoverageKindDoc => {
    const s = spans.find((x) => x.kind === kind);
    const own = rows.filter((r) => r.kind === kind);
    const fill = fills.filter((f) => f.kind === kind);
    const records = fill[0]?.records ?? 0;
    return {
      kind,
      label: KIND_LABEL[kind] ?? kind,
      tickets: own.reduce((a, r) => a + r.opened, 0),
      records,
      first_opened: s?.first_opened ?? null,
      last_opened: s?.last_opened ?? null,
      export_end: s?.export_end ?? null,
      horizon_hours: s?.horizon_hours == null ? null : Math.round(s.horizon_hours * 10) / 10,
      settled_end: s?.settled_end ?? null,
      late_ended: s?.late_ended == null ? null : Math.round(s.late_ended * 1000) / 1000,
      closed_only: s?.closed_only ?? false,
      last_end: s?.last_end ?? null,
      complete_until: s?.complete_until ?? null,
      typical_month: own[0]?.typical ?? null,
      months: own.map((r) => monthDoc(rows, r, threshold.minShare)),
      fields: Object.fromEntries(
        order.map((name) => {
          const filled = fill.find((f) => f.field === name)?.filled ?? 0;
          return [name, { filled, rate: records ? Math.round((filled / records) * 10000) / 10000 : 0 }];
        }),
      ),
    };
  });
  return { schema: 'itsm-lens/coverage@1', threshold: { min_share: threshold.minShare, source: threshold.source }, kinds };
}

function monthDoc(rows: CoverageMonth[], r: CoverageMonth, share: number): CoverageMonthDoc {
  const ok = comparable(r, share);
  return {
    month: r.month,
    opened: r.opened,
    resolved: r.resolved,
    share_of_typical: r.typical ? Math.round((r.opened / r.typical) * 1000) / 1000 : null,
    complete: r.complete,
    missing_after: r.missing_after,
    core: r.core,
    comparable: ok,
    reason: ok ? null : (notComparableReason(rows, r.month, share, r.kind) ?? 'no typical month: the export covers no whole month of its core span'),
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)} %`;
// a rate that rounds to 0 or 100 % but is not says so (52 of 20,769 is not "0 %")
const fillPct = (filled: number, rate: number) => (filled === 0 ? '–' : rate < 0.005 ? '< 1 %' : rate < 1 && rate >= 0.995 ? '> 99 %' : pct(rate));
const hoursText = (h: number) => (h >= 48 ? `${(h / 24).toFixed(1)} days` : `${Math.round(h)} h`);
// "incidents" → "incident", "other tickets" → "other ticket"
const singular = (label: string) => label.replace(/s$/, '');
const instant = (iso: string) => `${day(iso)} ${iso.slice(11, 16)}`;

/** The state column of a month: complete, or why not, briefly. */
function state(k: CoverageKindDoc, m: CoverageMonthDoc, share: number): string {
  if (m.missing_after) return `incomplete: ${k.label} opened after ${instant(m.missing_after)} and still open at the export may be missing`;
  if (!m.complete && k.first_opened && k.last_opened) {
    if (m.month === k.first_opened.slice(0, 7) && m.month === k.last_opened.slice(0, 7)) return `partial: opened ${day(k.first_opened)} … ${day(k.last_opened)}`;
    if (m.month === k.first_opened.slice(0, 7)) return `partial: opened from ${day(k.first_opened)}`;
    return `partial: opened to ${day(k.last_opened)}`;
  }
  if (m.comparable) return 'complete';
  if (k.typical_month === null) return 'complete; no typical month to compare with';
  return `complete, under ${shareWords(share)} of a typical month`;
}

export function renderCoverageText(doc: CoverageDocument, db: string): string {
  const share = doc.threshold.min_share;
  const out: string[] = [];
  out.push(`Coverage of ${db}`);
  out.push(
    `A typical month is the median complete month of the core span (2.5–97.5 % of opened times); a month under ${shareWords(share)} of it ` +
      `is not compared against (${doc.threshold.source === 'default' ? 'the default; set coverage.min_share in the project config' : `coverage.min_share in ${doc.threshold.source}`}).`,
  );
  if (!doc.kinds.length) return [...out, '', 'No tickets are loaded.'].join('\n');
  // '*' repeats the only kind when there is one
  const kinds = doc.kinds.filter((k) => k.kind !== '*' || doc.kinds.length > 2);
  for (const k of kinds) {
    out.push('');
    const title = k.kind === '*' ? 'All tickets' : k.label.charAt(0).toUpperCase() + k.label.slice(1);
    if (!k.first_opened || !k.last_opened || !k.export_end) {
      out.push(`${title}: ${n(k.records)}, none with an opened time: no months to cover`);
      continue;
    }
    if (k.records > k.tickets) out.push(`${title}: ${n(k.records - k.tickets)} of ${n(k.records)} have no opened time and are in no month`);
    out.push(`${title}: ${n(k.tickets)} opened ${day(k.first_opened)} … ${day(k.last_opened)}` +
      (k.typical_month === null ? '; no complete month in the core span, so no typical month' : `; a typical month holds ${n(Math.round(k.typical_month))}`));
    if (k.closed_only && k.complete_until && k.last_end && k.settled_end === k.complete_until) {
      out.push(`  settled until ${instant(k.settled_end)}: no ${singular(k.label)} in the export is open (the last ended ${instant(k.last_end)}), so it holds ended ${k.label} only; 95 % are resolved within ${hoursText((Date.parse(k.last_end) - Date.parse(k.complete_until)) / 3_600_000)}, so ${k.label} opened later and still open when it was taken are missing`);
    } else if (k.settled_end && k.horizon_hours !== null && k.late_ended !== null && k.late_ended >= 0.5) {
      // the export was taken after it stopped taking in tickets: the later ones have their times, and are held back
      // only to judge every month alike
      out.push(`  settled until ${instant(k.settled_end)}: the export takes in tickets until ${instant(k.export_end)}, and 90 % of resolutions come within ${hoursText(k.horizon_hours)}; durations are judged on tickets opened before, although ${pct(k.late_ended)} of those opened later have a resolution time (the export was taken later)`);
    } else if (k.settled_end && k.horizon_hours !== null) {
      out.push(`  settled until ${instant(k.settled_end)}: the export ends ${instant(k.export_end)}, and 90 % of resolutions come within ${hoursText(k.horizon_hours)}; tickets opened later mostly have no resolution time yet`);
    } else out.push(`  no ${k.label} resolved: no settled end (resolution times are unknown)`);
    out.push(`  ${'month'.padEnd(15)} ${'opened'.padStart(7)} ${'resolved'.padStart(9)} ${'of typical'.padStart(10)}  state`);
    // a run of three or more months in the same state (an export's sparse early years) is one line
    const states = k.months.map((m) => state(k, m, share));
    for (let i = 0; i < k.months.length; ) {
      let j = i;
      while (j + 1 < k.months.length && states[j + 1] === states[i] && states[i] !== 'complete') j++;
      const m = k.months[i]!;
      if (j - i >= 2) {
        const run = k.months.slice(i, j + 1);
        const label = `${m.month}…${k.months[j]!.month}`;
        const most = Math.max(...run.map((r) => r.share_of_typical ?? 0));
        out.push(`  ${label.padEnd(15)} ${n(run.reduce((a, r) => a + r.opened, 0)).padStart(7)} ${n(run.reduce((a, r) => a + r.resolved, 0)).padStart(9)} ${(most ? `≤ ${pct(most)}` : pct(0)).padStart(10)}  ${states[i]}, each (${run.length} months, totals)`);
      } else {
        for (let x = i; x <= j; x++) {
          const r = k.months[x]!;
          out.push(`  ${r.month.padEnd(15)} ${n(r.opened).padStart(7)} ${n(r.resolved).padStart(9)} ${(r.share_of_typical === null ? '–' : pct(r.share_of_typical)).padStart(10)}  ${states[x]}`);
        }
      }
      i = j + 1;
    }
  }
  // fill rates: a column per kind; fields empty in every kind on one line
  const cols = doc.kinds.filter((k) => k.kind !== '*');
  const names = Object.keys(cols[0]?.fields ?? {});
  const filled = names.filter((f) => cols.some((k) => k.fields[f]!.filled > 0));
  const empty = names.filter((f) => !filled.includes(f));
  out.push('');
  out.push('Fields filled (share of records with a value)');
  out.push(`  ${'field'.padEnd(24)} ${cols.map((k) => k.label.padStart(13)).join(' ')}`);
  for (const f of filled) out.push(`  ${f.padEnd(24)} ${cols.map((k) => fillPct(k.fields[f]!.filled, k.fields[f]!.rate).padStart(13)).join(' ')}`);
  if (empty.length) out.push(`  empty in every record: ${empty.join(', ')}`);
  return out.join('\n');
}
