import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoverage, loadSpans, notComparableReason } from '../../src/coverage/index.js';
import { coverageDocument, renderCoverageText } from '../../src/coverage/document.js';
import type { Store } from '../../src/store/db.js';
import { storeWith, type Rec } from '../queries/harness.js';

// src/coverage/coverage-span.sql: per kind and '*', the opened span, the export's end inside the core months
// (up to the month of the 97.5 % quantile of opened times), the resolution horizon (p90 of resolved − opened,
// closed − opened for a kind with no resolved time, kept within 24 … 2160 h) and settled_end = export_end − horizon.
//
// Incidents: 40 opened every 2 days from 2025-01-05 09:00 (i = 0…39, the last on 2025-03-24 09:00: Jan 5 + 78 days)
// and one stray opened 2025-12-01 10:00. With 41 opened times the 97.5 % quantile is the 40th smallest
// (⌈41 × 0.975⌉ = 40, and ⌊40 × 0.975⌋ + 1 = 40 with the other convention): the last core ticket, in March → the
// core ends 1 Apr, and export_end is the latest opened time before it, 2025-03-24 09:00, not the stray.
// Resolutions: i = 0 is resolved 1 h BEFORE it opened (excluded from the horizon and resolved_n); i = 1…30 after
// 10 h, i = 31…39 after 100 h → 39 resolved, sorted 30 × 10 then 9 × 100; p90 at position 38 × 0.9 = 34.2, between
// the 35th and 36th values, both 100 → horizon 100 h → settled_end = Mar 24 09:00 − 4 d 4 h = Mar 20 05:00.
// An incident with no opened time counts nowhere.
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const start = Date.UTC(2025, 0, 5, 9);
const incidents: Rec[] = Array.from({ length: 40 }, (_, i) => {
  const opened = start + 2 * i * DAY;
  const hours = i === 0 ? -1 : i <= 30 ? 10 : 100;
  return { source_id: `I${i}`, kind: 'incident', opened_at: at(opened), resolved_at: at(opened + hours * 3_600_000) };
});

describe('coverage-span.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        ...incidents,
        { source_id: 'STRAY', kind: 'incident', opened_at: '2025-12-01 10:00:00' },
        { source_id: 'NOOPEN', kind: 'incident', opened_at: null, resolved_at: '2025-02-01 00:00:00' },
        // requests carry only a close time: their horizon is time to close, p90 of [2 h, 4 h] = 2 + 0.9 × 2 = 3.8 h,
        // raised to the 24 h floor; their export ends at their latest opening, 2025-02-01 00:00 → settled 31 Jan 00:00
        { source_id: 'R1', kind: 'service_request', opened_at: '2025-02-01 00:00:00', closed_at: '2025-02-01 02:00:00' },
        { source_id: 'R2', kind: 'service_request', opened_at: '2025-02-01 00:00:00', closed_at: '2025-02-01 04:00:00' },
        // nothing of this kind ends: no horizon, no settled end
        { source_id: 'O1', kind: 'other', opened_at: '2025-02-10 12:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('ends the export inside the core months, not at a stray ticket, and settles it one horizon earlier', async () => {
    const spans = Object.fromEntries((await loadSpans(store)).map((s) => [s.kind, s]));
    expect(spans.incident).toEqual({
      kind: 'incident', first_opened: '2025-01-05T09:00:00Z', last_opened: '2025-12-01T10:00:00Z',
      export_end: '2025-03-24T09:00:00Z', horizon_hours: 100, resolved_n: 39, settled_end: '2025-03-20T05:00:00Z',
      // STRAY has no end: not an export of ended tickets only; the last end is I39's, Mar 24 09:00 + 100 h
      closed_only: false, last_end: '2025-03-28T13:00:00Z', complete_until: null,
      // opened after Mar 20 05:00 and by Mar 24 09:00: I38 (Mar 22 09:00) and I39, both resolved (STRAY is later)
      late_ended: 1,
    });
    expect(spans.service_request).toEqual({
      kind: 'service_request', first_opened: '2025-02-01T00:00:00Z', last_opened: '2025-02-01T00:00:00Z',
      export_end: '2025-02-01T00:00:00Z', horizon_hours: 24, resolved_n: 2, settled_end: '2025-01-31T00:00:00Z',
      // both closed: ended tickets only. p95 of [2 h, 4 h] = 2 + 0.95 × 2 = 3.9 h → the 24 h floor; the last end
      // Feb 1 04:00 less 24 h = Jan 31 04:00, later than export_end − horizon: the settled end stays Jan 31 00:00
      closed_only: true, last_end: '2025-02-01T04:00:00Z', complete_until: '2025-01-31T04:00:00Z',
      // R1 and R2 opened Feb 1 00:00, after Jan 31 00:00: both closed
      late_ended: 1,
    });
    expect(spans.other).toEqual({
      kind: 'other', first_opened: '2025-02-10T12:00:00Z', last_opened: '2025-02-10T12:00:00Z',
      export_end: '2025-02-10T12:00:00Z', horizon_hours: null, resolved_n: 0, settled_end: null,
      closed_only: false, last_end: null, complete_until: null, late_ended: null,
    });
  });

  it("takes every kind together under '*', with the resolved time because some kind has one", async () => {
    // 44 opened times: the 97.5 % quantile is the 43rd (⌈44 × 0.975⌉ = 43) or 42nd smallest — both March 2025
    // incidents (the 43 non-stray times end Mar 22, Mar 24) → core ends 1 Apr again. The requests' close times are
    // not used under '*' (resolved_at exists in the set), so the horizon is the incidents' 100 h.
    const all = (await loadSpans(store)).find((s) => s.kind === '*');
    expect(all).toEqual({
      kind: '*', first_opened: '2025-01-05T09:00:00Z', last_opened: '2025-12-01T10:00:00Z',
      export_end: '2025-03-24T09:00:00Z', horizon_hours: 100, resolved_n: 39, settled_end: '2025-03-20T05:00:00Z',
      closed_only: false, last_end: '2025-03-28T13:00:00Z', complete_until: null, late_ended: 1,
    });
  });

  it('ends an export of ended tickets only where the long ones of its last weeks would be missing', async () => {
    // 41 incidents opened daily Jan 1 … Feb 10 00:00 (i = 0…40), all resolved: i = 0…2 after 300 h, i = 38…40
    // after 1 h, the 35 others after 10 h; plus one closed by status with no dates (ended, not open). Sorted: 3 × 1,
    // 35 × 10, 3 × 300. p90 at 40 × 0.9 = 36: 10 h → the 24 h floor. p95 at 40 × 0.95 = 38: 300 h. Opened: the
    // 97.5 % quantile of 41 is the 40th (Feb 9) → core to Mar 1, export_end Feb 10 00:00. The last end is i = 40's,
    // Feb 10 01:00. complete_until = Feb 10 01:00 − 300 h (12.5 d) = Jan 28 13:00, earlier than export_end − 24 h
    // = Feb 9 00:00: the settled end is Jan 28 13:00
    const s = await storeWith({
      ticket: [
        ...Array.from({ length: 41 }, (_, i) => {
          const opened = Date.UTC(2025, 0, 1 + i);
          const hours = i <= 2 ? 300 : i >= 38 ? 1 : 10;
          return { source_id: `C${i}`, kind: 'incident', opened_at: at(opened), resolved_at: at(opened + hours * 3_600_000) };
        }),
        { source_id: 'CST', kind: 'incident', opened_at: '2025-01-05 00:00:00', status: 'closed' },
      ],
    });
    try {
      const span = (await loadSpans(s)).find((x) => x.kind === 'incident');
      expect(span).toMatchObject({
        closed_only: true, horizon_hours: 24, export_end: '2025-02-10T00:00:00Z', last_end: '2025-02-10T01:00:00Z',
        complete_until: '2025-01-28T13:00:00Z', settled_end: '2025-01-28T13:00:00Z',
      });
      const months = (await loadCoverage(s)).filter((r) => r.kind === 'incident');
      // January's opened span is whole (Jan 1 … Feb 10), but it ends after complete_until: incomplete, and says why
      expect(months.find((r) => r.month === '2025-01')).toMatchObject({ complete: false, missing_after: '2025-01-28T13:00:00Z', last_end: '2025-02-10T01:00:00Z' });
      // February is cut by its opened span (to the 10th): that plainer reason stays
      expect(months.find((r) => r.month === '2025-02')).toMatchObject({ complete: false, missing_after: null });
      expect(notComparableReason(months, '2025-01')).toBe(
        '2025-01 is incomplete: the export holds only incidents that had ended by 10 Feb 2025, so those opened after 28 Jan 2025 and still open then are missing',
      );
    } finally {
      s.close();
    }
  });

  it('counts the late tickets that have their end already, and says the export was taken later only when most have', async () => {
    // 40 days Jan 1 … Feb 9 00:00, two incidents opened each day at 00:00, each resolved after 10 h but the two of
    // Feb 9 (one of them resolved when `lastResolved`). p90 of 10 h → the 24 h floor. 80 opened times: the 97.5 %
    // quantile is the 78th (Feb 8) → core to Mar 1, export_end Feb 9 00:00 → settled Feb 8 00:00. Opened after it
    // and by Feb 9 00:00: the two of Feb 9 → 0 of 2 resolved, or 1 of 2 = 0.5
    const make = (lastResolved: boolean) => storeWith({
      ticket: Array.from({ length: 80 }, (_, i) => {
        const day = Math.floor(i / 2);
        const opened = Date.UTC(2025, 0, 1 + day);
        // (the late one resolved is resolved at the instant it opened: a zero-second resolution has its end too)
        const resolved = day < 39 ? opened + 10 * 3_600_000 : lastResolved && i === 78 ? opened : null;
        return { source_id: `L${i}`, kind: 'incident', opened_at: at(opened), resolved_at: resolved === null ? null : at(resolved) };
      }),
    });
    const cases = [
      [false, 0, 'settled until 8 Feb 2025 00:00: the export ends 9 Feb 2025 00:00, and 90 % of resolutions come within 24 h; tickets opened later mostly have no resolution time yet'],
      [true, 0.5, 'settled until 8 Feb 2025 00:00: the export takes in tickets until 9 Feb 2025 00:00, and 90 % of resolutions come within 24 h; durations are judged on tickets opened before, although 50 % of those opened later have a resolution time (the export was taken later)'],
    ] as const;
    for (const [lastResolved, share, line] of cases) {
      const s = await make(lastResolved);
      try {
        expect((await loadSpans(s)).find((x) => x.kind === 'incident')).toMatchObject({
          export_end: '2025-02-09T00:00:00Z', horizon_hours: 24, settled_end: '2025-02-08T00:00:00Z', closed_only: false, late_ended: share,
        });
        expect(renderCoverageText(await coverageDocument(s, { minShare: 0.25, source: 'default' }), 'x.duckdb').split('\n')).toContain(`  ${line}`);
      } finally {
        s.close();
      }
    }
  });

  it('clamps a long horizon at 90 days', async () => {
    const s = await storeWith({
      ticket: [
        { source_id: 'L1', kind: 'incident', opened_at: '2025-01-01 00:00:00', resolved_at: '2026-01-01 00:00:00' }, // 8,760 h
      ],
    });
    try {
      const [span] = await loadSpans(s);
      // 2,160 h = 90 days before 2025-01-01 00:00 → 2024-10-03 00:00 (Oct 3 + 29 d = Nov 1, + 30 = Dec 1, + 31 = Jan 1)
      // ended tickets only, and its p95 is clamped too: complete_until 2026-01-01 − 90 d = 2025-10-03, later than
      // the settled end, which stays
      expect(span).toMatchObject({ kind: '*', horizon_hours: 2160, settled_end: '2024-10-03T00:00:00Z', closed_only: true, complete_until: '2025-10-03T00:00:00Z' });
    } finally {
      s.close();
    }
  });
  it("gives no row, not an empty '*' one, when no ticket has an opened time", async () => {
    // the queries take every kind and '*' in one GROUPING SETS pass, whose empty grouping set makes a row even of
    // no tickets: neither file may show one
    const s = await storeWith({ ticket: [{ source_id: 'N1', kind: 'incident', opened_at: null, resolved_at: '2025-02-01 00:00:00' }] });
    try {
      expect(await loadSpans(s)).toEqual([]);
      expect(await loadCoverage(s)).toEqual([]);
    } finally {
      s.close();
    }
  });

  it("counts a ticket without a kind under '*' only, with its end time chosen by every kind together", async () => {
    // K1 (no kind) closes after 48 h and has no resolved time; the incident resolves after 30 h. '*' has a resolved
    // time, so K1 has no duration there (resolved_n 1, horizon 30 h) and its close is no late end: opened
    // 2025-03-02 00:00, after the settled end (export end 2025-03-02 00:00 − 30 h = 2025-02-28 18:00), it makes
    // late_ended ½ with the incident (2025-03-01 00:00, resolved). The kind-less row itself is listed with no
    // export end nor late share (it is compared as kind = kind, which a missing kind never is), after the kinds.
    const s = await storeWith({
      ticket: [
        { source_id: 'I1', kind: 'incident', opened_at: '2025-03-01 00:00:00', resolved_at: '2025-03-02 06:00:00' },
        { source_id: 'K1', kind: null, opened_at: '2025-03-02 00:00:00', closed_at: '2025-03-04 00:00:00' },
      ],
    });
    try {
      const spans = await loadSpans(s);
      expect(spans.map((x) => x.kind)).toEqual(['*', 'incident', null]);
      expect(spans[0]).toMatchObject({ export_end: '2025-03-02T00:00:00Z', horizon_hours: 30, resolved_n: 1, settled_end: '2025-02-28T18:00:00Z', late_ended: 0.5 });
      expect(spans[2]).toMatchObject({ export_end: null, horizon_hours: 48, resolved_n: 1, late_ended: null });
      // coverage.sql: the months of '*' hold both tickets, the kind-less one has no rows of its own
      const rows = await loadCoverage(s, spans);
      expect(rows.map((r) => [r.kind, r.month, r.opened, r.resolved])).toEqual([['*', '2025-03', 2, 1], ['incident', '2025-03', 1, 1]]);
    } finally {
      s.close();
    }
  });
});
