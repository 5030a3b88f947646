import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { ALL, configFrom, metric, storeWith } from '../queries/harness.js';

// src/metrics/prepare.sql: the derived per-ticket tables the metric queries read, on hand-made tickets.
//   ticket_status_span  each `update` of a ticket's history holds its status until the next update (order: seq,
//                       NULL seq first, then time, then the row in the file); the last one is open-ended
//   ticket_hold         the pending spans clipped to [opened, resolved], per resolved ticket with a history
//   ticket_business     business seconds opened → resolved / closed / first response (else first assignment),
//                       and the end of the business day after the one the ticket was opened on
// The pending states of the one vocabulary whose exports carry an event history (ServiceNow's event log) are
// mapped to `pending` at ingest, and each is timed through this file in test/ingest/servicenow-pending-states.test.ts;
// here every canonical status appears once, and only `pending` pauses.
//
// Calendar: UTC, Mon–Fri 09:00–17:00, Wed 2024-03-06 a holiday. 2024-03-01 is a Friday, 03-04 a Monday.
const OFFICE = `
calendars:
  office:
    timezone: UTC
    hours: { mon-fri: "09:00-17:00" }
    holidays: [2024-03-06]
`;
const H = 3600;

type Span = { id: string; status: string; pause_start: string; pause_end: string | null };
const iso = (v: unknown) => (v === null ? null : new Date(String(v)).toISOString().slice(0, 16).replace('T', ' '));

describe('prepare.sql: ticket_status_span and ticket_hold', () => {
  let store: Store;
  const ev = (key: string, seq: number | null, time: string, status: string, extra: Record<string, string | number> = {}) => ({
    record_key: `t:${key}`, event_type: 'update', seq, event_time: time, status, source_row: seq ?? 0, ...extra,
  });
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'H1', kind: 'incident', opened_at: '2024-03-01 08:00:00', resolved_at: '2024-03-01 14:00:00' },
        { source_id: 'H2', kind: 'incident', opened_at: '2024-03-02 10:00:00', resolved_at: '2024-03-02 16:00:00' },
        { source_id: 'H3', kind: 'incident', opened_at: '2024-03-03 08:00:00', resolved_at: '2024-03-03 09:00:00' },
        { source_id: 'H4', kind: 'incident', opened_at: '2024-03-04 00:00:00', resolved_at: '2024-03-04 07:00:00' },
        { source_id: 'H5', kind: 'incident', opened_at: '2024-03-05 08:00:00' }, // not resolved
        { source_id: 'H6', kind: 'incident', opened_at: '2024-03-06 12:00:00', resolved_at: '2024-03-06 10:00:00' }, // reversed
        { source_id: 'H7', kind: 'incident', opened_at: '2024-03-07 08:00:00', resolved_at: '2024-03-07 10:00:00' }, // no history
        { source_id: 'H8', kind: 'incident', opened_at: '2024-03-08 08:00:00', resolved_at: '2024-03-08 08:00:00' }, // zero range
        { source_id: 'H9', kind: 'incident', resolved_at: '2024-03-09 10:00:00' }, // no opened time
        { source_id: 'S1', kind: 'incident', opened_at: '2024-03-10 08:00:00', resolved_at: '2024-03-10 12:00:00' },
        { source_id: 'S2', kind: 'incident', opened_at: '2024-03-11 08:00:00', resolved_at: '2024-03-11 12:00:00' },
      ],
      ticket_event: [
        // H1: new 08:00, pending 09:00 → 11:00, in progress, resolved 14:00: 2 h on hold
        ev('H1', 0, '2024-03-01 08:00:00', 'new'),
        ev('H1', 1, '2024-03-01 09:00:00', 'pending'),
        ev('H1', 2, '2024-03-01 11:00:00', 'in_progress'),
        ev('H1', 3, '2024-03-01 14:00:00', 'resolved'),
        // H2: pending from 08:00, before it was opened (10:00): clipped to 10:00 → 11:00 = 1 h; pending again at
        // 15:00 with no later update: held until resolved 16:00 = 1 h; 2 h in all
        ev('H2', 0, '2024-03-02 08:00:00', 'pending'),
        ev('H2', 1, '2024-03-02 11:00:00', 'in_progress'),
        ev('H2', 2, '2024-03-02 15:00:00', 'pending'),
        // H3: resolved 09:00, pending at 10:00 after it: 09:00 − 10:00 < 0 → 0
        ev('H3', 0, '2024-03-03 08:00:00', 'new'),
        ev('H3', 1, '2024-03-03 09:00:00', 'resolved'),
        ev('H3', 2, '2024-03-03 10:00:00', 'pending'),
        // H4: every other canonical status for an hour each: none pauses → 0
        ...['new', 'assigned', 'in_progress', 'other', 'resolved', 'closed', 'cancelled'].map((s, i) => ev('H4', i, `2024-03-04 0${i}:00:00`, s)),
        // H5, H6: pending, but not resolved / resolved before opened: no row
        ev('H5', 0, '2024-03-05 09:00:00', 'pending'),
        ev('H6', 0, '2024-03-06 10:30:00', 'pending'),
        // H8: pending at the instant it was opened and resolved: 0, and a row
        ev('H8', 0, '2024-03-08 08:00:00', 'pending'),
        // S1: the update counter orders the updates, not their times; a row without a counter comes first.
        // Order: new (no seq) 10:00, pending (seq 1) 09:00, in progress (seq 2) 08:30 → spans new 10:00→09:00,
        // pending 09:00→08:30, in progress 08:30→open. Pending 09:00→08:30 is reversed: 0 hold.
        ev('S1', 2, '2024-03-10 08:30:00', 'in_progress'),
        ev('S1', 1, '2024-03-10 09:00:00', 'pending'),
        ev('S1', null, '2024-03-10 10:00:00', 'new', { source_row: 9 }),
        // not updates (a field change) or not a ticket's: left out of the spans
        ev('S1', 3, '2024-03-10 09:30:00', 'pending', { event_type: 'state_change' }),
        ev('S1', 4, '2024-03-10 09:30:00', 'pending', { record_kind: 'change' }),
        // S2: no counter: time orders (08:00 before 09:00, whatever the row), and at the same time the row in the
        // file decides (row 3 'new' before row 5 'assigned'). Spans: new 08:00→08:00, assigned 08:00→09:00,
        // pending 09:00→open (held to resolved 12:00: 3 h)
        ev('S2', null, '2024-03-11 09:00:00', 'pending', { source_row: 1 }),
        ev('S2', null, '2024-03-11 08:00:00', 'assigned', { source_row: 5 }),
        ev('S2', null, '2024-03-11 08:00:00', 'new', { source_row: 3 }),
      ],
    });
  });
  // builds the derived tables as `kpi` does, inside each test (StrykerJS activates a mutant only during a test,
  // not in beforeAll); a second call reuses them (store.once)
  const build = () => metric(store, 'volume', ALL);
  afterAll(() => store.close());

  const spans = async (key: string): Promise<Array<[string, string | null, string | null]>> =>
    (await store.all<Span>(`SELECT * FROM ticket_status_span WHERE id = 't:${key}' ORDER BY pause_start, pause_end NULLS LAST`)).map((r) => [
      r.status,
      iso(r.pause_start),
      iso(r.pause_end),
    ]);

  it('holds each status until the next update, the last one open-ended', async () => {
    await build();
    expect(await spans('H1')).toEqual([
      ['new', '2024-03-01 08:00', '2024-03-01 09:00'],
      ['pending', '2024-03-01 09:00', '2024-03-01 11:00'],
      ['in_progress', '2024-03-01 11:00', '2024-03-01 14:00'],
      ['resolved', '2024-03-01 14:00', null],
    ]);
  });

  it('orders by the update counter (none first), then time, then the row in the file; only ticket updates', async () => {
    await build();
    const s1 = await store.all<Span>(`SELECT * FROM ticket_status_span WHERE id = 't:S1'`);
    const byStatus = Object.fromEntries(s1.map((r) => [r.status, [iso(r.pause_start), iso(r.pause_end)]]));
    expect(s1).toHaveLength(3);
    expect(byStatus).toEqual({
      new: ['2024-03-10 10:00', '2024-03-10 09:00'],
      pending: ['2024-03-10 09:00', '2024-03-10 08:30'],
      in_progress: ['2024-03-10 08:30', null],
    });
    expect(await spans('S2')).toEqual([
      ['new', '2024-03-11 08:00', '2024-03-11 08:00'],
      ['assigned', '2024-03-11 08:00', '2024-03-11 09:00'],
      ['pending', '2024-03-11 09:00', null],
    ]);
  });

  it('times pending spans clipped to opened → resolved, per resolved ticket with a history', async () => {
    await build();
    const rows = await store.all<{ id: string; h: number }>(
      `SELECT t.source_id AS id, h.hold_seconds AS h FROM ticket_hold h JOIN ticket t USING (ticket_key) ORDER BY id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.h]))).toEqual({
      H1: 2 * H, // 09:00 → 11:00
      H2: 2 * H, // (11:00 − 10:00) + (16:00 − 15:00)
      H3: 0, // pending only after resolution
      H4: 0, // no pending status
      H8: 0, // zero range
      S1: 0, // pending 09:00 → 08:30: reversed, counts 0
      S2: 3 * H, // 09:00 → resolved 12:00
      // H5 (open), H6 (reversed), H7 (no history), H9 (no opened time): no row
    });
  });
});

describe('prepare.sql: ticket_business on a calendar', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // Fri 16:00 → Mon 10:00 over the weekend: 1 h + 1 h = 2 h; closed Tue 09:30: 1 + 8 + 0.5 = 9.5 h;
        // first response Fri 16:30: 0.5 h. Opened on Fri: deadline the end of Mon, 17:00
        {
          source_id: 'B1', kind: 'incident', opened_at: '2024-03-01 16:00:00', resolved_at: '2024-03-04 10:00:00',
          closed_at: '2024-03-05 09:30:00', first_response_at: '2024-03-01 16:30:00', first_assigned_at: '2024-03-01 16:45:00',
        },
        // Tue 16:00 → Thu 10:00 over the Wed holiday: 1 h + 1 h = 2 h; no first response, assigned Tue 16:15:
        // 0.25 h. Opened Tue: the next business day is Thu (Wed a holiday): Thu 17:00
        { source_id: 'B2', kind: 'incident', opened_at: '2024-03-05 16:00:00', resolved_at: '2024-03-07 10:00:00', first_assigned_at: '2024-03-05 16:15:00' },
        // zero range, Mon 10:00 → Mon 10:00: 0; not closed: NULL. Deadline Tue 12th 17:00
        { source_id: 'B3', kind: 'incident', opened_at: '2024-03-11 10:00:00', resolved_at: '2024-03-11 10:00:00' },
        // reversed, opened Tue 12th 10:00, resolved Mon 11th 10:00: the arithmetic answers 0 (the queries
        // leave it out through `reversed`). Deadline Wed 13th 17:00
        { source_id: 'B4', kind: 'service_request', opened_at: '2024-03-12 10:00:00', resolved_at: '2024-03-11 10:00:00' },
        // Sat 10:00 → Sun 10:00: 0 h. Its business day is the next one with hours, Mon 11th: deadline Tue 12th 17:00
        { source_id: 'B5', kind: 'incident', opened_at: '2024-03-09 10:00:00', resolved_at: '2024-03-10 10:00:00' },
        // Fri 8th 18:00 (after hours) → Mon 09:30: 0.5 h. Business day Mon 11th: deadline Tue 12th 17:00
        { source_id: 'B6', kind: 'incident', opened_at: '2024-03-08 18:00:00', resolved_at: '2024-03-11 09:30:00' },
        // opened at Mon 11th 17:00 sharp, the day's close: its business day is Tue: deadline Wed 13th 17:00
        { source_id: 'B7', kind: 'incident', opened_at: '2024-03-11 17:00:00' },
        // no opened time: no row at all
        { source_id: 'B8', kind: 'incident', resolved_at: '2024-03-11 12:00:00' },
      ],
    });
  });
  const build = () => metric(store, 'volume', ALL, configFrom(OFFICE));
  afterAll(() => store.close());

  it('measures business seconds to resolve, close and respond, and the next business day deadline', async () => {
    await build();
    const rows = await store.all<Record<string, unknown>>(
      `SELECT t.source_id AS id, resolve_business_s AS res, close_business_s AS clo, response_business_s AS resp,
              strftime(next_day_deadline AT TIME ZONE 'UTC', '%a %d %H:%M') AS dl
       FROM ticket_business b JOIN ticket t USING (ticket_key) ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'B1', res: 2 * H, clo: 9.5 * H, resp: 0.5 * H, dl: 'Mon 04 17:00' },
      { id: 'B2', res: 2 * H, clo: null, resp: 0.25 * H, dl: 'Thu 07 17:00' },
      { id: 'B3', res: 0, clo: null, resp: null, dl: 'Tue 12 17:00' },
      { id: 'B4', res: 0, clo: null, resp: null, dl: 'Wed 13 17:00' },
      { id: 'B5', res: 0, clo: null, resp: null, dl: 'Tue 12 17:00' },
      { id: 'B6', res: 0.5 * H, clo: null, resp: null, dl: 'Tue 12 17:00' },
      { id: 'B7', res: null, clo: null, resp: null, dl: 'Wed 13 17:00' },
    ]);
  });

  it('is empty without a calendar (the business queries read that as "no calendar configured")', async () => {
    const bare = await storeWith({ ticket: [{ source_id: 'N1', kind: 'incident', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 11:00:00' }] });
    try {
      await metric(bare, 'volume', ALL);
      expect((await bare.one<{ n: number }>('SELECT count(*)::INT AS n FROM ticket_business'))!.n).toBe(0);
    } finally {
      bare.close();
    }
  });
});
