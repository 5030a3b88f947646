// Parse-only speed of the XML parsers considered for the xlsx/XES readers (issue 20.6): the same 100k-row
// sheet and 100k-event XES text, fed in 64 KiB chunks, handlers doing what the readers do (names, attributes,
// text of <v>/<t>). Alternates the parsers round by round; prints the best CPU time of the rounds per parser.
// saxes is the dependency; htmlparser2 and sax are measured when installed (`npm install --no-save sax htmlparser2`),
// our old tokenizer when XML_BEFORE names its built xml.js.
//   XML_BEFORE=bench/.cache/before/dist/ingest/convert/xml.js node bench/xml-parsers.mjs [rows] [rounds]
import { resolve } from 'node:path';
import { SaxesParser } from 'saxes';
const Parser = await import('htmlparser2').then((m) => m.Parser).catch(() => undefined);
const sax = await import('sax').then((m) => m.default).catch(() => undefined);

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const BEFORE = process.env.XML_BEFORE; // path to the old xml.js (our tokenizer), if still present

function sheetXml(n) {
  const cols = 'ABCDEFGHIJKL';
  const parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  parts.push(`<row r="1">${cols.split('').map((c, i) => `<c r="${c}1" t="s"><v>${i}</v></c>`).join('')}</row>`);
  for (let r = 0; r < n; r++) {
    const row = r + 2;
    parts.push(
      `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>INC${String(r).padStart(7, '0')}</t></is></c>` +
        `<c r="B${row}" s="1"><v>${45292 + r / 100}</v></c><c r="C${row}" s="1"><v>${45292.5 + r / 100}</v></c>` +
        `<c r="D${row}" t="s"><v>${12 + (r % 4)}</v></c><c r="E${row}" t="s"><v>${16 + (r % 4)}</v></c><c r="F${row}" t="s"><v>${20 + (r % 3)}</v></c>` +
        `<c r="G${row}" t="inlineStr"><is><t>Agent ${r % 50} &amp; co</t></is></c><c r="H${row}" t="s"><v>${2 * r}</v></c><c r="I${row}" t="s"><v>${2 * r + 1}</v></c>` +
        `<c r="J${row}"><v>${r % 5}</v></c><c r="K${row}" t="b"><v>${r % 2}</v></c><c r="L${row}" t="s"><v>${23 + (r % 2)}</v></c></row>`,
    );
  }
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

function xesXml(n) {
  const traces = [];
  for (let t = 0; t < n / 10; t++) {
    const ev = Array.from({ length: 10 }, (_, e) =>
      `<event><string key="concept:name" value="Step ${e}"/><date key="time:timestamp" value="2024-01-01T10:${String(e).padStart(2, '0')}:00.000+01:00"/><string key="org:resource" value="Agent ${t % 50}"/><string key="lifecycle:transition" value="complete"/></event>`,
    ).join('\n');
    traces.push(`<trace><string key="concept:name" value="case ${t}"/><string key="priority" value="${t % 4}"/>\n${ev}</trace>`);
  }
  return `<?xml version="1.0"?>\n<log xes.version="1.0">${traces.join('\n')}</log>`;
}

const chunks = (s) => Array.from({ length: Math.ceil(s.length / 65536) }, (_, i) => s.slice(i * 65536, (i + 1) * 65536));

// The reader-like work on each token: count cells, keep the text of <v>/<t>, read attribute r/t/s or key/value.
function sink() {
  return { opens: 0, text: 0, attrs: 0 };
}
const want = (name) => name === 'v' || name === 't' || name.endsWith(':v') || name.endsWith(':t');

const parsers = {
  saxes(parts) {
    const s = sink();
    let wanted = false;
    const p = new SaxesParser({ xmlns: false, position: true });
    p.on('opentag', (t) => { s.opens++; const a = t.attributes; s.attrs += (a.r ?? a.key ?? '').length; wanted = want(t.name); });
    p.on('closetag', () => { wanted = false; });
    p.on('text', (t) => { if (wanted) s.text += t.length; });
    p.on('error', (e) => { throw e; });
    for (const c of parts) p.write(c);
    p.close();
    return s;
  },
};
if (Parser) {
  parsers.htmlparser2 = (parts) => {
    const s = sink();
    let wanted = false;
    const p = new Parser({
      onopentag(name, a) { s.opens++; s.attrs += (a.r ?? a.key ?? '').length; wanted = want(name); },
      onclosetag() { wanted = false; },
      ontext(t) { if (wanted) s.text += t.length; },
    }, { xmlMode: true });
    for (const c of parts) p.write(c);
    p.end();
    return s;
  };
}
if (sax) {
  parsers.sax = (parts) => {
    const s = sink();
    let wanted = false;
    const p = sax.parser(true, { position: false });
    p.onopentag = (t) => { s.opens++; const a = t.attributes; s.attrs += (a.r ?? a.key ?? '').length; wanted = want(t.name); };
    p.onclosetag = () => { wanted = false; };
    p.ontext = (t) => { if (wanted) s.text += t.length; };
    p.onerror = (e) => { throw e; };
    for (const c of parts) p.write(c);
    p.close();
    return s;
  };
}
if (BEFORE) {
  const { XmlTokenizer } = await import(resolve(BEFORE));
  parsers.ours = (parts) => {
    const s = sink();
    const h = { wantText: false, open(name, a) { s.opens++; s.attrs += (a.r ?? a.key ?? '').length; h.wantText = want(name); }, close() { h.wantText = false; }, text(t) { s.text += t.length; } };
    const tok = new XmlTokenizer(h);
    for (const c of parts) tok.write(c);
    tok.end();
    return s;
  };
}

for (const [label, xml] of [['sheet', sheetXml(N)], ['xes', xesXml(N)]]) {
  const parts = chunks(xml);
  const best = {};
  const check = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(parsers)) {
      const t0 = process.cpuUsage();
      const s = fn(parts);
      const u = process.cpuUsage(t0);
      const sec = (u.user + u.system) / 1e6;
      best[name] = Math.min(best[name] ?? Infinity, sec);
      check[name] = JSON.stringify(s);
    }
  }
  console.log(`${label}: ${(xml.length / 1e6).toFixed(1)} M chars`);
  for (const name of Object.keys(parsers)) console.log(`  ${name.padEnd(12)} ${best[name].toFixed(3)} CPU s  ${check[name]}`);
}
