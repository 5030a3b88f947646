import { describe, expect, it } from 'vitest';
import { renderKpiText } from '../../src/metrics/kpi-text.js';
import type { KpiDocument } from '../../src/metrics/kpi-document.js';

/**
 * renderKpiText line by line on hand-written kpi@1 documents: how each unit reads (minutes under an hour, days,
 * currency, the nines of availability, counts with thousands separators), the notes beside a figure, the
 * headline's labels and variant names, the n/a list, --verbose and --by tables. Every expected line is written
 * out here; the column widths are counted by hand (each column padded to its widest cell, 3 spaces between,
 * 2 spaces of indent, the last column unpadded).
 */
function docOf(d: { period?: Partial<KpiDocument['period']>; counts?: Record<string, unknown>; kpis: Record<string, unknown>; breakdowns?: Record<string, unknown> }): KpiDocument {
  return {
    schema: 'itsm-lens/kpi@1',
    period: { from: null, to: null, data_from: null, data_to: null, ...d.period },
    counts: d.counts ?? {},
    kpis: d.kpis,
    breakdowns: d.breakdowns ?? {},
  } as unknown as KpiDocument;
}

const lines = (doc: KpiDocument, verbose = false) => renderKpiText(doc, { verbose }).split('\n');
const sp = (n: number) => ' '.repeat(n);

describe('kpi text: each unit, note and label as a person reads it', () => {
  it('lays out the whole data: headline with variant names, families by unit, notes, the n/a list', () => {
    const doc = docOf({
      period: { data_from: '2024-01-05T10:00:00Z', data_to: '2024-03-31T23:00:00Z' },
      counts: { incidents: 1200, service_requests: 34, interactions: 0, other: 2, changes: 5, problems: 0, assets: 1 },
      kpis: {
        volume: { id: 'volume', unit: 'count', value: 1234, n: 1234, incidents: 1200, service_requests: 34, interactions: 0, other: 0, tickets: 1234 },
        // median exactly 1 h stays in hours; a mean of −0.5 h is under an hour in size: −30 min
        mttr: { id: 'mttr', unit: 'hours', n: 3, median: 1, mean: -0.5, p90: 2.4 },
        // variants compete: the title "SLA attainment (incidents, the export's own flag)" names which one
        sla_attainment: { id: 'sla_attainment', unit: 'ratio', value: 0.9, n: 50, alternatives: [{ id: 'sla_attainment_policy', value: null, n: 0 }] },
        reopen_rate: { id: 'reopen_rate', unit: 'ratio', value: 0.1234, n: 81 },
        backlog: { id: 'backlog', unit: 'count', value: 7, n: 7, lower_bound: true },
        change_success_rate: { id: 'change_success_rate', unit: 'ratio', value: null, n: 0 },
        knowledge_use_rate: { id: 'knowledge_use_rate', unit: 'ratio', value: null, n: 0 },
        // a time is n/a by its median, whatever its value field says
        mtta_business: { id: 'mtta_business', unit: 'hours', value: 3, n: 0, median: null, mean: null, p90: null, reason: 'no calendar configured' },
        // a median beside a value does not make a count of hops a time
        group_hops: { id: 'group_hops', unit: 'hops', value: 1.5, n: 2, median: 1, caveat: 'only tickets with an event history' },
        // the document's order is not the family's: csat comes after request_fulfilment_time in the README's table
        csat: { id: 'csat', unit: 'score', value: 4.25, n: 20 },
        request_fulfilment_time: { id: 'request_fulfilment_time', unit: 'days', n: 4, median: 0.5, mean: 2, p90: 10 },
        // a time with no p90 and no sample size
        time_to_close: { id: 'time_to_close', unit: 'hours', n: null, median: 2, mean: 2, p90: null },
        availability: { id: 'availability', unit: 'ratio', value: 0.99951, n: 3 },
        major_incidents: { id: 'major_incidents', unit: 'count', value: 2, n: 2, rule: 'incidents of priority 1' },
        cost_per_ticket: { id: 'cost_per_ticket', unit: 'currency', value: 12.5, n: 10, currency: 'EUR', model: 'monthly cost 125 EUR' },
        widgets: { id: 'widgets', unit: 'count', value: 3 },
        uptime: { id: 'uptime', unit: 'ratio', value: 0.5, n: 4, worst_service: 'Mail', value_weighted: 0.99975 },
        // hours without a median are a plain figure, not a time
        wait: { id: 'wait', unit: 'hours', value: 2.5, n: 3 },
        // not a finite number: n/a
        infinite: { id: 'infinite', unit: 'ratio', value: Number.POSITIVE_INFINITY, n: 1 },
      },
    });
    expect(lines(doc)).toEqual([
      'Period: all loaded data: opened from 5 Jan 2024, latest time 31 Mar 2024',
      // zero counts left out; 1200 with its thousands separator
      'Records: 1,200 incidents · 34 service requests · 2 other tickets · 5 changes · 1 assets',
      '',
      'Headline',
      // label column: 'Backlog at the data’s end' is 25 wide; figure column: 'median 1.0 h' is 12 wide
      `  Tickets opened${sp(14)}1,234${sp(10)}1,200 incidents + 34 service requests`,
      `  Time to resolve${sp(13)}median 1.0 h${sp(3)}mean -30 min · p90 2.4 h · n 3`,
      `  SLA attainment${sp(14)}90.0 %${sp(9)}n 50 · incidents, the export's own flag`,
      // 0.1234 → 12.34 % → one decimal
      `  Reopen rate${sp(17)}12.3 %${sp(9)}n 81`,
      // no period: the backlog is the one at the data's end; an integer count has no n beside it
      `  Backlog at the data’s end${sp(3)}7${sp(14)}at least: the export holds closed tickets only`,
      `  Change success${sp(14)}n/a${sp(12)}no data`,
      '',
      'Resolution',
      '  Time to close (incidents)   median 2.0 h   mean 2.0 h · p90 n/a   time_to_close',
      '',
      'Rework and routing',
      '  Assignment-group hops (incidents, from the event history)   1.50 hops   n 2   group_hops',
      '      caveat: only tickets with an event history',
      '',
      'Requests and satisfaction',
      // title column 47 wide ('Request fulfilment lead time (service requests)'); figure 12; extra 29
      '  Request fulfilment lead time (service requests)   median 0.5 d   mean 2.0 d · p90 10.0 d · n 4   request_fulfilment_time',
      `  Customer satisfaction (CSAT)${sp(22)}4.25${sp(11)}n 20${sp(28)}csat`,
      '',
      'Availability and major incidents',
      // availability in the nines: 0.99951 → 99.951 %
      '  Service availability (major incidents)   99.951 %   n 3   availability',
      // an empty extra is padded to 'n 3': 7 + 3 + 3 + 3 spaces after the '2'
      `  Major incidents${sp(26)}2${sp(16)}major_incidents`,
      '      rule: incidents of priority 1',
      '',
      'Service desk',
      '  Cost per ticket   12.50 EUR   n 10   cost_per_ticket',
      '      model: monthly cost 125 EUR',
      '',
      // KPIs of no family, in the document's order; a share with a worst service is in the nines too (0.5 → 50.000 %)
      'Other',
      // first column 7 wide, second 10 ('2.50 hours'), third 3
      `  widgets   3${sp(18)}widgets`,
      `  uptime${sp(4)}50.000 %     n 4   uptime`,
      '      worst service Mail · impact-weighted 99.975 %',
      `  wait${sp(6)}2.50 hours   n 3   wait`,
      '',
      'Not available from this data (3)',
      '  knowledge_use_rate   no data',
      `  mtta_business${sp(8)}no calendar configured`,
      `  infinite${sp(13)}no data`,
      '',
      '--verbose: definitions and variants · --json: every field (itsm-lens/kpi@1) · --by DIM: a table per family',
    ]);
  });

  it('with --verbose: definitions under the headline (after the interactions row), families and n/a lines', () => {
    const def = (definition: string) => ({ definition, variant: 'v', denominator: 'd', query: `${definition}.sql` });
    const doc = docOf({
      period: { from: '2024-03-01T00:00:00Z' },
      counts: { incidents: 0 },
      kpis: {
        volume: { id: 'volume', unit: 'count', value: 12, n: 12, incidents: 2, interactions: 10, tickets: 2, ...def('vol') },
        // the variant's title starts with the label: only the rest is said
        mttr: { id: 'mttr_business', unit: 'hours', n: 1, median: 26, mean: 26, p90: 26, definition: 'business' },
        // the variant's title does not start with the label: said whole
        fcr: { id: 'fcr_first_group', unit: 'ratio', value: 0.75, n: 4 },
        // a period with a start only is not the whole data: the backlog is at the period's end
        backlog: { id: 'backlog', unit: 'count', value: 4, n: 4 },
        cost_per_ticket: { id: 'cost_per_ticket', unit: 'currency', value: 3, n: 2 },
        csat: { id: 'csat', unit: 'score', value: null, n: 0, reason: 'no scores', ...def('sat') },
        // a share of exactly 1 is a whole number, and still a share with its sample
        self_service_rate: { id: 'self_service_rate', unit: 'ratio', value: 1, n: 8, definition: 'portal' },
      },
    });
    expect(lines(doc, true)).toEqual([
      'Period: from 1 Mar 2024 (UTC)',
      'Records: none opened in the period',
      '',
      'Headline',
      // label column 24 wide ('First-contact resolution'), figure column 13 ('median 26.0 h')
      // one kind of ticket: its name alone
      `  Tickets opened${sp(13)}2${sp(15)}incidents`,
      `  Interactions${sp(15)}10${sp(14)}service-desk contacts, counted apart from the tickets they raise`,
      '      vol',
      '      variant: v',
      '      denominator: d',
      '      query: queries/vol.sql',
      `  Time to resolve${sp(12)}median 26.0 h${sp(3)}mean 26.0 h · p90 26.0 h · n 1 · in business hours (incidents)`,
      '      business',
      `  First-contact resolution${sp(3)}75.0 %${sp(10)}n 4 · Resolved by the first assigned group (FCR proxy, from the event history)`,
      // no definition in the entry: an empty definition line
      '      ',
      `  Backlog at period end${sp(6)}4`,
      '      ',
      '',
      'Service desk',
      // no currency named: the amount alone, two decimals; a whole amount shows no n (only shares, times and
      // fractions do)
      '  Self-service rate   100.0 %   n 8   self_service_rate',
      '      portal',
      `  Cost per ticket     3.00${sp(12)}cost_per_ticket`,
      '      ',
      '',
      'Not available from this data (1)',
      '  csat   no scores',
      '      sat',
      '      variant: v',
      '      denominator: d',
      '      query: queries/sat.sql',
      '',
      '--json: every field (itsm-lens/kpi@1) · --by DIM: a table per family',
    ]);
  });

  it('says n/a for a volume with no figure, and the only kind other tickets have', () => {
    const doc = docOf({
      period: { data_from: '2024-02-03T00:00:00Z' },
      counts: { other: 1500 },
      kpis: {
        volume: { id: 'volume', unit: 'count', value: null, n: 0, reason: 'no ticket opened' },
        backlog: { id: 'backlog', unit: 'count', value: 1500, n: 1500, other: 1500 },
      },
    });
    // no latest time: the opened day stands for both
    expect(lines(doc).slice(0, 7)).toEqual([
      'Period: all loaded data: opened from 3 Feb 2024, latest time 3 Feb 2024',
      'Records: 1,500 other tickets',
      '',
      'Headline',
      `  Tickets opened${sp(14)}n/a${sp(5)}no ticket opened`,
      '  Backlog at the data’s end   1,500',
      '',
    ]);
    // incidents 0: not the one kind named
    const only = docOf({ kpis: { volume: { id: 'volume', unit: 'count', value: 9, n: 9, incidents: 0, service_requests: 0, other: 9, tickets: 9 } } });
    expect(lines(only).slice(0, 5)).toEqual([
      'Period: all loaded data (no ticket has an opened time)',
      'Records: none opened in the period',
      '',
      'Headline',
      '  Tickets opened   9   other (no ITSM kind, e.g. Jira bugs)',
    ]);
  });

  it('--by two dimensions: members joined, a missing member (none), cells n/a or –, verbose definitions, n/a KPIs not listed as skipped', () => {
    const doc = docOf({
      period: { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' },
      counts: { incidents: 3 },
      kpis: {
        volume: { id: 'volume', unit: 'count', value: 3, n: 3, incidents: 3, tickets: 3, interactions: 0 },
        reopen_rate: { id: 'reopen_rate', unit: 'ratio', value: 0.5, n: 2, definition: 'reopened share' },
        time_to_close: { id: 'time_to_close', unit: 'hours', n: 2, median: 0.5, mean: 0.5, p90: 0.9 },
        csat: { id: 'csat', unit: 'score', value: null, n: 0 },
        group_hops: { id: 'group_hops', unit: 'hops', value: 1, n: 2 },
        major_incidents: { id: 'major_incidents', unit: 'count', value: 1, n: 1 },
      },
      breakdowns: {
        'priority,group': {
          dimensions: ['priority', 'group'],
          groups: [
            { priority: 1, group: 'Net', kpis: { volume: { value: 2, n: 2, tickets: 2 }, reopen_rate: { value: null, n: 0, reason: 'none resolved' }, time_to_close: { n: 2, median: 0.5 }, major_incidents: { value: 1, n: 1 } } },
            { priority: 2, group: null, kpis: { reopen_rate: { value: 1, n: 1 } } },
          ],
          // a KPI the document lacks is not listed either
          skipped: { group_hops: 'ticket records have no group', csat: 'not shown: csat is n/a', ghost: 'not shown: no such KPI' },
        },
      },
    });
    expect(lines(doc, true)).toEqual([
      'Period: 2024-03 (1 Mar 2024 – 31 Mar 2024, UTC)',
      'Records: 3 incidents',
      '',
      'Headline',
      // label column 14 wide, figure column 6 ('50.0 %')
      `  Tickets opened   3${sp(8)}incidents`,
      '      ',
      `  Reopen rate${sp(6)}50.0 %   n 2`,
      '      reopened share',
      '',
      'By priority × group: 2 members; cells are the figure (n)',
      '',
      'Workload',
      // first column 16 wide ('priority · group'); interactions 0: no interactions column; no volume row: –
      '  priority · group   tickets opened',
      `  (all)${sp(14)}3`,
      `  1 · Net${sp(12)}2`,
      `  2 · (none)${sp(9)}–`,
      '    volume: ',
      '',
      'Resolution',
      // a time's column says median; 0.5 h = 30 min; a group's unit is the overall KPI's
      '  priority · group   time_to_close median',
      `  (all)${sp(14)}30 min (2)`,
      `  1 · Net${sp(12)}30 min (2)`,
      `  2 · (none)${sp(9)}–`,
      '    time_to_close: ',
      '',
      'Rework and routing',
      // a group whose figure is null with a reason: n/a; a group with no row: –
      '  priority · group   reopen_rate',
      `  (all)${sp(14)}50.0 % (2)`,
      `  1 · Net${sp(12)}n/a`,
      `  2 · (none)${sp(9)}100.0 % (1)`,
      '    reopen_rate: reopened share',
      '',
      'Availability and major incidents',
      // a count's cell has no (n)
      '  priority · group   major_incidents',
      `  (all)${sp(14)}1`,
      `  1 · Net${sp(12)}1`,
      `  2 · (none)${sp(9)}–`,
      '    major_incidents: ',
      '',
      'Not broken down by priority × group',
      '  group_hops   ticket records have no group',
      '',
      'Not available from this data (1)',
      '  csat   no data',
      '      ',
      '',
      '--json: every field (itsm-lens/kpi@1)',
    ]);
  });

  it('--by one member: "1 member", interactions column when the export has them', () => {
    const doc = docOf({
      kpis: { volume: { id: 'volume', unit: 'count', value: 1005, n: 1005, incidents: 5, interactions: 1000, tickets: 5 } },
      // the member has no channel key at all: (none)
      breakdowns: { channel: { dimensions: ['channel'], groups: [{ kpis: { volume: { value: 1005, tickets: 5, interactions: 1000 } } }] } },
    });
    const l = lines(doc);
    const at = l.indexOf('By channel: 1 member; cells are the figure (n)');
    expect(at).toBeGreaterThan(0);
    // first column 7 wide ('channel'), second 14 ('tickets opened')
    expect(l.slice(at + 1, at + 6)).toEqual(['', 'Workload', '  channel   tickets opened   interactions', `  (all)${sp(5)}5${sp(16)}1,000`, `  (none)${sp(4)}5${sp(16)}1,000`]);
    expect(l.slice(at + 6)).toEqual(['', '--verbose: definitions and variants · --json: every field (itsm-lens/kpi@1)']);
    expect(l.at(-1)).toBe('--verbose: definitions and variants · --json: every field (itsm-lens/kpi@1)');
  });
});
