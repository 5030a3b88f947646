import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/problem_backlog.sql: problems open at period_end() (opened before it, neither resolved nor closed before
// it), their median and mean age in days, known errors, those open ≥ 91 days. Period end: 2024-06-01 00:00.
const PERIOD = { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' };

describe('problem_backlog.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      problem: [
        { source_id: 'P1', opened_at: '2024-05-31 00:00:00', known_error: true }, // 1 day
        { source_id: 'P2', opened_at: '2024-03-02 00:00:00' }, // 91 days exactly: over 90
        { source_id: 'P3', opened_at: '2024-03-02 00:00:01' }, // 91 days − 1 s: not
        { source_id: 'P4', opened_at: '2024-05-01 00:00:00', resolved_at: '2024-06-01 00:00:00', known_error: true }, // resolved at the end: still open, 31 days
        { source_id: 'P5', opened_at: '2024-05-01 00:00:00', closed_at: '2024-05-20 00:00:00', known_error: true }, // closed before: not open (nor a known error of the backlog)
        { source_id: 'P8', opened_at: '2024-01-01 00:00:00', resolved_at: '2024-02-01 00:00:00' }, // 152 days old but resolved: not over 90
        { source_id: 'P9', opened_at: '2024-06-02 00:00:00', status: 'closed' }, // undated, opened after the end: not excluded_undated
        { source_id: 'P6', opened_at: '2024-05-01 00:00:00', status: 'resolved' }, // resolved without a date: excluded_undated
        { source_id: 'P7', opened_at: '2024-06-01 00:00:00' }, // opened at the end: not before it
      ],
    });
  });
  afterAll(() => store.close());

  it('holds P1, P2, P3 and P4; one of them 91 days old; two known errors', async () => {
    // ages 1, 91, 91 − ε, 31 (ε = 1/86400): median (31 + 91 − ε)/2 = 61 − ε/2; mean (214 − ε)/4 = 53.5 − ε/4
    const r = await metric(store, 'problem_backlog', PERIOD);
    expect(r).toMatchObject({ value: 4, n: 4, age_over_90d: 1, known_errors: 2, excluded_undated: 1 });
    expect(r.median_age_days).toBe(Math.round((61 - 1 / 172800) * 1e6) / 1e6);
    expect(r.mean_age_days).toBe(Math.round((53.5 - 1 / 345600) * 1e6) / 1e6);
  });

  it('counts a single open problem: P8 one second after it was opened', async () => {
    const r = await metric(store, 'problem_backlog', { from: '2023-12-01T00:00:00Z', to: '2024-01-01T00:00:01Z' });
    expect(r).toMatchObject({ value: 1, n: 1, age_over_90d: 0, known_errors: 0, excluded_undated: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when nothing was opened before the period end', async () => {
    const r = await metric(store, 'problem_backlog', { from: '2023-11-01T00:00:00Z', to: '2023-12-01T00:00:00Z' });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no problem was opened before the period end' });
  });
});
