/**
 * Periods chosen from the coverage model on the real exports (issue 18): the ServiceNow log's incidents were
 * opened 29 Feb … 13 May 2016, so `report` and `check` with no period take 2016-04 and say why, a report of
 * 2016-05 warns that the month is partial, and a month without data exits 2. On HPSM, March 2013 (9 incidents
 * against a typical month of thousands, README and the file) is named as under a quarter of a typical month.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultMonth, loadCoverage, notComparableReason } from '../../src/coverage/index.js';
import { Store } from '../../src/store/db.js';
import { cli, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
const dir = tempDir('itsm-lens-coverage-real-');

describe.skipIf(!present)('default and warned periods on the ServiceNow log', () => {
  let db: string;
  const rules = join(dir, 'rules.yaml');
  beforeAll(async () => {
    ({ db } = await realDataDb('servicenow-uci'));
    writeFileSync(rules, 'rules:\n  - id: sla\n    metric: sla_attainment\n    min: 0.1\n');
  }, 600_000);

  // report with no period on this log: test/real-data/report.test.ts (its one report serves both files)

  it('check with no period takes 2016-04 as well', () => {
    const r = cli(['check', '--db', db, '--config', rules, '--format', 'json']);
    expect(r.stderr).toMatch(/check: 2016-04: the latest complete month; 2016-05 ends on 13 May 2016/);
    expect(JSON.parse(r.stdout).period.label).toBe('2016-04');
  });

  it('report --month 2016-05 warns that the month is partial', () => {
    const r = cli(['report', '--db', db, '--out', join(dir, 'r-may'), '--month', '2016-05']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/report: warning: 2016-05 is a partial month \(incidents opened 29 Feb 2016 … 13 May 2016\)/);
  });

  it('a month without data exits 2 for report and check, naming the data span', () => {
    for (const args of [['report', '--out', join(dir, 'r-none')], ['check', '--config', rules]]) {
      const r = cli([...args, '--db', db, '--month', '2016-08']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/--month 2016-08: no tickets were opened in it.*outside the data \(incidents opened 29 Feb 2016 … 13 May 2016\)/);
    }
  });
});

describe.skipIf(!present)('the HPSM export’s near-empty months', () => {
  it('names March 2013 as under a quarter of a typical month, and 2014-03 as the default month', async () => {
    const { db } = await realDataDb('hpsm-bpi2014');
    const s = await Store.open(db, { readOnly: true });
    try {
      const rows = await loadCoverage(s);
      const mar13 = rows.find((r) => r.kind === 'incident' && r.month === '2013-03')!;
      expect(mar13.opened).toBe(9);
      // the typical month is a month of the core span (Oct 2013 … Mar 2014: thousands), not of the sparse years before
      expect(mar13.typical).toBeGreaterThan(6000);
      expect(notComparableReason(rows, '2013-03')).toMatch(/^2013-03 holds 9 incidents, under a quarter of a typical month \(\d+\)$/);
      expect(defaultMonth(rows).month).toBe('2014-03');
    } finally {
      s.close();
    }
  }, 600_000);
});
