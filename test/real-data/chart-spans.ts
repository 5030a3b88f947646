import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Issue 18.4 on the ServiceNow log: every trend chart a report wrote in `out` spans 2016-02 … 2016-05 at most and
 * ends with `last`; May (cut by the export's end, 13 May) is marked partial; the volume chart draws incidents only.
 */
export function expectChartSpans(out: string, last: string): void {
  const charts = readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.vl.json'));
  let trends = 0;
  for (const f of charts) {
    const spec = JSON.parse(readFileSync(join(out, 'charts', f), 'utf8'));
    const domain: string[] | undefined = spec.encoding?.x?.scale?.domain;
    if (!domain) continue; // a chart by member, not by month
    trends++;
    const xs = spec.data.values.map((v: any) => v.x as string);
    for (const m of [...domain, ...xs]) expect(m >= '2016-02' && m <= '2016-05', `${out}/${f}: ${m}`).toBe(true);
    expect(domain.at(-1)).toBe(last);
    if (last === '2016-05') expect(spec.encoding.x.axis.labelExpr, f).toContain("'2016-05 (partial)'");
    if (f === 'volume.vl.json') expect(new Set(spec.data.values.map((v: any) => v.series))).toEqual(new Set(['Incidents']));
  }
  expect(trends).toBeGreaterThanOrEqual(5);
}
