/**
 * A pack tile whose KPI picks one of its variants says which one its figure is (src/report/collect.ts
 * buildTile): `fcr` on a ServiceNow export without a first-contact flag is first-assignment resolution, a proxy
 * that overstates FCR; the tile read "First-contact resolution 54.6 %" with no word of it (the review, on the
 * UCI export). Hand-made export: 40 incidents in each of Jan–Mar 2025, resolved the same day, reassignment_count
 * 1 for i < 10, else 0; reopen_count 0 → February's first-assignment resolution 30/40 = 75 %.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { collectReport, type ReportData } from '../../src/report/collect.js';
import { loadDefinition } from '../../src/report/definition.js';
import { resolveReportPeriods } from '../../src/report/periods.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe('a tile of a KPI measured by one of its variants', () => {
  let store: Store;
  let data: ReportData;
  beforeAll(async () => {
    const dir = tempDir('itsm-lens-tile-variant-');
    store = await openStore(dir);
    const lines = ['number,incident_state,priority,opened_at,resolved_at,reassignment_count,reopen_count'];
    let no = 1000;
    for (const month of [1, 2, 3]) {
      for (let i = 0; i < 40; i++) {
        const day = `2025-${pad(month)}-${pad(1 + (i % 20))}`;
        lines.push(`INC${no++},Resolved,3 - Moderate,${day} 09:00:00,${day} 10:00:00,${i < 10 ? 1 : 0},0`);
      }
    }
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', lines.join('\n'))] });
    const config = loadProjectConfig();
    const def = loadDefinition();
    data = await collectReport(store, def, await resolveReportPeriods(store, '2025-02', def.trendMonths, 'previous', config.coverage.minShare, config.coverage.fromConfig), config);
  });
  afterAll(() => store.close());

  it('names the proxy FCR is measured by', () => {
    const fcr = data.tiles.find((t) => t.def.kpi === 'fcr')!;
    expect(fcr.value).toBe(0.75);
    expect(fcr.detail).toBe('measured as first-assignment resolution (FCR proxy)');
  });

  it('says nothing of the kind on a KPI that has one definition', () => {
    const mttr = data.tiles.find((t) => t.def.kpi === 'mttr')!;
    // every incident took 1 h
    expect(mttr.value).toBe(1);
    expect(mttr.detail ?? '').not.toMatch(/measured as/);
  });
});
