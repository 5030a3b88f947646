/**
 * A report definition naming a KPI the engine does not compute is refused when it is loaded (one line, exit 2,
 * nothing written), instead of drawing an empty chart. The KPI keys here are written by hand from README's
 * KPI table, not read from queries/.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, loadDefinition } from '../../src/report/definition.js';
import { UserError } from '../../src/errors.js';
import { Store } from '../../src/store/db.js';
import { cli, tempDir } from '../helpers.js';

const shipped = readFileSync(DEFAULT_DEFINITION, 'utf8');

function withText(text: string): string {
  const path = join(tempDir(), 'report.yaml');
  writeFileSync(path, text);
  return path;
}

describe('report definitions are checked against the KPI keys', () => {
  it('the shipped definition names only kpi@1 keys', () => {
    const def = loadDefinition(DEFAULT_DEFINITION);
    const named = new Set([
      ...def.tiles.map((t) => t.kpi),
      ...def.sections.flatMap((s) => s.charts).flatMap((c) => (c.data.type === 'query' ? [] : [c.data.kpi])),
    ]);
    // every name is a kpi@1 key (README: "KPIs"); the fcr variants' query ids are not keys of their own
    const keys = ['assets', 'availability', 'backlog', 'change_failure_rate', 'change_lead_time', 'change_success_rate', 'cost_per_ticket', 'csat', 'emergency_change_rate',
      'fcr', 'group_hops', 'major_incidents', 'mtta', 'mtta_business', 'mttr', 'mttr_business', 'mttr_net_of_hold', 'problem_backlog', 'problems_opened',
      'knowledge_use_rate', 'reassignment_rate', 'reopen_rate', 'request_fulfilment_time', 'same_day_next_day', 'self_service_rate', 'sla_attainment', 'sla_response_attainment',
      'time_on_hold', 'time_to_close', 'unapproved_change_rate', 'volume', 'warranty_expiring'];
    expect(named.size).toBeGreaterThanOrEqual(9);
    for (const k of named) expect(keys).toContain(k);
  });

  const cases: [string, string, string, RegExp][] = [
    ['a chart', 'data: { kpi: mttr, by: [group]', 'data: { kpi: mttr_typo, by: [group]', /sections\[\d+\]\.charts\[\d+\]\.data\.kpi: 'mttr_typo' is not a KPI \(known: assets, [^)]*\bbacklog, [^)]*\bmttr, /],
    ['a tile', '{ kpi: reopen_rate, label: Reopen rate', '{ kpi: reopen, label: Reopen rate', /tiles\[\d+\]\.kpi: 'reopen' is not a KPI/],
    ['a snapshot', 'snapshot: backlog', 'snapshot: backlogs', /\.data\.snapshot: 'backlogs' is not a KPI/],
    ['a variant id', 'data: { kpi: fcr, by: [month]', 'data: { kpi: fcr_first_group, by: [month]', /'fcr_first_group' is not a KPI/],
  ];
  for (const [what, from, to, message] of cases) {
    it(`refuses ${what} naming a KPI that does not exist`, () => {
      expect(shipped).toContain(from);
      const path = withText(shipped.replace(from, to));
      expect(() => loadDefinition(path)).toThrow(UserError);
      expect(() => loadDefinition(path)).toThrow(message);
    });
  }

  it('report --definition with an unknown KPI: one line on stderr, exit 2, nothing written', async () => {
    const dir = tempDir();
    const db = join(dir, 'db.duckdb');
    (await Store.open(db)).close();
    const out = join(dir, 'out');
    const r = cli(['report', '--db', db, '--out', out, '--definition', withText(shipped.replace('data: { kpi: mttr, by: [group]', 'data: { kpi: nope, by: [group]'))]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/'nope' is not a KPI/);
    expect(existsSync(out)).toBe(false);
  });
});
