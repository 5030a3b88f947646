// Conversion cost of the xlsx and XES readers, two builds side by side (issue 20.6: our XML tokenizer replaced
// by saxes). Each conversion runs as its own process under /usr/bin/time -v; the figure is user+sys CPU
// seconds (wall time means little on a shared machine). The builds alternate, and which goes first flips
// every round, so load drifts hit both alike.
//
//   # on the old commit, after npm run build: keep its dist/, beside links to the .sql/.yaml it reads from ../src
//   mkdir -p bench/.cache/before && cp -r dist bench/.cache/before/dist
//   for d in src queries reports schemas package.json; do ln -s ../../../$d bench/.cache/before/$d; done
//   # on the new commit:
//   npm run build && node bench/xml-readers.mjs --before bench/.cache/before/dist --after dist [--rounds 5]
//
// Inputs: the 8,500-row workbook of ../shared/data/tickets-text (when present), and a 100k-row xlsx and a
// 100k-event XES (gzipped) generated here into bench/.cache/xml (same shapes as test/convert/perf.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { before: { type: 'string' }, after: { type: 'string', default: 'dist' }, rounds: { type: 'string', default: '5' }, rows: { type: 'string', default: '100000' } },
});
if (!args.before) throw new Error('--before DIR (a dist/ built from the old commit) is required');
const builds = { before: resolve(root, args.before), after: resolve(root, args.after) };
const N = Number(args.rows);
const cache = join(root, 'bench/.cache/xml');
mkdirSync(cache, { recursive: true });

// ---- inputs -----------------------------------------------------------------------------------------------
/** Writes the parts and zips them with Info-ZIP (Debian's zip), as a workbook's parts are stored: deflated. */
function zip(path, parts) {
  const dir = mkdtempSync(join(tmpdir(), 'itsm-lens-xml-bench-'));
  try {
    for (const [name, data] of parts) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
    rmSync(path, { force: true });
    execFileSync('zip', ['-q', '-X', '-r', path, ...parts.map(([name]) => name)], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function xlsx(path) {
  const header = ['Number', 'Opened', 'Resolved', 'State', 'Priority', 'Assignment group', 'Assigned to', 'Short description', 'Description', 'Reassignment count', 'Made SLA', 'Category'];
  const strings = [...header, 'New', 'In Progress', 'Resolved', 'Closed', '1 - Critical', '2 - High', '3 - Moderate', '4 - Low', 'Service Desk', 'Network', 'Database', 'Hardware', 'Software'];
  const base = strings.length;
  const cols = 'ABCDEFGHIJKL';
  const rows = [`<row r="1">${header.map((_, i) => `<c r="${cols[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`];
  for (let r = 0; r < N; r++) {
    const row = r + 2;
    strings.push(`Cannot reach share ${r % 977}`, `Line one of ${r}_x000D_\nline two — café & ${r % 13}`);
    const s1 = base + 2 * r;
    rows.push(
      `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>INC${String(r).padStart(7, '0')}</t></is></c>` +
        `<c r="B${row}" s="1"><v>${45292 + r / 100}</v></c><c r="C${row}" s="1"><v>${45292.5 + r / 100}</v></c>` +
        `<c r="D${row}" t="s"><v>${12 + (r % 4)}</v></c><c r="E${row}" t="s"><v>${16 + (r % 4)}</v></c><c r="F${row}" t="s"><v>${20 + (r % 3)}</v></c>` +
        `<c r="G${row}" t="inlineStr"><is><r><t>Agent </t></r><r><t>${r % 50}</t></r></is></c><c r="H${row}" t="s"><v>${s1}</v></c><c r="I${row}" t="s"><v>${s1 + 1}</v></c>` +
        `<c r="J${row}"><v>${r % 5}</v></c><c r="K${row}" t="b"><v>${r % 2}</v></c><c r="L${row}" t="s"><v>${23 + (r % 2)}</v></c></row>`,
    );
  }
  zip(path, [
    ['[Content_Types].xml', `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`],
    ['xl/workbook.xml', `${HEAD}<workbook ${NS}><workbookPr/><sheets><sheet name="Page 1" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/styles.xml', `${HEAD}<styleSheet ${NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`],
    ['xl/sharedStrings.xml', `${HEAD}<sst ${NS} count="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`],
    ['xl/worksheets/sheet1.xml', `${HEAD}<worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`],
  ]);
}

function xes(path) {
  const traces = [];
  for (let t = 0; t < N / 10; t++) {
    const ev = Array.from({ length: 10 }, (_, e) =>
      `  <event>\n    <string key="concept:name" value="Step ${e}"/>\n    <date key="time:timestamp" value="2024-01-01T10:${String(e).padStart(2, '0')}:00.000+01:00"/>\n    <string key="org:resource" value="Agent ${t % 50} &amp; co"/>\n    <string key="lifecycle:transition" value="complete"/>\n  </event>`,
    ).join('\n');
    traces.push(`<trace>\n  <string key="concept:name" value="case ${t}"/>\n  <string key="priority" value="${t % 4}"/>\n${ev}\n</trace>`);
  }
  writeFileSync(path, gzipSync(`<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n${traces.join('\n')}\n</log>\n`));
}

const inputs = [];
const real = join(root, '../shared/data/tickets-text/incidents_text.xlsx');
if (existsSync(real)) inputs.push({ label: 'incidents_text.xlsx (real, 8,500 rows)', path: real });
const kilo = `${Math.round(N / 1000)}k`;
const xlsxPath = join(cache, `bench-${kilo}.xlsx`);
const xesPath = join(cache, `bench-${kilo}.xes.gz`);
if (!existsSync(xlsxPath)) xlsx(xlsxPath);
if (!existsSync(xesPath)) xes(xesPath);
inputs.push({ label: `generated xlsx (${kilo} rows × 12 columns)`, path: xlsxPath }, { label: `generated XES (${kilo} events, gzipped)`, path: xesPath });

// ---- runs -------------------------------------------------------------------------------------------------
// One conversion, or one `ingest` into a fresh database, in a fresh process: module loading included, as a
// user pays it. The conversion is the part that changed; ingest is what the user waits for.
const script = (dist, path, mode) =>
  mode === 'convert'
    ? `const { convertInput } = await import(${JSON.stringify(join(dist, 'ingest/convert/index.js'))});` +
      `const c = await convertInput(${JSON.stringify(path)}); process.stdout.write(String(c.rows)); await c.cleanup();`
    : `const { mkdtempSync, rmSync } = await import('node:fs'); const dir = mkdtempSync(${JSON.stringify(join(tmpdir(), 'itsm-lens-xml-bench-'))});` +
      `const { run } = await import(${JSON.stringify(join(dist, 'cli/main.js'))});` +
      `try { process.exitCode = await run(['ingest', '--db', dir + '/b.duckdb', ${JSON.stringify(path)}]); } finally { rmSync(dir, { recursive: true, force: true }); }`;
const MODES = ['convert', 'ingest'];

const node = JSON.stringify(process.execPath);
const quoted = (dist, path, mode = 'convert') => JSON.stringify(script(dist, path, mode)).replace(/\$/g, '\\$');

/** The rows a build converts (to check both builds agree before comparing their times). */
function rowsOf(dist, path) {
  return Number(execFileSync('/bin/sh', ['-c', `${node} --input-type=module -e ${quoted(dist, path)}`], { encoding: 'utf8' }));
}

/** CPU seconds (user + sys) and peak RSS of one conversion, from /usr/bin/time -v (on stderr). */
function timed(dist, path, mode) {
  const text = execFileSync('/bin/sh', ['-c', `/usr/bin/time -v ${node} --input-type=module -e ${quoted(dist, path, mode)} 2>&1 1>/dev/null`], { encoding: 'utf8' });
  if (!/Exit status: 0/.test(text)) throw new Error(`${mode} with ${dist} on ${path} failed:\n${text}`);
  const num = (re) => Number(re.exec(text)?.[1]);
  const user = num(/User time \(seconds\): ([\d.]+)/);
  const sys = num(/System time \(seconds\): ([\d.]+)/);
  const rss = num(/Maximum resident set size \(kbytes\): (\d+)/);
  if (!Number.isFinite(user)) throw new Error(`no timing for ${dist} on ${path}:\n${text}`);
  return { cpu: user + sys, rss: rss / 1024 };
}

const rounds = Number(args.rounds);
const load0 = loadavg()[0];
const started = new Date();
const results = inputs.map((i) => {
  // the two builds must agree on the rows before their times are compared
  const rows = Object.fromEntries(Object.entries(builds).map(([side, dist]) => [side, rowsOf(dist, i.path)]));
  if (rows.before !== rows.after) throw new Error(`${i.label}: before converts ${rows.before} rows, after ${rows.after}`);
  return { ...i, rows: rows.after, convert: { before: [], after: [] }, ingest: { before: [], after: [] } };
});
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  for (const res of results) for (const mode of MODES) for (const side of order) res[mode][side].push(timed(builds[side], res.path, mode));
  process.stderr.write(`round ${r + 1}/${rounds} done\n`);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${rounds} rounds · load average ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end\n`);
console.log('| input | rows | measured | before CPU s (median, min) | after CPU s (median, min) | after ÷ before (median) | peak RSS MiB before → after |');
console.log('|---|---:|---|---:|---:|---:|---:|');
for (const r of results) {
  for (const mode of MODES) {
    const b = r[mode].before.map((x) => x.cpu);
    const a = r[mode].after.map((x) => x.cpu);
    console.log(
      `| ${r.label} | ${r.rows.toLocaleString('en-US')} | ${mode === 'convert' ? 'conversion to CSV' : '`ingest` into a fresh DB'} | ${median(b).toFixed(2)} (${Math.min(...b).toFixed(2)}) | ` +
        `${median(a).toFixed(2)} (${Math.min(...a).toFixed(2)}) | ${(median(a) / median(b)).toFixed(2)}× | ` +
        `${Math.round(median(r[mode].before.map((x) => x.rss)))} → ${Math.round(median(r[mode].after.map((x) => x.rss)))} |`,
    );
  }
}
