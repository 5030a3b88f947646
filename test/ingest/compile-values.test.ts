/**
 * The cell-level expressions ingest compiles a mapping into, run in DuckDB on hand-written cells: clean text
 * (trim, empty and null markers → NULL), a vocabulary (map, patterns, otherwise) and durations in seconds
 * (arithmetic next to each). In process, one small in-memory-sized database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanExpr, durationSeconds, vocabExpr } from '../../src/ingest/compile.js';
import { lit, type Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

describe('compiled cell expressions', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(tempDir('itsm-lens-compile-values-'));
  });
  afterAll(() => store.close());

  /** the expression over each cell, in order */
  const over = async (expr: (col: string) => string, cells: (string | null)[]) => {
    const values = cells.map((c, i) => `(${i}, ${c === null ? 'NULL::VARCHAR' : lit(c)})`).join(', ');
    const rows = await store.all<{ v: unknown }>(`SELECT ${expr('c')} AS v FROM (VALUES ${values}) t(i, c) ORDER BY i`);
    return rows.map((r) => r.v);
  };

  it('clean text: trimmed (spaces, NBSP, ideographic space; not tabs), empty and null markers are NULL', async () => {
    expect(await over((c) => cleanExpr(c, ['N/A', '-']), ['  a  ', 'b', '', '   ', 'N/A', '-', 'n/a', '\u00a0x\u3000', 'é ', 'x\t', null, '!a'])).toEqual([
      'a', 'b', null, null, null, null, 'n/a', 'x', 'é', 'x\t', null, '!a',
    ]);
    // without markers only the empty cell is NULL
    expect(await over((c) => cleanExpr(c), ['N/A', ' '])).toEqual(['N/A', null]);
  });

  it('vocabulary: the map (case-insensitive), then the patterns in order ($1 takes the group), then otherwise', async () => {
    const vocab = {
      map: { 'In Progress': 'in_progress', Done: 'closed', '3': 'three' },
      patterns: [['^p([1-5])', '$1'], ['^wait', 'pending'], ['^p', 'p-other']] as [string, string][],
      otherwise: null,
    };
    expect(await over((c) => vocabExpr(c, vocab, `'dflt'`), ['in progress', 'DONE', '3', 'P3 - Low', 'waiting', 'p9', 'other', null])).toEqual([
      'in_progress', 'closed', 'three', '3', 'pending', 'p-other', null, null,
    ]);
    // otherwise a constant, or the caller's default when the vocabulary has none
    expect(await over((c) => vocabExpr(c, { map: { a: 'A' }, otherwise: 'other' }, `'dflt'`), ['a', 'b'])).toEqual(['A', 'other']);
    expect(await over((c) => vocabExpr(c, { map: { a: 'A' } }, `'dflt'`), ['a', 'b'])).toEqual(['A', 'dflt']);
    // patterns only (no map)
    expect(await over((c) => vocabExpr(c, { patterns: [['^x', 'ex']] }, 'NULL'), ['xy', 'y'])).toEqual(['ex', null]);
  });

  it('durations in seconds from the forms exports write', async () => {
    expect(await over(durationSeconds, [
      '3600', //                     seconds
      '1,5', //                      1.5 s (decimal comma)
      '1 02:03:04', //               86400 + 2·3600 + 3·60 + 4 = 93784
      '01:30:00', //                 3600 + 30·60 = 5400
      '1970-01-01 01:30:00', //      the epoch plus 1 h 30 min = 5400
      '2 Days 3 Hours 4 Minutes', // 2·86400 + 3·3600 + 4·60 = 183840
      '1h 30m', //                   3600 + 30·60 = 5400
      '1.5 hours, 10 secs', //       1.5·3600 + 10 = 5410
      '90 secs', //                  90
      '1d', //                       a Jira working day: not guessed
      'soon', null,
    ])).toEqual([3600, 1.5, 93784, 5400, 5400, 183840, 5400, 5410, 90, null, null, null]);
  });
});
