/**
 * Issue 23: a record's physical line is known from its number and the line breaks inside the values before
 * it, without the line map, when every line of the file belongs to a record; a file with a blank line, a
 * lone CR or a reader reject still takes the map. The expected lines are counted by hand in each fixture.
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { checkDeferredFormats } from '../../src/ingest/dates.js';
import { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const HEADER = 'number,short_description,description,opened_at,made_sla';
// line 1 header; INC1 on line 2 (its description runs over lines 2-4); INC2 line 5; INC3 line 6 (to 7); INC4 line 8
const RECORDS = [
  'INC1,a,"first\nsecond\nthird",2024-03-13 08:00:00,true',
  'INC2,b,plain,2024-03-13 09:00:00,true',
  'INC3,c,"two\nlines",2024-03-13 10:00:00,false',
  'INC4,d,"quote "" inside",2024-03-13 11:00:00,true',
];

async function lines(content: string): Promise<{ rows: { source_id: string; source_row: number }[]; summary: Record<string, unknown> }> {
  const dir = tempDir();
  const store = await openStore(dir);
  try {
    const [summary] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', content)] });
    const rows = await store.all<{ source_id: string; source_row: number }>('SELECT source_id, source_row FROM ticket ORDER BY source_row');
    return { rows, summary: summary as unknown as Record<string, unknown> };
  } finally {
    store.close();
  }
}

describe('ingest: physical lines of loaded records', () => {
  it('counts the line breaks inside quoted values (LF, no final newline)', async () => {
    const { rows, summary } = await lines([HEADER, ...RECORDS].join('\n'));
    expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 4, rows_rejected: 0 });
    expect(rows).toEqual([
      { source_id: 'INC1', source_row: 2 },
      { source_id: 'INC2', source_row: 5 },
      { source_id: 'INC3', source_row: 6 },
      { source_id: 'INC4', source_row: 8 },
    ]);
  });

  it('counts them in a CRLF file too', async () => {
    const { rows } = await lines([HEADER, ...RECORDS].join('\r\n').replace(/([a-z])\n/g, '$1\r\n') + '\r\n');
    expect(rows.map((r) => r.source_row)).toEqual([2, 5, 6, 8]);
  });

  it('a blank line moves the records after it (the line map)', async () => {
    // INC3 moves from line 6 to 7, INC4 from 8 to 9
    const { rows } = await lines([HEADER, RECORDS[0], RECORDS[1], '', RECORDS[2], RECORDS[3]].join('\n') + '\n');
    expect(rows.map((r) => r.source_row)).toEqual([2, 5, 7, 9]);
  });

  it("a reader reject after a blank line: the reject on its physical line, the records after it on theirs", async () => {
    // line 1 header; INC1 lines 2-4; 5 blank; INC2 line 6; line 7 a record of one column too many (rejected by the
    // reader); INC3 lines 8-9; INC4 line 10
    const bad = 'INC9,e,x,2024-03-13 12:00:00,true,surplus';
    const content = [HEADER, RECORDS[0], '', RECORDS[1], bad, RECORDS[2], RECORDS[3]].join('\n') + '\n';
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', content)] });
      const rows = await store.all<{ source_row: number }>('SELECT source_row FROM ticket ORDER BY source_row');
      expect(rows.map((r) => r.source_row)).toEqual([2, 6, 8, 10]);
      const rejects = await store.all<{ line: number; reason: string }>('SELECT line, reason FROM rejects');
      expect(rejects.map((r) => Number(r.line))).toEqual([7]);
      // the reader's own reason, not the over-long-line rewrite
      expect(rejects[0]!.reason).toMatch(/^too many columns/);
      expect(rejects[0]!.reason).not.toMatch(/line limit/);
    } finally {
      store.close();
    }
  });

  it('drops a NUL character even as the first character of a record', async () => {
    // INC2's line starts with NUL: the id is INC2, and the lines stay those of the plain file
    const { rows } = await lines([HEADER, RECORDS[0], `\u0000${RECORDS[1]}`, RECORDS[2], RECORDS[3]].join('\n') + '\n');
    expect(rows.map((r) => [r.source_id, r.source_row])).toEqual([['INC1', 2], ['INC2', 5], ['INC3', 6], ['INC4', 8]]);
  });

  it("numbers records after Excel's sep= line, with a blank line among them (the line map)", async () => {
    // line 1 'sep=,' (skipped), line 2 the header; INC1 lines 3-5; 6 blank; INC2 line 7; INC3 lines 8-9; INC4 line 10
    const { rows } = await lines(['sep=,', HEADER, RECORDS[0], '', RECORDS[1], RECORDS[2], RECORDS[3]].join('\n') + '\n');
    expect(rows.map((r) => r.source_row)).toEqual([3, 7, 8, 10]);
  });
});

describe('date formats settled on the sample', () => {
  it('stop the ingest when the whole column shows the format reads fewer than half its values', async () => {
    const store = await Store.open(':memory:', { migrate: false });
    try {
      // 1 of 3 values reads as %Y-%m-%d: the column mixes formats
      await store.run(`CREATE TEMP VIEW v AS SELECT * FROM (VALUES ('2024-03-01'), ('01.03.2024'), ('02.03.2024')) t(d)`);
      const formats = new Map([['d', { column: 'd', format: '%Y-%m-%d', zoned: false, order: 'ymd' as const, how: 'detected' as const, deferred: true }]]);
      await expect(checkDeferredFormats(store, 'v', formats, (c) => c, 'f.csv')).rejects.toThrow(
        "f.csv: column 'd' mixes date formats (%Y-%m-%d reads 1 of 3 values); pass --date-format",
      );
      // 2 of 3: rows are rejected one by one, the file loads
      await store.run(`CREATE OR REPLACE TEMP VIEW v AS SELECT * FROM (VALUES ('2024-03-01'), ('2024-03-02'), ('02.03.2024')) t(d)`);
      await expect(checkDeferredFormats(store, 'v', formats, (c) => c, 'f.csv')).resolves.toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('date candidates counted only when a sampled value has their shape', () => {
  it('every value a candidate format writes (and parses back) has that format\'s shape', async () => {
    const { DATE_CANDIDATES, shapeOf, EPOCH_MS, EPOCH_S } = await import('../../src/ingest/dates.js');
    const store = await Store.open(':memory:', { migrate: false });
    try {
      const formats = DATE_CANDIDATES.map((c) => c.format).filter((f) => f !== EPOCH_MS && f !== EPOCH_S);
      // two instants (one-digit and two-digit fields, AM and PM) with an offset, written by DuckDB's strftime
      const q = (f: string) => `SELECT '${f.replace(/'/g, "''")}' AS f, strftime(t, '${f.replace(/'/g, "''")}') AS v,
          try_strptime(strftime(t, '${f.replace(/'/g, "''")}'), '${f.replace(/'/g, "''")}')::VARCHAR AS back
        FROM (SELECT unnest([TIMESTAMPTZ '2024-03-05 04:07:09.123+01', TIMESTAMPTZ '2023-11-25 17:45:59+00']) AS t)`;
      const rows = await store.all<{ f: string; v: string; back: string | null }>(formats.map(q).join(' UNION ALL '));
      expect(rows.length).toBe(formats.length * 2);
      const misses = rows.filter((r) => r.back !== null && !shapeOf(r.f).test(r.v));
      expect(misses).toEqual([]);
      // and the epochs and decimal commas parseSql reads
      expect(shapeOf(EPOCH_MS).test('1709611629123')).toBe(true);
      expect(shapeOf('%Y-%m-%d %H:%M:%S.%n').test('2024-03-05 04:07:09,5')).toBe(true);
      expect(shapeOf('%Y-%m-%d').test('05/03/2024')).toBe(false);
    } finally {
      store.close();
    }
  });
});
