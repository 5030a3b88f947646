import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, resolvePeriod, type Period } from '../../src/metrics/kpi.js';
import { exportParquet } from '../../src/export/parquet.js';
import { attachParquetViews } from '../../src/export/views.js';
import { Store } from '../../src/store/db.js';
import { run } from '../../src/cli/main.js';
import { cli, SHARED_DATA, tempDir } from '../helpers.js';
import { fixtureDb, realDataDb } from '../shared-databases.js';

/** The KPI document computed by the unchanged engine over an export folder's read_parquet views. */
async function kpisOverParquet(dir: string, tenant: string | undefined, period: Period, by: string[]): Promise<Record<string, any>> {
  const mem = await Store.open(':memory:', { migrate: false });
  try {
    await attachParquetViews(mem, dir, { tenant });
    return await computeKpis(mem, period, { by });
  } finally {
    mem.close();
  }
}

async function kpisOverDb(db: string, period: Period, by: string[]): Promise<Record<string, any>> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await computeKpis(store, period, { by });
  } finally {
    store.close();
  }
}

describe('export --parquet: canonical tables by tenant and month, KPI queries unchanged over them', () => {
  const dir = tempDir();
  let sn: string;
  let hp: string;
  const lake = join(dir, 'lake');
  let exported: Record<string, any>;
  beforeAll(async () => {
    sn = (await fixtureDb('servicenow')).db;
    hp = (await fixtureDb('hpsm')).db;
    const r = cli(['export', '--db', sn, '--parquet', lake, '--tenant', 'sn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    exported = JSON.parse(r.stdout);
    const r2 = cli(['export', '--db', hp, '--parquet', lake, '--tenant', 'hp']);
    expect(r2.code, r2.stderr).toBe(0);
  });

  it('writes every row of every table under tenant=…/month=… with a manifest and a schema file per table', async () => {
    expect(exported.schema).toBe('itsm-lens/export@1');
    const store = await Store.open(sn, { readOnly: true });
    try {
      for (const t of ['ticket', 'change', 'problem', 'asset']) {
        const n = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`))!.n;
        expect(n, t).toBeGreaterThan(0);
        expect(exported.tables[t].rows, t).toBe(n);
      }
      const months = await store.all<{ m: string }>(`SELECT DISTINCT strftime(opened_at, '%Y-%m') AS m FROM ticket ORDER BY 1`);
      expect(readdirSync(join(lake, 'ticket', 'tenant=sn')).sort()).toEqual(months.map((r) => `month=${r.m}`));
    } finally {
      store.close();
    }
    expect(exported.tables.ticket.partition_by).toEqual(['tenant', 'month']);
    expect(exported.tables.asset.partition_by).toEqual(['tenant']);
    expect(existsSync(join(lake, 'itsm-lens-export.json'))).toBe(true);
    expect(existsSync(join(lake, '_schema', 'ticket_event.parquet'))).toBe(true);
  });

  it('gives, through read_parquet views named like the tables, exactly the database’s KPIs (overall, by month × priority, for a month)', async () => {
    for (const [db, tenant] of [[sn, 'sn'], [hp, 'hp']] as const) {
      const want = await kpisOverDb(db, { from: null, to: null }, ['month', 'priority']);
      expect(want.kpis.mttr.n, tenant).toBeGreaterThan(0);
      expect(await kpisOverParquet(lake, tenant, { from: null, to: null }, ['month', 'priority'])).toEqual(want);
    }
    const month = resolvePeriod({ month: '2025-06' });
    const want = await kpisOverDb(sn, month, ['group']);
    expect(want.kpis.sla_attainment.n).toBeGreaterThan(0);
    expect(await kpisOverParquet(lake, 'sn', month, ['group'])).toEqual(want);
  });

  it('pools the tenants when no tenant is picked, and a re-export replaces only its own tenant', async () => {
    const count = async (db: string) => {
      const s = await Store.open(db, { readOnly: true });
      try {
        return (await s.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n;
      } finally {
        s.close();
      }
    };
    const hpMonth = readdirSync(join(lake, 'ticket', 'tenant=hp'))[0]!;
    const hpFile = join(lake, 'ticket', 'tenant=hp', hpMonth, 'data_0.parquet');
    const before = statSync(hpFile).mtimeMs;
    const store = await Store.open(sn, { readOnly: true });
    try {
      const r = await exportParquet(store, lake, { tenant: 'sn' });
      expect(r.tables.ticket!.rows).toBe(await count(sn));
    } finally {
      store.close();
    }
    expect(statSync(hpFile).mtimeMs).toBe(before);
    const mem = await Store.open(':memory:', { migrate: false });
    try {
      await attachParquetViews(mem, lake);
      const n = (await mem.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n;
      expect(n).toBe((await count(sn)) + (await count(hp)));
    } finally {
      mem.close();
    }
  });

  it('without --tenant writes month partitions only and gives the same KPIs', async () => {
    const flat = join(dir, 'flat');
    const r = cli(['export', '--db', sn, '--parquet', flat]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(flat);
    expect(readdirSync(join(flat, 'ticket')).every((d) => d.startsWith('month='))).toBe(true);
    expect(await kpisOverParquet(flat, undefined, { from: null, to: null }, [])).toEqual(await kpisOverDb(sn, { from: null, to: null }, []));
  });

  it('refuses a folder it did not write, a tenant mismatch and a bad tenant name, with one line and exit 2', () => {
    const foreign = join(dir, 'foreign');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const r1 = cli(['export', '--db', sn, '--parquet', dir]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/not empty and holds no itsm-lens export/);
    const r2 = cli(['export', '--db', sn, '--parquet', lake]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/pools tenants; pass --tenant/);
    const r3 = cli(['export', '--db', sn, '--parquet', foreign, '--tenant', 'a/b']);
    expect(r3.code).toBe(2);
    expect(r3.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(foreign)).toBe(false);
    const r4 = cli(['export', '--db', sn]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/--parquet DIR/);
  });
});

describe('--memory-limit', () => {
  it('applies to every database the command opens, and rejects a size DuckDB would not read', async () => {
    const dir = tempDir();
    const db = join(dir, 'm.duckdb');
    (await Store.open(db)).close();
    const code = await run(['export', '--db', db, '--parquet', join(dir, 'out'), '--memory-limit', '300MB', '--temp-dir', join(dir, 'spill')]);
    expect(code).toBe(0);
    const store = await Store.open(db, { readOnly: true });
    try {
      const s = await store.one<{ m: string; t: string }>(`SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t`);
      expect(s).toEqual({ m: '286.1 MiB', t: join(dir, 'spill') });
    } finally {
      store.close();
    }
    expect(await run(['export', '--db', db, '--parquet', join(dir, 'out')])).toBe(0);
    expect(Store.settings).toEqual({});
    const bad = cli(['kpi', '--db', db, '--memory-limit', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^itsm-lens: --memory-limit 'lots': use a size such as 4GB/);
  });
});

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; the Parquet export of the real ServiceNow event log runs where ../shared/data exists (CI).\n`);

describe.skipIf(!present)('export --parquet of a real ServiceNow audit event log (UCI 498)', () => {
  const dir = tempDir();
  let db: string;
  const lake = join(dir, 'lake');
  beforeAll(async () => {
    const shared = await realDataDb('servicenow-uci');
    expect(shared.ingest.code, shared.ingest.stderr).toBe(0);
    db = shared.db;
    const r = cli(['export', '--db', db, '--parquet', lake, '--tenant', 'uci']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('keeps the event history (ticket_event by event month) and gives the same KPIs over Parquet', async () => {
    expect(readdirSync(join(lake, 'ticket_event', 'tenant=uci')).length).toBeGreaterThan(1);
    const want = await kpisOverDb(db, { from: null, to: null }, ['month', 'priority']);
    expect(want.kpis.fcr.n).toBeGreaterThan(0);
    expect(await kpisOverParquet(lake, 'uci', { from: null, to: null }, ['month', 'priority'])).toEqual(want);
  });
});
