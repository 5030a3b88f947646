/**
 * A metric query file as read (its header fields), the breakdowns its table can answer, and the statement it
 * becomes for a breakdown, run on a small table in DuckDB so the check is on the rows it gives, not its text.
 * Also the kpi@1 document as a tidy table. Hand-made inputs, no ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, renderQuery, unsupportedDims, loadQueries } from '../../src/metrics/queries.js';
import { ALL_DIMENSIONS, dimensionSql } from '../../src/metrics/dimensions.js';
import { toTidy } from '../../src/metrics/tidy.js';
import type { KpiDocument } from '../../src/metrics/kpi-document.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

const HEADER = `-- id: demo_rate
-- title: Demo rate
-- definition: share of demo rows that are done
-- variant: plain
-- unit: ratio
-- denominator: demo rows
-- table: ticket
-- anchor: opened_at
`;
const BODY = `SELECT {{dims}} count(*) FILTER (WHERE status = 'closed') / count(*) AS value, count(*) AS n, {{by:priority}} AS by_priority
FROM base
{{group_by}}`;

describe('query file header', () => {
  it('reads every field; kpi defaults to the id and rank to 1', () => {
    const q = parseQuery(HEADER + BODY, 'demo_rate.sql');
    expect(q).toMatchObject({
      id: 'demo_rate', kpi: 'demo_rate', rank: 1, title: 'Demo rate', definition: 'share of demo rows that are done', variant: 'plain',
      unit: 'ratio', denominator: 'demo rows', table: 'ticket', anchor: 'opened_at', file: 'demo_rate.sql',
    });
    expect(q.sql).toBe(BODY);
    expect(q.dimensions).toBeUndefined();
    expect(q.spans).toBeUndefined();
  });

  it('kpi, rank, dimensions and spans when given; anchor none is a snapshot', () => {
    const q = parseQuery(
      HEADER.replace('-- anchor: opened_at', '-- anchor: none') + '-- kpi: demo\n-- rank: 2\n-- dimensions: service , ci\n-- spans: opened_at, coalesce(resolved_at, closed_at)\n' + BODY,
      'x.sql',
    );
    expect(q).toMatchObject({ kpi: 'demo', rank: 2, anchor: null, dimensions: ['service', 'ci'], spans: { start: 'opened_at', end: 'coalesce(resolved_at, closed_at)' } });
    expect(() => parseQuery(HEADER + '-- spans: coalesce(a, b)\n' + BODY, 'y.sql')).toThrow("y.sql: '-- spans:' needs a start and an end expression, separated by a comma");
  });

  it('a missing field names the file and the field', () => {
    expect(() => parseQuery(HEADER.replace('-- unit: ratio\n', ''), 'z.sql')).toThrow("z.sql: header lacks '-- unit: …'");
    expect(() => parseQuery(HEADER.replace('-- title: Demo rate', '-- title:'), 'z.sql')).toThrow("z.sql: header lacks '-- title: …'");
  });

  it('every shipped query file parses, ids unique', () => {
    const qs = loadQueries();
    expect(qs.length).toBeGreaterThan(30);
    expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
    // sorted by file name
    expect(qs.map((q) => q.file)).toEqual([...qs.map((q) => q.file)].sort());
  });
});

describe('breakdowns a query can answer', () => {
  const q = parseQuery(HEADER + BODY, 'd.sql');
  it('a ticket query answers the ticket dimensions and month; not asset-only ones', () => {
    expect(unsupportedDims(q, ['month', 'priority', 'group', 'channel'])).toEqual([]);
    expect(unsupportedDims(q, ['class', 'priority', 'department'])).toEqual(['class', 'department']);
  });
  it('a snapshot (anchor none) has no month; a span metric has; a dimensions header restricts', () => {
    const snap = { ...q, anchor: null };
    expect(unsupportedDims(snap, ['month', 'priority'])).toEqual(['month']);
    expect(unsupportedDims({ ...snap, spans: { start: 'a', end: 'b' } }, ['month'])).toEqual([]);
    expect(unsupportedDims({ ...q, dimensions: ['service'] }, ['service', 'priority'])).toEqual(['priority']);
    expect(unsupportedDims({ ...q, table: 'none' }, ['service'])).toEqual(['service']);
  });
  it('dimension SQL per table: group is assignment_group; an asset has no priority; month needs an anchor', () => {
    expect(dimensionSql('ticket', 'opened_at', 'group')).toBe('assignment_group');
    expect(dimensionSql('change', null, 'kind')).toBe('change_type');
    expect(dimensionSql('asset', null, 'priority')).toBeUndefined();
    expect(dimensionSql('asset', null, 'month')).toBeUndefined();
    expect(ALL_DIMENSIONS[0]).toBe('month');
    expect(new Set(ALL_DIMENSIONS).size).toBe(ALL_DIMENSIONS.length);
  });
});

describe('a query rendered for a breakdown, run on hand-made rows', () => {
  let store: Store;
  // 5 rows in March 2025: priority 1 closed, closed, open; priority 2 closed, open; 1 row in April (outside)
  beforeAll(async () => {
    store = await openStore(tempDir('itsm-lens-query-files-'));
    await store.run(`CREATE TEMP TABLE ticket AS SELECT * FROM (VALUES
      (1, 'closed', TIMESTAMPTZ '2025-03-02 10:00:00+00', 'A'), (1, 'closed', TIMESTAMPTZ '2025-03-03 10:00:00+00', 'A'),
      (1, 'new', TIMESTAMPTZ '2025-03-04 10:00:00+00', 'B'), (2, 'closed', TIMESTAMPTZ '2025-03-05 10:00:00+00', 'B'),
      (2, 'new', TIMESTAMPTZ '2025-03-06 10:00:00+00', 'B'), (2, 'closed', TIMESTAMPTZ '2025-04-01 10:00:00+00', 'B')
    ) t(priority, status, opened_at, assignment_group)`);
    await store.run(`CREATE OR REPLACE TEMP MACRO in_period(ts) AS ts >= TIMESTAMPTZ '2025-03-01 00:00:00+00' AND ts < TIMESTAMPTZ '2025-04-01 00:00:00+00'`);
  });
  afterAll(() => store.close());

  const run = async (dims: string[]) => {
    const { base, sql } = renderQuery(parseQuery(HEADER + BODY, 'd.sql'), dims);
    await store.run(`CREATE OR REPLACE TEMP VIEW base AS ${base}`);
    return store.all<Record<string, unknown>>(`${sql} ORDER BY ALL NULLS FIRST`);
  };

  it('no breakdown: one row over the period, 3 of 5 closed = 0.6', async () => {
    expect(await run([])).toEqual([{ value: 0.6, n: 5, by_priority: false }]);
  });

  it('by priority: the overall row (__g = 1) and one row per priority: 2/3 and 1/2', async () => {
    const rows = await run(['priority']);
    expect(rows.map((r) => [r.__d_priority, r.__g, r.n, r.value, r.by_priority])).toEqual([
      [null, 1, 5, 0.6, true],
      [1, 0, 3, 2 / 3, true],
      [2, 0, 2, 0.5, true],
    ]);
  });

  it('by priority and group: GROUPING over both (3 = the overall row)', async () => {
    const rows = await run(['priority', 'group']);
    expect(rows.map((r) => [r.__d_priority, r.__d_group, r.__g, r.n])).toEqual([
      [null, null, 3, 5],
      [1, 'A', 0, 2],
      [1, 'B', 0, 1],
      [2, 'B', 0, 2],
    ]);
  });

  it('by month: the overall row and March, labelled YYYY-MM after grouping; a body ending in `;` too', async () => {
    const want = [[null, 1, 5, 0.6], ['2025-03', 0, 5, 0.6]];
    expect((await run(['month'])).map((r) => [r.__d_month, r.__g, r.n, r.value])).toEqual(want);
    const { base, sql } = renderQuery(parseQuery(HEADER + BODY + ';\n', 'semi.sql'), ['month']);
    await store.run(`CREATE OR REPLACE TEMP VIEW base AS ${base}`);
    expect((await store.all<Record<string, unknown>>(`${sql} ORDER BY ALL NULLS FIRST`)).map((r) => [r.__d_month, r.__g, r.n, r.value])).toEqual(want);
  });

  it("the month a check names (dimensionSql) is the UTC month kpi labels, at month ends, in any session zone", async () => {
    await store.run(`SET TimeZone = 'America/Los_Angeles'`);
    try {
      const rows = await store.all<{ m: string }>(`SELECT ${dimensionSql('ticket', 't', 'month')} AS m FROM (VALUES
        (TIMESTAMPTZ '2024-12-31 23:59:59.999999+00'), (TIMESTAMPTZ '2025-01-01 00:00:00+00'),
        (TIMESTAMPTZ '2025-02-28 23:59:59.999999+00'), (TIMESTAMPTZ '2025-03-01 00:00:00+00'), (NULL)) v(t)`);
      expect(rows.map((r) => r.m)).toEqual(['2024-12', '2025-01', '2025-02', '2025-03', null]);
    } finally {
      await store.run(`RESET TimeZone`);
    }
  });

  it('a body without SELECT {{dims}} cannot take a breakdown', () => {
    expect(() => renderQuery(parseQuery(HEADER + 'SELECT count(*) AS n FROM base', 'nodims.sql'), ['priority'])).toThrow("nodims.sql: no 'SELECT {{dims}}' for the breakdown columns");
  });
});

describe('kpi@1 as a tidy table', () => {
  const doc = {
    schema: 'itsm-lens/kpi@1', period: { from: null, to: null, data_from: null, data_to: null }, counts: {},
    kpis: {
      mttr: { id: 'mttr', unit: 'hours', definition: 'd', variant: 'v', denominator: 'x', query: 'q', n: 10, mean: 5.5, median: 4, p90: null, reason: 'r' },
      volume: { id: 'volume', unit: 'count', definition: 'd', variant: 'v', denominator: 'x', query: 'q', value: 12, n: 12, source: 'export' },
    },
    breakdowns: {
      priority: { dimensions: ['priority'], groups: [{ priority: 1, kpis: { volume: { value: 7, n: 7 } } }, { priority: null, kpis: { volume: { value: 5, n: 5 } } }] },
    },
  } as unknown as KpiDocument;

  it('one row per KPI and numeric statistic (null kept), overall rows with NULL dimensions, then the groups', () => {
    const t = toTidy(doc);
    expect(t.dims).toEqual(['priority']);
    expect(t.rows).toEqual([
      { dims: [null], kpi: 'mttr', statistic: 'mean', value: 5.5, n: 10 },
      { dims: [null], kpi: 'mttr', statistic: 'median', value: 4, n: 10 },
      { dims: [null], kpi: 'mttr', statistic: 'p90', value: null, n: 10 },
      { dims: [null], kpi: 'volume', statistic: 'value', value: 12, n: 12 },
      { dims: [1], kpi: 'volume', statistic: 'value', value: 7, n: 7 },
      { dims: [null], kpi: 'volume', statistic: 'value', value: 5, n: 5 },
    ]);
  });

  it('without a breakdown: no dimension columns', () => {
    const t = toTidy({ ...doc, breakdowns: {} });
    expect(t.dims).toEqual([]);
    expect(t.rows[0]).toEqual({ dims: [], kpi: 'mttr', statistic: 'mean', value: 5.5, n: 10 });
  });
});
