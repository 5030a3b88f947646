import { describe, expect, it } from 'vitest';
import { renderKpiText } from '../../src/metrics/kpi-text.js';
import type { KpiDocument } from '../../src/metrics/kpi-document.js';

/**
 * A small kpi@1 document written by hand: the renderer only lays out what the document says (entries carry
 * only the fields a test reads, hence the cast).
 */
function doc(extra: Record<string, unknown> = {}): KpiDocument {
  const time = (median: number, mean: number, p90: number, n: number) => ({ unit: 'hours', basis: 'calendar', n, median, mean, p90 });
  return {
    schema: 'itsm-lens/kpi@1',
    period: { from: '2013-10-01T00:00:00Z', to: '2013-11-01T00:00:00Z', data_from: '2011-09-01T09:13:00Z', data_to: '2014-03-31T22:47:32Z' },
    counts: { incidents: 80, service_requests: 0, interactions: 300, other: 0, changes: 0, problems: 0, assets: 0 },
    kpis: {
      volume: { id: 'volume', unit: 'count', value: 380, n: 380, incidents: 80, service_requests: 0, interactions: 300, other: 0, tickets: 80, definition: 'tickets opened' },
      mttr: { id: 'mttr', ...time(19.5, 97.6, 237.5, 70), definition: 'resolved_at − opened_at' },
      sla_attainment: { id: 'sla_attainment', unit: 'ratio', value: null, n: 0, reason: 'no incident in the period carries an SLA flag in the export' },
      fcr: { id: 'fcr_flag', unit: 'ratio', value: 0.613, n: 300, alternatives: [{ id: 'fcr_first_assignment', value: 0.5, n: 70 }] },
      reopen_rate: { id: 'reopen_rate', unit: 'ratio', value: 0.05, n: 70, definition: 'share reopened', variant: 'ever reopened', denominator: 'resolved incidents', query: 'reopen_rate.sql' },
      backlog: { id: 'backlog', unit: 'count', value: 12, n: 12 },
      change_success_rate: { id: 'change_success_rate', unit: 'ratio', value: null, n: 0, reason: 'no changes loaded for the period' },
      mtta: { id: 'time_to_assign', ...time(0.05, 1.5, 0.25, 75) },
      reassignment_rate: { id: 'reassignment_rate', unit: 'ratio', value: 0.417, n: 70 },
      csat: { id: 'csat', unit: 'score', value: null, n: 0, reason: 'no ticket resolved in the period carries a satisfaction score' },
    },
    breakdowns: {},
    ...extra,
  } as unknown as KpiDocument;
}

const lines = (text: string) => text.split('\n');

describe('kpi text', () => {
  it('opens with the headline block in reading order, then families, then one line per KPI the data cannot give', () => {
    const text = renderKpiText(doc());
    const l = lines(text);
    expect(l[0]).toBe('Period: 2013-10 (1 Oct 2013 – 31 Oct 2013, UTC)');
    expect(l[1]).toBe('Records: 80 incidents · 300 interactions');
    const at = (re: RegExp) => l.findIndex((x) => re.test(x));
    const order = [/^  Tickets opened +80 +incidents$/, /^  Interactions +300 +service-desk contacts, counted apart/, /^  Time to resolve +median 19\.5 h +mean 97\.6 h · p90 237\.5 h · n 70$/,
      /^  SLA attainment +n\/a +no incident in the period carries an SLA flag/, /^  First-contact resolution +61\.3 % +n 300 · the export's own flag$/,
      /^  Reopen rate +5\.0 % +n 70$/, /^  Backlog at period end +12$/, /^  Change success +n\/a +no changes loaded/].map(at);
    expect(order.every((i) => i > 0), text).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // the other KPIs by family: a median under an hour in minutes (0.05 h = 3 min, 0.25 h = 15 min)
    expect(at(/^Response$/)).toBeGreaterThan(order.at(-1)!);
    expect(text).toMatch(/^  Time to assign \(incidents\) +median 3 min +mean 1\.5 h · p90 15 min · n 75 +mtta$/m);
    expect(text).toMatch(/^Rework and routing\n  Reassignment rate \(incidents\) +41\.7 % +n 70 +reassignment_rate$/m);
    // n/a KPIs: one line each with the reason; those of the headline are not repeated
    expect(text).toMatch(/^Not available from this data \(1\)\n  csat +no ticket resolved in the period carries a satisfaction score$/m);
    expect(text).not.toMatch(/^ {6}\S/m); // no definition lines without --verbose
  });

  it('adds definitions, variants and denominators with --verbose', () => {
    const text = renderKpiText(doc(), { verbose: true });
    expect(text).toMatch(/^  Reopen rate +5\.0 % +n 70\n      share reopened\n      variant: ever reopened\n      denominator: resolved incidents\n      query: queries\/reopen_rate\.sql$/m);
  });

  it('prints one table per family with a row per member under --by, units from the overall KPI', () => {
    const g = (priority: number, k: Record<string, unknown>) => ({ priority, kpis: k });
    const text = renderKpiText(doc({
      breakdowns: {
        priority: {
          dimensions: ['priority'],
          groups: [
            g(2, { volume: { value: 130, n: 130, tickets: 30, interactions: 100 }, reopen_rate: { value: 0.1, n: 20 }, mttr: { n: 20, median: 5.25, mean: 6, p90: 9 } }),
            g(4, { volume: { value: 250, n: 250, tickets: 50, interactions: 200 }, reopen_rate: { value: 0.02, n: 50 }, mttr: { n: 50, median: 30, mean: 40, p90: 80 } }),
          ],
          skipped: { backlog: 'a snapshot at the period end: it has no month (run it per --month instead)' },
        },
      },
    }));
    expect(text).toMatch(/^By priority: 2 members; cells are the figure \(n\)$/m);
    expect(text).toMatch(/^Workload\n  priority +tickets opened +interactions\n  \(all\) +80 +300\n  2 +30 +100\n  4 +50 +200$/m);
    expect(text).toMatch(/^Resolution\n  priority +mttr median\n  \(all\) +19\.5 h \(70\)\n  2 +5\.3 h \(20\)\n  4 +30\.0 h \(50\)$/m);
    expect(text).toMatch(/^Rework and routing\n  priority +reopen_rate +reassignment_rate\n  \(all\) +5\.0 % \(70\) +41\.7 % \(70\)\n  2 +10\.0 % \(20\) +–\n  4 +2\.0 % \(50\) +–$/m);
    expect(text).toMatch(/^Not broken down by priority\n  backlog +a snapshot at the period end/m);
  });

  it('says when no record has an opened time', () => {
    const d = doc();
    d.period = { from: null, to: null, data_from: null, data_to: null };
    expect(lines(renderKpiText(d))[0]).toBe('Period: all loaded data (no ticket has an opened time)');
  });
});
