#!/usr/bin/env node
// `ingest --redact` against the plain ingest of the same export, alternated in one run: the export of
// test/robustness/redact-bytes.test.ts (bench/lib/redact-export.mjs: 300,000 incidents naming three of 3,000 people
// each, in two columns and in free text). The scrubber was once exponential in the number of names; the target
// bounds its cost at 10× the plain ingest (measured 4.5× to 7× since). Usage:
//   npm run build && node bench/redact.mjs [--rows 300000] [--repeat 3]
// The export is cached in bench/.cache/redact-<rows>/; the result goes to bench/results/<date>-redact-<rows>.json.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { arg, dist, root } from './lib/script.mjs';
import { timed } from './lib/timed.mjs';
import { redactExportSql } from './lib/redact-export.mjs';

const rows = Number(arg('rows', '300000'));
const repeat = Number(arg('repeat', '3'));
const TARGET = 10;
const dir = join(root, 'bench', '.cache', `redact-${rows}`);
const file = join(dir, 'incident.csv');
const progress = (s) => process.stderr.write(`[redact] ${s}\n`);
mkdirSync(join(dir, 'logs'), { recursive: true });
if (!existsSync(file)) {
  progress(`writing ${rows.toLocaleString('en')} rows to ${file} …`);
  const { Store } = await dist('store/db.js');
  const s = await Store.open(':memory:', { migrate: false });
  try {
    await s.run(redactExportSql(file, rows));
  } finally {
    s.close();
  }
}

const load = os.loadavg()[0];
const rounds = [];
for (let i = 0; i < repeat; i++) {
  const round = {};
  for (const [name, extra] of [['plain', []], ['redact', ['--redact']]]) {
    const db = join(dir, `${name}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    round[name] = await timed(process.execPath, [join(root, 'bin', 'itsm-lens.js'), 'ingest', ...extra, '--db', db, file], { log: join(dir, 'logs', `${name}.log`) });
    if (round[name].code !== 0) throw new Error(`${name} ingest failed (exit ${round[name].code}): see ${join(dir, 'logs', `${name}.log`)}`);
    progress(`round ${i + 1}: ${name} ${round[name].wall_s} s (${round[name].cpu_s} CPU-s) · peak ${round[name].peak_rss_mib} MiB`);
  }
  round.ratio = Math.round((round.redact.wall_s / round.plain.wall_s) * 100) / 100;
  rounds.push(round);
}
const best = (k) => Math.min(...rounds.map((r) => r[k].wall_s));
const ratio = Math.round((best('redact') / best('plain')) * 100) / 100;
const result = {
  schema: 'itsm-lens/bench-redact@1',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load_1min_at_start: load },
  rows,
  people: 3000,
  rounds,
  best_plain_s: best('plain'),
  best_redact_s: best('redact'),
  ratio,
  target: { limit: TARGET, met: ratio <= TARGET },
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const out = join(root, 'bench', 'results', `${result.date.slice(0, 10)}-redact-${rows}.json`);
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
progress(`ingest --redact / plain ingest: ${ratio} best against best (rounds ${rounds.map((r) => r.ratio).join(' / ')}; limit ${TARGET}) ${ratio <= TARGET ? 'met' : 'MISSED'}`);
progress(`wrote ${out}`);
