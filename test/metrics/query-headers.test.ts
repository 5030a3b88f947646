import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQueries, parseQuery, renderQuery } from '../../src/metrics/queries.js';
import { tempDir } from '../helpers.js';

/**
 * The header of a query file (queries.ts) beyond the plain fields query-files.test.ts reads: spacing, `with:`
 * parameters, `body:` (one SQL body, several KPIs), spans with nested commas, and how a span metric's and a
 * table-less query's `base` is rendered. Query files are written here, in a temp folder.
 */
const head = (id: string, extra = '') =>
  `-- id: ${id}\n-- title: T ${id}\n-- definition: d\n-- variant: v\n-- unit: ratio\n-- denominator: x\n-- table: ticket\n-- anchor: opened_at\n${extra}`;

function dirWith(files: Record<string, string>): string {
  const dir = join(tempDir(), 'queries');
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

describe('query file headers', () => {
  it('reads a header written without spaces, trims values, and stops at the first line that is not one', () => {
    const q = parseQuery('--id:tight\n--  title:Tight   \n-- definition: d\n-- variant: v\n-- unit:ratio\n-- denominator: x\n-- table: ticket\n-- anchor: opened_at\nSELECT 1\n-- rank: 5\n', 't.sql');
    expect(q).toMatchObject({ id: 'tight', title: 'Tight', unit: 'ratio', rank: 1 });
    expect(q.sql).toBe('SELECT 1\n-- rank: 5\n');
  });

  it('splits spans at the top-level comma, past commas inside parentheses', () => {
    const q = parseQuery(head('s', '-- spans: coalesce(a, b), coalesce(c, greatest(d, e))\n') + 'SELECT 1', 's.sql');
    expect(q.spans).toEqual({ start: 'coalesce(a, b)', end: 'coalesce(c, greatest(d, e))' });
  });

  it('fills with: parameters into the body, leaves the runner placeholders, and refuses unused or malformed ones', () => {
    const body = "SELECT {{dims}} {{basis}} AS basis, {{no_data}} AS reason FROM base {{group_by}}";
    const q = parseQuery(head('w', "-- with: basis = 'business' ;; no_data = 'a = b'\n") + body, 'w.sql');
    expect(q.sql).toBe("SELECT {{dims}} 'business' AS basis, 'a = b' AS reason FROM base {{group_by}}");
    expect(q.with).toBe("basis = 'business' ;; no_data = 'a = b'");
    expect(() => parseQuery(head('u', "-- with: basis = 1; extra = 2; more = 3\n") + body, 'u.sql')).toThrow(
      "u.sql: '-- with:' names extra, more, which the body does not use",
    );
    expect(() => parseQuery(head('m', '-- with: basis = 1; oops\n') + body, 'm.sql')).toThrow(
      "m.sql: '-- with:' needs name = value pairs separated by ';' (got 'oops')",
    );
    expect(() => parseQuery(head('m', '-- with: Basis = 1\n') + body, 'm.sql')).toThrow(/got 'Basis = 1'/);
  });

  it('body: runs another file\'s body with its own parameters, under its own id; other files ignored', () => {
    const dir = dirWith({
      'b_business.sql': head('b_business', "-- body: a_calendar.sql\n-- with: basis = 'business'\n"),
      'a_calendar.sql': head('a_calendar', "-- with: basis = 'calendar'\n") + 'SELECT {{dims}} {{basis}} AS basis FROM base',
      'README.md': 'not a query',
    });
    const qs = loadQueries(dir);
    expect(qs.map((q) => [q.id, q.file, q.body ?? null, q.sql])).toEqual([
      ['a_calendar', 'a_calendar.sql', null, "SELECT {{dims}} 'calendar' AS basis FROM base"],
      ['b_business', 'b_business.sql', 'a_calendar.sql', "SELECT {{dims}} 'business' AS basis FROM base"],
    ]);
    // a folder other than queries/ is read afresh each time (only the shipped one is cached)
    loadQueries();
    writeFileSync(join(dir, 'c.sql'), head('c') + 'SELECT 1');
    expect(loadQueries(dir).map((q) => q.id)).toEqual(['a_calendar', 'b_business', 'c']);
    expect(loadQueries().some((q) => q.id === 'c')).toBe(false);
  });

  it('body: refuses a file that is missing or itself borrows its body', () => {
    const chained = dirWith({
      'a.sql': head('a') + 'SELECT 1',
      'b.sql': head('b', '-- body: a.sql\n'),
      'c.sql': head('c', '-- body: b.sql\n'),
    });
    expect(() => loadQueries(chained)).toThrow("c.sql: '-- body: b.sql' names no query file with a body of its own");
    const missing = dirWith({ 'b.sql': head('b', '-- body: gone.sql\n') });
    expect(() => loadQueries(missing)).toThrow("b.sql: '-- body: gone.sql' names no query file with a body of its own");
    // a with: the borrowed body does not use is refused, named after the borrowing file
    const unused = dirWith({ 'a.sql': head('a') + 'SELECT 1', 'b.sql': head('b', '-- body: a.sql\n-- with: basis = 1\n') });
    expect(() => loadQueries(unused)).toThrow("b.sql: '-- with:' names basis, which the body does not use");
  });
});

describe('rendered base of span and table-less queries', () => {
  const span = parseQuery(head('av', '-- spans: opened_at, coalesce(resolved_at, closed_at)\n').replace('-- anchor: opened_at', '-- anchor: none') + 'SELECT {{dims}} {{by:ci}} AS by_ci, count(*) AS n FROM base {{group_by}}', 'av.sql');

  it('a span metric measured over the period: its slice columns, the breakdown columns, the table', () => {
    const { base, sql } = renderQuery(span, ['service', 'ci']);
    expect(base).toMatch(/^SELECT \*, service AS __d_service, ci_name AS __d_ci, period_start\(\) AS __slice_from, period_end\(\) AS __slice_to FROM "ticket"$/m);
    expect(sql).toContain('TRUE AS by_ci');
    expect(renderQuery(span, ['service']).sql).toContain('FALSE AS by_ci');
  });

  it('a span metric by month: one row per month of the span, with its start and end expressions', () => {
    const { base } = renderQuery(span, ['month', 'service']);
    expect(base).toContain('opened_at');
    expect(base).toContain('coalesce(resolved_at, closed_at)');
    expect(base).toContain(', service AS __d_service');
    expect(base).toContain('"ticket"');
    expect(base).not.toContain('{{');
  });

  it('a query on no table has no base', () => {
    const none = parseQuery(head('n').replace('-- table: ticket', '-- table: none') + 'SELECT {{dims}} 1 AS n {{group_by}}', 'n.sql');
    expect(renderQuery(none, [])).toEqual({ base: null, sql: 'SELECT  1 AS n ' });
  });

  it('a snapshot query reads every record, with its breakdown columns', () => {
    const snap = parseQuery(head('s').replace('-- anchor: opened_at', '-- anchor: none') + 'SELECT {{dims}} count(*) AS n FROM base {{group_by}}', 's.sql');
    expect(renderQuery(snap, ['group']).base).toMatch(/^SELECT \*, assignment_group AS __d_group FROM "ticket"$/m);
    expect(renderQuery(snap, []).base).toMatch(/^SELECT \* FROM "ticket"$/m);
  });
});
