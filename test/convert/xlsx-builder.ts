/** Builds small xlsx files for tests: the minimal OOXML parts in a zip written here (deflated or stored). */
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: string | Buffer;
}

export function zip(parts: ZipPart[], opts: { store?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const raw = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : p.data;
    const body = opts.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(p.name, 'utf8');
    const crc = crc32(raw);
    const method = opts.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export interface SheetSpec {
  name: string;
  /** the <sheetData> inner XML (rows and cells) */
  rows: string;
  state?: 'hidden';
}

/** A workbook with the given sheets; `strings` is the shared-string table, `numFmts` custom formats
 * (id → code), `xfs` the numFmtId of each cell style (style 0 first). */
export function workbook(opts: {
  sheets: SheetSpec[];
  strings?: string[];
  numFmts?: Record<number, string>;
  xfs?: number[];
  date1904?: boolean;
  store?: boolean;
  extraPrefix?: string;
  /** parts written in another encoding than plain UTF-8 (the declaration says so) */
  encodings?: Record<string, 'utf-16le' | 'utf-16be' | 'utf-8-bom'>;
}): Buffer {
  const sheets = opts.sheets;
  const strings = opts.strings ?? [];
  const xfs = opts.xfs ?? [0];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook ${NS}>${opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets
        .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet ${NS}>${
        opts.numFmts
          ? `<numFmts count="${Object.keys(opts.numFmts).length}">${Object.entries(opts.numFmts)
              .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`)
              .join('')}</numFmts>`
          : ''
      }<fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs
        .map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`)
        .join('')}</cellXfs></styleSheet>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst ${NS} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t xml:space="preserve">${esc(s)}</t></si>`)).join('')}</sst>`,
    },
    ...sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet ${NS}><sheetData>${s.rows}</sheetData></worksheet>`,
    })),
  ];
  for (const p of parts) {
    const enc = opts.encodings?.[p.name];
    if (!enc || typeof p.data !== 'string') continue;
    if (enc === 'utf-8-bom') p.data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(p.data, 'utf8')]);
    else {
      const le = Buffer.from(p.data.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');
      p.data = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
      if (enc === 'utf-16be') p.data.swap16();
    }
  }
  return zip(parts, { store: opts.store });
}

export function writeXlsx(path: string, opts: Parameters<typeof workbook>[0]): string {
  writeFileSync(path, workbook(opts));
  return path;
}
