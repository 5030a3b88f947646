/**
 * `kpi` text on the real exports (issue 18 items 7 and 10): what a person reads, checked against counts taken
 * with plain SQL from the loaded files. Runs when ../shared/data exists; skipped visibly otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, SHARED_DATA } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; kpi text on the real exports runs where ../shared/data exists (CI).\n`);

async function query<T = Record<string, any>>(db: string, sql: string): Promise<T[]> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await store.all<T>(sql);
  } finally {
    store.close();
  }
}

const n = (v: number) => v.toLocaleString('en-US');

describe.skipIf(!present)('kpi text on the ServiceNow event log', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await realDataDb('servicenow-uci'));
  });

  it('--by priority: the headline, then a table per family with a row per priority', async () => {
    const r = cli(['kpi', '--db', db, '--by', 'priority']);
    expect(r.code, r.stderr).toBe(0);
    const byPriority = await query<{ priority: number; n: number }>(db, `SELECT priority, count(*) AS n FROM ticket GROUP BY 1 ORDER BY 1`);
    const [all] = await query<{ n: number }>(db, 'SELECT count(*) AS n FROM ticket');
    expect(byPriority.map((p) => p.priority)).toEqual([1, 2, 3, 4]);
    expect(r.stdout).toMatch(new RegExp(`^Headline\\n  Tickets opened +${n(all!.n)} +incidents$`, 'm'));
    const workload = /^Workload\n([^]*?)\n\n/m.exec(r.stdout)?.[1]?.split('\n') ?? [];
    expect(workload[0]).toMatch(/^  priority +tickets opened/);
    expect(workload[1]).toMatch(new RegExp(`^  \\(all\\) +${n(all!.n)}\\b`));
    // a row per priority, each with the tickets opened at that priority
    expect(workload.slice(2).map((l) => l.trim().split(/ {2,}/).slice(0, 2))).toEqual(byPriority.map((p) => [String(p.priority), n(p.n)]));
    for (const fam of ['Resolution', 'SLA', 'First contact', 'Rework and routing']) expect(r.stdout).toMatch(new RegExp(`^${fam}\\n  priority `, 'm'));
  });

  it('warns on stderr, with the data’s span, for a period outside the data', async () => {
    const [span] = await query<{ first: string; last: string }>(db,
      `SELECT strftime(min(opened_at), '%-d %b %Y') AS first, strftime(max(opened_at), '%-d %b %Y') AS last FROM ticket`);
    const r = cli(['kpi', '--db', db, '--month', '2020-01']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(`kpi: warning: nothing was opened in 2020-01 (1 Jan 2020 – 31 Jan 2020, UTC): the data's opened times run from ${span!.first} to ${span!.last}`);
    expect(r.stdout).toMatch(/^Records: none opened in the period$/m);
  });
});

describe.skipIf(!present)('kpi text on HP Service Manager (BPI 2014): interactions apart', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await realDataDb('hpsm-bpi2014'));
  });

  it('names the kinds the tickets-opened figure adds and shows the interactions apart', async () => {
    const [c] = await query<{ incidents: number; interactions: number; other: number }>(db, `SELECT count(*) FILTER (WHERE kind = 'incident') AS incidents,
      count(*) FILTER (WHERE kind = 'interaction') AS interactions, count(*) FILTER (WHERE kind NOT IN ('incident', 'interaction')) AS other
      FROM ticket WHERE opened_at >= '2013-10-01' AND opened_at < '2013-11-01'`);
    expect(c!.other).toBe(0);
    const r = cli(['kpi', '--db', db, '--month', '2013-10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^  Tickets opened +${n(c!.incidents)} +incidents\\n  Interactions +${n(c!.interactions)} +service-desk contacts, counted apart`, 'm'));
  });
});
