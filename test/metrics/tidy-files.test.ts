import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toTidy, writeTidy, type TidyTable } from '../../src/metrics/tidy.js';
import type { KpiDocument } from '../../src/metrics/kpi-document.js';
import { reasonFor } from '../../src/metrics/kpi-document.js';
import { Store } from '../../src/store/db.js';
import { tempDir } from '../helpers.js';

/**
 * `kpi --csv / --parquet / --arrow` (tidy.ts writeTidy, tidy.sql) on a hand-written tidy table, read back cell by
 * cell; and reasonFor (kpi-document.ts), the reason check and tiles show beside a null field.
 */
const TABLE: TidyTable = {
  dims: ['group', 'priority'],
  rows: [
    { dims: [null, null], kpi: 'mttr', statistic: 'median', value: 4.5, n: 10 },
    { dims: ['=HYPERLINK("x")', 2], kpi: 'mttr', statistic: 'p90', value: null, n: null },
    { dims: ['Net', 1], kpi: '-volume', statistic: 'value', value: 7, n: 7 },
  ],
};

describe('the tidy KPI table written to files', () => {
  it('CSV: a header, dimensions as text, formula-like cells neutralised, NULL as empty', async () => {
    const store = await Store.open(':memory:');
    const path = join(tempDir(), 'k.csv');
    await writeTidy(store, TABLE, path, 'csv');
    expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual([
      'group,priority,kpi,statistic,value,n',
      ',,mttr,median,4.5,10',
      // a leading = or - gets an apostrophe (a spreadsheet would run it); the quotes inside are CSV-escaped
      `"'=HYPERLINK(""x"")",2,mttr,p90,,`,
      "Net,1,'-volume,value,7.0,7",
    ]);
    store.close();
  });

  it('Parquet: the same rows typed (dimensions VARCHAR, value DOUBLE, n BIGINT), across batches of 1,000', async () => {
    const store = await Store.open(':memory:');
    const path = join(tempDir(), 'k.parquet');
    // 1,001 rows: two INSERT batches (1,000 + 1)
    const many: TidyTable = { dims: ['m'], rows: Array.from({ length: 1001 }, (_, i) => ({ dims: [i], kpi: 'k', statistic: 's', value: i / 2, n: i })) };
    await writeTidy(store, many, path, 'parquet');
    const r = await store.one<{ rows: number; sum_n: number; last: string; types: string }>(
      `SELECT count(*)::INT AS rows, sum(n)::INT AS sum_n, max_by(m, n) AS last, any_value(typeof(m) || ',' || typeof(value) || ',' || typeof(n)) AS types FROM read_parquet('${path}')`,
    );
    // 0 + 1 + … + 1000 = 1000 · 1001 / 2 = 500,500
    expect(r).toEqual({ rows: 1001, sum_n: 500500, last: '1000', types: 'VARCHAR,DOUBLE,BIGINT' });
    await writeTidy(store, TABLE, path, 'parquet');
    expect(await store.all(`SELECT * FROM read_parquet('${path}')`)).toEqual([
      { group: null, priority: null, kpi: 'mttr', statistic: 'median', value: 4.5, n: 10 },
      // Parquet is not a spreadsheet: the text stays as it is
      { group: '=HYPERLINK("x")', priority: '2', kpi: 'mttr', statistic: 'p90', value: null, n: null },
      { group: 'Net', priority: '1', kpi: '-volume', statistic: 'value', value: 7, n: 7 },
    ]);
    store.close();
  });

  it('Arrow: dimension columns as text (null kept), value and n as float64 with NaN for null', async () => {
    const store = await Store.open(':memory:');
    const path = join(tempDir(), 'k.arrow');
    await writeTidy(store, TABLE, path, 'arrow');
    // the Arrow IPC *file* format (magic ARROW1), which readers open by seeking, not the stream format
    expect(readFileSync(path).subarray(0, 6).toString()).toBe('ARROW1');
    const t = tableFromIPC(readFileSync(path));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['group', 'priority', 'kpi', 'statistic', 'value', 'n']);
    const col = (name: string) => [...t.getChild(name)!];
    expect(col('group')).toEqual([null, '=HYPERLINK("x")', 'Net']);
    expect(col('priority')).toEqual([null, '2', '1']);
    expect(col('kpi')).toEqual(['mttr', 'mttr', '-volume']);
    expect(col('statistic')).toEqual(['median', 'p90', 'value']);
    expect(col('value')).toEqual([4.5, Number.NaN, 7]);
    expect(col('n')).toEqual([10, Number.NaN, 7]);
    store.close();
  });
});

describe('the tidy table of a document', () => {
  it('keeps numeric and null statistics only; a KPI without a sample size has n null', () => {
    const doc = {
      schema: 'itsm-lens/kpi@1', period: { from: null, to: null, data_from: null, data_to: null }, counts: {}, breakdowns: {},
      kpis: { availability: { id: 'availability', unit: 'ratio', value: 0.999, worst_service: 'Mail', rule: 'priority 1', value_business: null } },
    } as unknown as KpiDocument;
    expect(toTidy(doc).rows).toEqual([
      { dims: [], kpi: 'availability', statistic: 'value', value: 0.999, n: null },
      { dims: [], kpi: 'availability', statistic: 'value_business', value: null, n: null },
    ]);
  });

  it('an empty table still writes its header', async () => {
    const store = await Store.open(':memory:');
    const path = join(tempDir(), 'empty.csv');
    await writeTidy(store, { dims: ['month'], rows: [] }, path, 'csv');
    expect(readFileSync(path, 'utf8').trim()).toBe('month,kpi,statistic,value,n');
    store.close();
  });
});

describe('reasonFor', () => {
  it("takes a business field's own reason, else the KPI's, and only text", () => {
    const f = { reason: 'no data', business_reason: 'no calendar configured' };
    expect(reasonFor(f, 'value_business')).toBe('no calendar configured');
    expect(reasonFor(f, 'value_business_weighted')).toBe('no calendar configured');
    // the prefix must start the field's name
    expect(reasonFor(f, 'x_value_business')).toBe('no data');
    expect(reasonFor(f, 'value')).toBe('no data');
    expect(reasonFor(f, undefined)).toBe('no data');
    expect(reasonFor({ reason: 'no data' }, 'value_business')).toBe('no data');
    expect(reasonFor({ reason: 3 }, 'value')).toBeNull();
    expect(reasonFor(undefined, 'value_business')).toBeNull();
    expect(reasonFor({}, undefined)).toBeNull();
  });
});
