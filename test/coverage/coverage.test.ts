/**
 * The coverage model (src/coverage/coverage.sql) on hand-made tickets, with the expected rows derived by
 * hand below, and the default and warned periods it gives `report` and `check`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseMonth, comparable, defaultMonth, loadCoverage, notComparableReason, type CoverageMonth } from '../../src/coverage/index.js';
import { coverageDocument, renderCoverageText } from '../../src/coverage/document.js';
import { Store } from '../../src/store/db.js';

let store: Store;
let rows: CoverageMonth[];

// Incidents opened (UTC): one stray in Jan 2024; then 10 Feb-15 … 30 Apr at 2 a day; then 5 in May up to
// 10 May. Requests: 3 in March.
//   Jan: 1 opened. Feb 15–29: 15 days × 2 = 30. Mar: 31 × 2 = 62. Apr: 30 × 2 = 60. May: 5.
//   span 2024-01-20 … 2024-05-10: Jan is cut at the start (first opened the 20th), May at the end (10th);
//   Feb, Mar, Apr are covered whole (complete). 158 incidents: the 2.5 % quantile (the 4th) is in Feb and
//   the 97.5 % quantile (the 155th) in May, so the core span is Feb … May; its complete months Feb (30),
//   Mar (62), Apr (60): typical = median 60. A quarter of 60 is 15: Feb (30) is comparable.
const incidents: string[] = ['2024-01-20 10:00:00'];
for (let d = new Date(Date.UTC(2024, 1, 15)); d < new Date(Date.UTC(2024, 4, 1)); d = new Date(d.getTime() + 86_400_000)) {
  const day = d.toISOString().slice(0, 10);
  incidents.push(`${day} 08:00:00`, `${day} 15:00:00`);
}
for (let i = 6; i <= 10; i++) incidents.push(`2024-05-${String(i).padStart(2, '0')} 09:00:00`);

beforeAll(async () => {
  store = await Store.open(':memory:');
  const values = [
    ...incidents.map((o, i) => `('x:i${i}', 'incident', TIMESTAMPTZ '${o}+00', TIMESTAMPTZ '${o}+00' + INTERVAL 1 DAY)`),
    ...['2024-03-01', '2024-03-10', '2024-03-31'].map((o, i) => `('x:r${i}', 'service_request', TIMESTAMPTZ '${o} 12:00:00+00', NULL)`),
  ];
  await store.run(`INSERT INTO ticket (ticket_key, kind, opened_at, resolved_at) VALUES ${values.join(', ')}`);
  rows = await loadCoverage(store);
});
afterAll(() => store?.close());

describe('coverage model', () => {
  it('counts, completeness and the typical month per kind, as derived by hand', () => {
    const inc = rows.filter((r) => r.kind === 'incident').map((r) => [r.month, r.opened, r.complete, r.core]);
    expect(inc).toEqual([
      ['2024-01', 1, false, false],
      ['2024-02', 30, true, true],
      ['2024-03', 62, true, true],
      ['2024-04', 60, true, true],
      ['2024-05', 5, false, true],
    ]);
    expect(rows.find((r) => r.kind === 'incident')!.typical).toBe(60);
    // resolved a day after opening: Jan's ticket resolves in Jan, 29 Feb's two in March, 30 Apr's two in May
    expect(rows.filter((r) => r.kind === 'incident').map((r) => r.resolved)).toEqual([1, 28, 62, 60, 7]);
    // requests: one month, covered whole? opened 1 … 31 March: complete; the export's '*' row adds both kinds
    expect(rows.filter((r) => r.kind === 'service_request').map((r) => [r.month, r.opened, r.complete])).toEqual([['2024-03', 3, true]]);
    expect(rows.find((r) => r.kind === '*' && r.month === '2024-03')!.opened).toBe(65);
  });

  it('defaults to the latest complete month of typical size and says why', () => {
    expect(defaultMonth(rows)).toEqual({ month: '2024-04', why: '2024-04: the latest complete month; 2024-05 ends on 10 May 2024' });
  });

  it('gives an export of ended tickets only its own reason for the last month, not its opened span', () => {
    // HPSM BPI 2014 in small: incidents opened 1 Feb … 31 Mar, all ended by 31 Mar; March ends after the
    // complete_until (11 Mar), so it is incomplete although incidents were opened up to its last day
    const month = (m: string, first: string, last: string, complete: boolean, missing: string | null): CoverageMonth => ({
      kind: 'incident', month: m, opened: 100, resolved: 100, complete, missing_after: missing, last_end: missing ? '2014-03-31T22:47:32Z' : null,
      core: true, typical: 100, first_opened: first, last_opened: last,
    });
    const closedOnly = [month('2014-02', '2014-02-01T00:05:00Z', '2014-02-28T23:50:00Z', true, null), month('2014-03', '2014-03-01T00:10:00Z', '2014-03-31T21:00:00Z', false, '2014-03-11T20:40:00Z')];
    expect(defaultMonth(closedOnly).why).toBe(
      '2014-02: the latest complete month; 2014-03 is incomplete: the export holds only incidents that had ended by 31 Mar 2014, so those opened after 11 Mar 2014 and still open then are missing',
    );
  });

  it('names what makes a month unfit to compare against', () => {
    expect(notComparableReason(rows, '2024-05')).toBe('2024-05 is a partial month (incidents opened 20 Jan 2024 … 10 May 2024)');
    expect(notComparableReason(rows, '2023-12')).toBe('2023-12 is outside the data (incidents opened 20 Jan 2024 … 10 May 2024)');
    expect(notComparableReason(rows, '2024-03')).toBeNull();
    const feb = rows.find((r) => r.kind === 'incident' && r.month === '2024-02')!;
    expect(comparable(feb)).toBe(true);
    // at a share of 0.6 Feb (30 of 60) is too small
    expect(notComparableReason(rows, '2024-02', 0.6)).toBe('2024-02 holds 30 incidents, under 60 % of a typical month (60)');
  });
});

// The settled end and fill rates, on a second hand-made set: 60 'other' tickets opened 1 … 30 March 2024 at
// 06:00 and 18:00, resolved after 10, 20, … 100 hours (ticket i: 10 × (i mod 10 + 1) h, so six of each), 15
// of them with a title; and one stray opened 25 Dec 2024 10:00, unresolved.
//   p90 of the 60 resolution times (quantile_cont): position 0.9 × 59 = 53.1 in the sorted list; indices
//   48–53 hold 90 h and 54–59 hold 100 h, so 90 + 0.1 × 10 = 91 h.
//   core span: the 97.5 % quantile of the 61 opened times is a March one, so the export ends at the latest
//   March opening, 30 Mar 18:00, not at the stray; settled end = 30 Mar 18:00 − 91 h = 26 Mar 23:00.
describe('the settled end and the field fill rates', () => {
  let s2: Store;
  beforeAll(async () => {
    s2 = await Store.open(':memory:');
    const values: string[] = [];
    for (let i = 0; i < 60; i++) {
      const day = String(Math.floor(i / 2) + 1).padStart(2, '0');
      const at = `2024-03-${day} ${i % 2 ? '18' : '06'}:00:00+00`;
      values.push(`('x:o${i}', 'other', ${i < 15 ? `'t${i}'` : 'NULL'}, TIMESTAMPTZ '${at}', TIMESTAMPTZ '${at}' + INTERVAL ${10 * ((i % 10) + 1)} HOUR)`);
    }
    values.push(`('x:stray', 'other', NULL, TIMESTAMPTZ '2024-12-25 10:00:00+00', NULL)`);
    await s2.run(`INSERT INTO ticket (ticket_key, kind, title, opened_at, resolved_at) VALUES ${values.join(', ')}`);
  });
  afterAll(() => s2?.close());

  it('derives the settled end from the opened span and the resolution times, not from the stray', async () => {
    const doc = await coverageDocument(s2, { minShare: 0.25, source: 'default' });
    const other = doc.kinds.find((k) => k.kind === 'other')!;
    expect(other).toMatchObject({
      tickets: 61,
      first_opened: '2024-03-01T06:00:00Z',
      last_opened: '2024-12-25T10:00:00Z',
      export_end: '2024-03-30T18:00:00Z',
      horizon_hours: 91,
      settled_end: '2024-03-26T23:00:00Z',
    });
    expect(other.fields.title).toEqual({ filled: 15, rate: Math.round((15 / 61) * 10000) / 10000 });
    expect(other.fields.opened_at!.filled).toBe(61);
    expect(other.fields.resolved_at!.filled).toBe(60);
    expect(other.fields.due_at!.filled).toBe(0);
    expect(Object.keys(other.fields)).not.toContain('title_raw');
    // the span (1 Mar … 25 Dec) covers March whole: the one complete month with tickets, so typical = 60;
    // Apr … Nov hold nothing, under a quarter of it; December is cut by the span's end
    expect(other.months.map((m) => [m.month, m.opened, m.comparable])).toEqual([
      ['2024-03', 60, true],
      ...['04', '05', '06', '07', '08', '09', '10', '11'].map((m) => [`2024-${m}`, 0, false]),
      ['2024-12', 1, false],
    ]);
    expect(other.months[1]!.reason).toBe('2024-04 holds 0 other tickets, under a quarter of a typical month (60)');
  });

  it('prints the settled end and the fill rates as text, and --json as itsm-lens/coverage@1', async () => {
    const doc = await coverageDocument(s2, { minShare: 0.3, source: 'x.yaml' });
    expect(doc.threshold).toEqual({ min_share: 0.3, source: 'x.yaml' });
    const text = renderCoverageText(doc, 'test.duckdb');
    expect(text).toMatch(/coverage.min_share in x.yaml/);
    // every ticket opened after the settled end has its resolution (in April, below): the export was taken later,
    // and the text says so instead of "mostly have no resolution time yet"
    expect(text).toContain('settled until 26 Mar 2024 23:00: the export takes in tickets until 30 Mar 2024 18:00, and 90 % of resolutions come within 3.8 days; durations are judged on tickets opened before, although 100 % of those opened later have a resolution time (the export was taken later)');
    // resolved in April: 29 Mar 06:00 + 70 h, 29 Mar 18:00 + 80 h, 30 Mar 06:00 + 90 h, 30 Mar 18:00 + 100 h
    expect(text).toMatch(/2024-04…2024-11\s+0\s+4\s+0 %\s+complete, under 30 % of a typical month, each \(8 months, totals\)/);
    expect(text).toMatch(/title\s+25 %/);
  });
});

// The edges of `complete` and `core` (coverage.sql), on a third hand-made set. A month M is complete when the kind's
// first opening is ≤ M + 1 day and its last ≥ M + 1 month − 1 day; typical is the median of the complete months
// that also lie in the core span (2.5 % … 97.5 % quantiles of the opened time).
//   incident: first opened 2 Jan 00:00 = 1 Jan + 1 day exactly, last 31 Jan 00:00 = 1 Feb − 1 day exactly:
//     January is complete (both ends on the edge)
//   service_request: first 2 Jan 12:00 (half a day past the slack), a ticket on 15 Feb, last 30 Mar 12:00 (half a
//     day short of 31 Mar 00:00): January and March are partial, February complete. (DuckDB's quantile_disc takes
//     the value at index ⌈n·q⌉ − 1: of 3, the 1st and the 3rd: core Jan … Mar)
//   other: 1 ticket on 1 Jan 00:00, 50 in February, 49 in March up to 31 Mar 12:00 (100): every month complete.
//     quantile_disc 2.5 % of 100 is the 3rd (⌈2.5⌉ − 1 = index 2, a February one), 97.5 % the 98th (a March one):
//     core Feb … Mar, and
//     January, complete, is outside it. typical = median(50, 49) = 49.5 (with January's 1 it would be 49)
describe('the edges of a complete month and of the core span', () => {
  let s3: Store;
  let edges: CoverageMonth[];
  beforeAll(async () => {
    s3 = await Store.open(':memory:');
    const values: string[] = [];
    const add = (kind: string, at: string) => values.push(`('x:${values.length}', '${kind}', TIMESTAMPTZ '${at}+00')`);
    add('incident', '2024-01-02 00:00:00');
    add('incident', '2024-01-31 00:00:00');
    add('service_request', '2024-01-02 12:00:00');
    add('service_request', '2024-02-15 12:00:00');
    add('service_request', '2024-03-30 12:00:00');
    add('other', '2024-01-01 00:00:00');
    for (let i = 0; i < 50; i++) add('other', `2024-02-${String((i % 29) + 1).padStart(2, '0')} 10:00:00`);
    for (let i = 0; i < 48; i++) add('other', `2024-03-${String((i % 30) + 1).padStart(2, '0')} 10:00:00`);
    add('other', '2024-03-31 12:00:00');
    await s3.run(`INSERT INTO ticket (ticket_key, kind, opened_at) VALUES ${values.join(', ')}`);
    edges = await loadCoverage(s3);
  });
  afterAll(() => s3?.close());

  const of = (kind: string) => edges.filter((r) => r.kind === kind).map((r) => [r.month, r.opened, r.complete, r.core]);

  it('counts a month complete when the span reaches exactly one day into it and one day before its end', () => {
    expect(of('incident')).toEqual([['2024-01', 2, true, true]]);
  });

  it('counts a month partial when the span starts or ends half a day past that slack', () => {
    expect(of('service_request')).toEqual([
      ['2024-01', 1, false, true],
      ['2024-02', 1, true, true],
      ['2024-03', 1, false, true],
    ]);
  });

  it('takes the typical month from the complete months of the core span only', () => {
    expect(of('other')).toEqual([
      ['2024-01', 1, true, false],
      ['2024-02', 50, true, true],
      ['2024-03', 49, true, true],
    ]);
    expect(edges.find((r) => r.kind === 'other')!.typical).toBe(49.5);
  });
});

describe('tickets without an opened time', () => {
  it('says that none of the loaded tickets has one, not "ingest exports first"; an empty database is told to ingest', async () => {
    const s = await Store.open(':memory:');
    try {
      await expect(chooseMonth(s, undefined)).rejects.toThrow(/^no tickets with an opened time are loaded; ingest exports first/);
      // three issues of a Jira export without its Created column
      await s.run(`INSERT INTO ticket (ticket_key, kind, status) VALUES ('jira:A-1', 'incident', 'resolved'), ('jira:A-2', 'incident', 'open'), ('jira:A-3', 'service_request', 'open')`);
      await expect(chooseMonth(s, undefined)).rejects.toThrow(/^none of the 3 tickets loaded has an opened time \(their export has no opened or created column\)/);
    } finally {
      s.close();
    }
  });
});
