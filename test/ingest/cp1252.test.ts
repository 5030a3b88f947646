/**
 * cp1252.ts: Windows-1252 decoded by our own table, because Node 20.18.3+ decodes `TextDecoder('windows-1252')`
 * as latin-1 (€ → U+0080). Expected characters are the WHATWG index-windows-1252 entries written out by hand,
 * and a file whose header holds € keeps the € in its `extra` key, as the user typed it.
 */
import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../../src/ingest/cp1252.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F to the WHATWG table and every other byte to the same code point', () => {
    // WHATWG index-windows-1252, pointers 0–31 (bytes 0x80–0x9F); 0x81 0x8D 0x8F 0x90 0x9D stay C1 controls
    const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const out = decodeWindows1252(bytes);
    expect(out.length).toBe(256);
    expect(out.slice(0x80, 0xa0)).toBe(high);
    for (let i = 0; i < 256; i++) if (i < 0x80 || i >= 0xa0) expect(out.charCodeAt(i), `byte ${i}`).toBe(i);
  });

  it('decodes a slice of a larger buffer, not the whole buffer behind it', () => {
    const buf = Buffer.from([0x41, 0x80, 0x42, 0x93, 0x43]);
    expect(decodeWindows1252(buf.subarray(1, 4))).toBe('€B“');
  });
});

describe('a Windows-1252 export', () => {
  it('keeps € and – in header names and values', async () => {
    const dir = tempDir();
    // "Coût €" header: û 0xFB, € 0x80; the title's – is 0x96 and ï 0xEF
    const text = 'number,short_description,opened_at,Coût €\nINC0000001,Café – naïve,2024-03-13 08:00:00,5\n';
    const table: Record<string, number> = { 'û': 0xfb, '€': 0x80, 'é': 0xe9, '–': 0x96, 'ï': 0xef };
    const bytes = Buffer.from([...text].map((c) => table[c] ?? c.charCodeAt(0)));
    const store = await openStore(dir);
    try {
      const [summary] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', bytes)], limits: DEFAULT_LIMITS });
      expect(summary).toMatchObject({ encoding: 'windows-1252', rows_read: 1, rows_loaded: 1 });
      expect(await store.all(`SELECT title, extra->>'Coût €' AS cost, json_keys(extra) AS keys FROM ticket`)).toEqual([
        { title: 'Café – naïve', cost: '5', keys: ['Coût €'] },
      ]);
    } finally {
      store.close();
    }
  });

  it('reads a file that is latin-1 in its first megabyte and has a € after it as Windows-1252, every row kept', async () => {
    const dir = tempDir();
    // 20,000 rows of 'Café' + 40 x (0xE9: latin-1 and Windows-1252 agree; no byte in 0x80–0x9F) = ~1.3 MB,
    // then one row 'Coût €5' (€ 0x80): DuckDB refused the file as "not latin-1 encoded"
    const lines = ['number,short_description,opened_at'];
    for (let i = 1; i <= 20_000; i++) lines.push(`INC${i},Café ${'x'.repeat(40)},2024-03-13 08:00:00`);
    lines.push('INC99999,Coût €5,2024-03-13 08:00:00');
    const table: Record<string, number> = { 'é': 0xe9, 'û': 0xfb, '€': 0x80 };
    const bytes = Buffer.from([...(lines.join('\n') + '\n')].map((c) => table[c] ?? c.charCodeAt(0)));
    expect(bytes.subarray(0, 2 ** 20).some((b) => b >= 0x80 && b <= 0x9f)).toBe(false);
    const store = await openStore(dir);
    try {
      const [summary] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', bytes)], limits: DEFAULT_LIMITS });
      expect(summary).toMatchObject({ encoding: 'windows-1252', rows_read: 20_001, rows_loaded: 20_001, rows_rejected: 0 });
      // line 1 is the header: INC99999 is record 20,001 on line 20,002
      expect(await store.all(`SELECT title, source_row FROM ticket WHERE source_id = 'INC99999'`)).toEqual([{ title: 'Coût €5', source_row: 20_002 }]);
      expect(await store.all(`SELECT count(*)::INT AS n FROM ticket WHERE title = 'Café ${'x'.repeat(40)}'`)).toEqual([{ n: 20_000 }]);
    } finally {
      store.close();
    }
  });
});
