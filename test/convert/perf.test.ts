// Conversion speed of xlsx, JSON and XES at 100k rows. Skipped unless ITSM_LENS_BENCH=1:
//   ITSM_LENS_BENCH=1 npx vitest run test/convert/perf.test.ts
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { convertInput, type Converted } from '../../src/ingest/convert/index.js';
import { tempDir } from '../helpers.js';
import { workbook } from './xlsx-builder.js';

const N = Number(process.env.ITSM_LENS_BENCH_ROWS ?? 100_000);
const run = process.env.ITSM_LENS_BENCH === '1' ? describe : describe.skip;

run(`conversion at ${N} rows`, () => {
  const dir = tempDir('itsm-lens-convert-bench-');
  const done: Converted[] = [];
  const times: Record<string, string> = {};
  afterAll(async () => {
    for (const c of done) await c.cleanup();
    console.table(times);
  });
  const time = async (label: string, path: string): Promise<Converted> => {
    const t0 = performance.now();
    const c = (await convertInput(path))!;
    const s = (performance.now() - t0) / 1000;
    done.push(c);
    const mb = statSync(path).size / 1e6;
    times[label] = `${s.toFixed(2)} s · ${(N / s / 1000).toFixed(0)}k rows/s · input ${mb.toFixed(1)} MB · csv ${(statSync(c.csvPath).size / 1e6).toFixed(1)} MB · rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
    return c;
  };

  it('xlsx: 12 columns of strings, dates, numbers, multi-line text', async () => {
    const header = ['Number', 'Opened', 'Resolved', 'State', 'Priority', 'Assignment group', 'Assigned to', 'Short description', 'Description', 'Reassignment count', 'Made SLA', 'Category'];
    const strings = [...header, 'New', 'In Progress', 'Resolved', 'Closed', '1 - Critical', '2 - High', '3 - Moderate', '4 - Low', 'Service Desk', 'Network', 'Database', 'Hardware', 'Software'];
    const base = strings.length;
    const cols = 'ABCDEFGHIJKL';
    const parts: string[] = [`<row r="1">${header.map((_, i) => `<c r="${cols[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`];
    for (let r = 0; r < N; r++) {
      const row = r + 2;
      strings.push(`Cannot reach share ${r % 977}`, `Line one of ${r}_x000D_\nline two — café ${r % 13}`);
      const s1 = base + 2 * r;
      parts.push(
        `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>INC${String(r).padStart(7, '0')}</t></is></c>` +
          `<c r="B${row}" s="1"><v>${45292 + r / 100}</v></c><c r="C${row}" s="1"><v>${45292.5 + r / 100}</v></c>` +
          `<c r="D${row}" t="s"><v>${12 + (r % 4)}</v></c><c r="E${row}" t="s"><v>${16 + (r % 4)}</v></c><c r="F${row}" t="s"><v>${20 + (r % 3)}</v></c>` +
          `<c r="G${row}" t="inlineStr"><is><t>Agent ${r % 50}</t></is></c><c r="H${row}" t="s"><v>${s1}</v></c><c r="I${row}" t="s"><v>${s1 + 1}</v></c>` +
          `<c r="J${row}"><v>${r % 5}</v></c><c r="K${row}" t="b"><v>${r % 2}</v></c><c r="L${row}" t="s"><v>${23 + (r % 2)}</v></c></row>`,
      );
    }
    const path = join(dir, 'bench.xlsx');
    writeFileSync(path, workbook({ sheets: [{ name: 'Page 1', rows: parts.join('') }], strings, xfs: [0, 22] }));
    const c = await time('xlsx', path);
    expect(c.rows).toBe(N);
  });

  it('json: ServiceNow-style {"result": [...]} with display_value pairs', async () => {
    const recs: string[] = [];
    for (let r = 0; r < N; r++) {
      recs.push(JSON.stringify({
        number: `INC${r}`, opened_at: '2024-01-01 10:00:00', state: { display_value: 'Resolved', value: '6' },
        priority: { display_value: '3 - Moderate', value: '3' }, assignment_group: { display_value: 'Network', value: 'a1b2', link: 'https://x/a1b2' },
        short_description: `Cannot reach share ${r % 977}`, description: `Line one\nline two ${r}`, reassignment_count: r % 5, made_sla: r % 2 === 0,
      }));
    }
    const path = join(dir, 'bench.json');
    writeFileSync(path, `{"result":[${recs.join(',\n')}]}`);
    const c = await time('json', path);
    expect(c.rows).toBe(N);
  });

  it('xes.gz: 10 events per trace', async () => {
    const traces: string[] = [];
    for (let t = 0; t < N / 10; t++) {
      const ev = Array.from({ length: 10 }, (_, e) =>
        `<event><string key="concept:name" value="Step ${e}"/><date key="time:timestamp" value="2024-01-01T10:${String(e).padStart(2, '0')}:00.000+01:00"/><string key="org:resource" value="Agent ${t % 50}"/><string key="lifecycle:transition" value="complete"/></event>`,
      ).join('\n');
      traces.push(`<trace><string key="concept:name" value="case ${t}"/><string key="priority" value="${t % 4}"/>\n${ev}</trace>`);
    }
    const path = join(dir, 'bench.xes.gz');
    writeFileSync(path, gzipSync(`<?xml version="1.0"?>\n<log xes.version="1.0">${traces.join('\n')}</log>`));
    const c = await time('xes.gz', path);
    expect(c.rows).toBe(N);
  });
});
