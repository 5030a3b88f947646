/**
 * truth.json against ingest + kpi (see truth-kpi.test.ts) for a dataset the generator writes now, not a committed
 * fixture: a file of its own so that it runs beside the fixtures' checks.
 */
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir } from '../helpers.js';
import { checkThreeMonths } from './truth-months.js';

// 100k tickets with ITSM_LENS_BENCH=1; 30k (the demo's size) in `npm test` to keep the suite short
const FRESH = process.env.ITSM_LENS_BENCH === '1' ? 100_000 : 30_000;

describe(`a freshly generated ${FRESH.toLocaleString('en')}-ticket dataset`, () => {
  it('ingests with no rejects and reproduces truth.json overall and for three months', async () => {
    const out = tempDir();
    const gen = await generate({ out, tickets: FRESH, seed: 11, format: 'servicenow' });
    const store = await openStore(tempDir());
    const summaries = await ingestPaths(store, { paths: gen.files });
    expect(summaries.reduce((a, s) => a + s.rows_rejected, 0)).toBe(0);
    expect(summaries.reduce((a, s) => a + s.rows_read, 0)).toBe(summaries.reduce((a, s) => a + s.rows_loaded, 0));
    expect(await checkThreeMonths(store, gen.truth)).toEqual([]);
    store.close();
  });
});
