import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/fcr_flag.sql: interactions flagged as resolved at first contact / interactions with the flag, opened in the period.
describe('fcr_flag.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'X1', kind: 'interaction', opened_at: '2024-03-04 10:00:00', first_contact_resolved: true },
        { source_id: 'X2', kind: 'interaction', opened_at: '2024-03-04 10:00:00', first_contact_resolved: false },
        { source_id: 'X3', kind: 'interaction', opened_at: '2024-03-05 10:00:00', first_contact_resolved: true },
        { source_id: 'X4', kind: 'interaction', opened_at: '2024-03-05 10:00:00', first_contact_resolved: null }, // no flag: out
        { source_id: 'X5', kind: 'incident', opened_at: '2024-03-05 10:00:00', first_contact_resolved: false }, // an incident: out
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 flagged of 3 interactions with a flag', async () => {
    expect(await metric(store, 'fcr_flag')).toMatchObject({ value: 0.666667, n: 3, resolved_first: 2 });
  });

  it('anchors on opened_at: [03-05, ∞) holds X3', async () => {
    expect(await metric(store, 'fcr_flag', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 1 });
  });

  it('is null with a reason without flagged interactions in the period', async () => {
    const r = await metric(store, 'fcr_flag', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no interaction with a first-contact-resolution flag in the period' });
  });
});
