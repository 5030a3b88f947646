// BENCHMARKS.md from bench/results/*.json (the latest itsm-lens/bench@1 result of each size).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PHASES = ['ingest', 'kpi', 'clusters', 'findings', 'report', 'pipeline', 'first_run'];
const FLOORS = ['floor_read_csv', 'floor_scan_csv_table', 'floor_scan_ticket', 'peer_pandas'];
const WHAT = {
  ingest: 'ingest the five CSV exports into a fresh database',
  kpi: '`kpi --json --by month,priority` (every KPI query)',
  clusters: '`clusters --json`',
  findings: '`findings --json`',
  report: '`report --out DIR` (HTML + SVG charts)',
  pipeline: 'ingest → kpi → clusters → findings → report, fresh database',
  first_run: 'first run on what the peer reads: ingest incident.csv + change_request.csv into a fresh database, then `kpi --json --by month,priority` (alternated with the peer)',
  floor_read_csv: 'floor: DuckDB `CREATE TABLE AS SELECT * FROM read_csv(file)` per export',
  floor_scan_csv_table: 'floor: scan every column of the read_csv incident table',
  floor_scan_ticket: 'floor: scan every column of our `ticket` table',
  peer_pandas: 'peer: `bench/peer/pandas_kpis.py` (read CSVs + core KPIs)',
};

const fmt = (v, d = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
const order = (s) => Number(/^(\d+(?:\.\d+)?)([km]?)$/.exec(s)?.[1] ?? 0) * ({ k: 1e3, m: 1e6 }[/[km]$/.exec(s)?.[0]] ?? 1);

export function latestResults(dir) {
  if (!existsSync(dir)) return [];
  const bySize = new Map();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let r;
    try {
      r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch {
      continue;
    }
    if (r.schema !== 'itsm-lens/bench@1') continue;
    if (!bySize.has(r.size) || bySize.get(r.size).date < r.date) bySize.set(r.size, { ...r, file: f });
  }
  return [...bySize.values()].sort((a, b) => order(a.size) - order(b.size));
}

function phaseRow(name, p) {
  if (!p) return null;
  if (p.available === false) return `| ${name} | ${WHAT[name] ?? ''} | not available: ${p.reason} | | | | | | |`;
  if (p.code !== 0) return `| ${name} | ${WHAT[name] ?? ''} | FAILED (${p.error}) | | | | | | |`;
  const vsFloor = p.ratio_to_floor === undefined ? '' : `${fmt(p.ratio_to_floor)}× ${p.floor.replace('floor_', '')}`;
  const vsPeer = p.ratio_to_peer === undefined ? '' : p.ratio_to_peer === null ? '–' : `${fmt(p.ratio_to_peer, 3)}×`;
  const what = p.steps ? `${p.steps.join(' → ')}, fresh database` : WHAT[name] ?? '';
  // CPU seconds: results before session 23 have none
  return `| ${name} | ${what} | ${fmt(p.wall_s)} | ${p.cpu_s === undefined ? '–' : fmt(p.cpu_s)} | ${vsFloor} | ${vsPeer} | ${p.peak_rss_mib} | ${fmt(p.s_per_million_incidents, 1)} | ${p.cpu_s_per_million_incidents === undefined ? '–' : fmt(p.cpu_s_per_million_incidents, 1)} |`;
}

/**
 * The hand-written part of an existing BENCHMARKS.md: every section from the first one the bench does not write
 * (measurements by hand, before/after of one change), kept as it is; null when there is none.
 */
function handWritten(existing) {
  if (!existing) return null;
  const lines = existing.split('\n');
  const i = lines.findIndex((l) => l.startsWith('## ') && !/^## (\S+ incidents \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$|Scaling: seconds per million incidents$)/.test(l));
  return i < 0 ? null : lines.slice(i).join('\n').trimEnd();
}

/**
 * The alternated rounds of the floor, ingest and the pipeline (results since 2026-12-07 keep each round's wall
 * time): each round's ratio to the same round's floor, beside the targets' best-against-best.
 */
function roundsLines(r) {
  const f = r.phases.floor_read_csv?.walls;
  if (!f || f.length < 2) return [];
  const per = (p) => {
    const w = r.phases[p]?.walls;
    if (!w?.length) return null;
    return `${p} ${w.map((x) => fmt(x)).join(' / ')} s (÷ floor ${w.map((x, i) => (x === null || !f[i] ? '–' : fmt(x / f[i]))).join(' / ')})`;
  };
  // peak RSS per round (results since session 27): the maximum above hides how often a round crosses a limit
  const peaks = ['ingest', 'pipeline', 'first_run'].filter((p) => r.phases[p]?.peaks?.length).map((p) => `${p} ${r.phases[p].peaks.map((x) => x.toLocaleString('en')).join(' / ')}`);
  return [
    `Alternated rounds: floor_read_csv ${f.map((x) => fmt(x)).join(' / ')} s; ${['ingest', 'pipeline'].map(per).filter(Boolean).join('; ')}.`,
    ...(peaks.length ? ['', `Peak RSS MiB per round: ${peaks.join('; ')}.`] : []),
    '',
  ];
}

/** BENCHMARKS.md: the bench's sections from bench/results, then the hand-written ones of `existing` (the current file). */
export function renderBenchmarks(dir, existing = null) {
  const results = latestResults(dir);
  const out = [
    '# Benchmarks',
    '',
    'Written by `npm run bench -- --sizes …` (bench/run.mjs); do not edit by hand. Each size is N incidents',
    '(with the generator’s N/3 service requests), N/10 changes and N/20 assets over 24 months, in ServiceNow',
    'list-export format (`itsm-lens generate`, seed 1, cached in bench/.cache). Every phase runs as its own',
    'process (Node start-up included); wall time is the best of up to 3 runs (fewer when a phase takes over',
    'a minute), peak RSS is the kernel’s maximum resident set (`/usr/bin/time -v`) over those runs. The',
    '`read_csv` floor, ingest and the pipeline are measured alternately (floor, ingest, pipeline, floor, …), and so',
    'are the first run and the peer: the ratios between them come from runs under the same load.',
    '',
    '- **Floors** are what this machine needs at least: DuckDB reading the same CSV files into tables with a plain',
    '  `read_csv` (no normalisation, types auto-detected), and reading every column of a table once. `ingest`',
    '  and the later phases are compared with the `read_csv` floor, `kpi` with the scan of our `ticket` table.',
    '- **Peer** is `bench/peer/pandas_kpis.py`, what an analyst would write instead (Debian `python3-pandas`):',
    '  MTTR mean/median/p90 by month × priority, SLA attainment, the FCR proxy, reopen rate and change success,',
    '  overall and per month × priority. Its figures are compared with `kpi --json` on the same definitions',
    '  (queries/*.sql) before any ratio to it is shown: a disagreement voids the comparison and fails the bench.',
    '  It reads only the columns it needs with explicit date formats (faster than a naive notebook), so the',
    '  ratios to it are conservative.',
    '- “× peer” is the phase’s time divided by the peer’s (below 1 = faster than pandas).',
    '- Process start-up (Node, module loading, opening the database) is in every figure, as a user sees it; for',
    '  the query cost alone, `node bench/kpi-vs-scan.mjs` times `kpi` against the scan inside one process.',
    '',
    'Run: `npm run bench -- --sizes 1m` (datasets are generated once and cached; `--generate-only` prepares them,',
    '`--skip clusters,pipeline` leaves phases out, `--memory-limit 4GB` is the default from 10M up, `--repeat`,',
    '`--budget` and `--no-peer` as in bench/run.mjs). Each size writes `bench/results/<date>-<size>.json`.',
    '',
  ];
  if (!results.length) return [...out, '_No results yet: run `npm run bench`._', ''].join('\n');
  for (const r of results) {
    const m = r.machine;
    out.push(`## ${r.size} incidents (${r.date.slice(0, 16).replace('T', ' ')} UTC)`, '');
    out.push(
      `${Object.entries(r.dataset.counts).filter(([, v]) => v).map(([k, v]) => `${Number(v).toLocaleString('en')} ${k.replace('_', ' ')}`).join(', ')}; ` +
        `${(r.dataset.csv_bytes / 2 ** 20).toFixed(0)} MiB of CSV. ${m.cpus} × ${m.cpu ?? 'CPU'}, ${m.memory_gib} GiB, Node ${m.node}; ` +
        `load average ${m.load_avg_1m_at_start} at start, ${m.load_avg_1m_at_end} at end${m.load_avg_1m_at_start > m.cpus / 2 ? ' (**busy machine: timings are noisy**)' : ''}. ` +
        `Memory limit: ${r.memory_limit === 'default' ? 'the tool’s default (no --memory-limit)' : r.memory_limit ?? 'none (DuckDB’s default then, 80 % of RAM)'}.`,
      '',
      '| phase | what | wall s | CPU s | × floor | × peer | peak RSS MiB | s per 1M incidents | CPU s per 1M |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of [...PHASES, ...FLOORS]) {
      const row = phaseRow(p, r.phases[p]);
      if (row) out.push(row);
    }
    out.push('');
    const a = r.peer_agreement;
    out.push(
      a ? `Peer agreement: ${a.agrees ? `all ${a.compared} figures equal (overall and per month × priority)` : `**${a.mismatch_count} mismatches** (comparison void), e.g. ${a.mismatches.slice(0, 3).join('; ')}`}.` : 'Peer agreement: not checked (the peer or kpi did not run).',
      ...(r.first_run_agreement
        ? ['', `First run against the peer: ${r.first_run_agreement.agrees ? `all ${r.first_run_agreement.compared} figures equal` : `**${r.first_run_agreement.mismatch_count} mismatches** (comparison void), e.g. ${r.first_run_agreement.mismatches.slice(0, 3).join('; ')}`}.`]
        : []),
      '',
      '| target | measured | limit | |',
      '|---|---:|---:|---|',
      ...r.targets.map((t) => `| ${t.target} | ${fmt(t.value)} | ${t.limit} | ${t.met === null ? t.reason : t.met ? 'met' : '**missed**'} |`),
      '',
      ...roundsLines(r),
    );
  }
  if (results.length > 1) {
    out.push('## Scaling: seconds per million incidents', '', `| phase | ${results.map((r) => r.size).join(' | ')} | largest ÷ ${results[results.length - 2].size} |`, `|---|${results.map(() => '---:').join('|')}|---:|`);
    for (const p of [...PHASES, ...FLOORS]) {
      const v = results.map((r) => (r.phases[p]?.code === 0 ? r.phases[p].s_per_million_incidents : null));
      if (v.every((x) => x === null)) continue;
      const [x, y] = v.slice(-2);
      out.push(`| ${p} | ${v.map((x) => fmt(x, 1)).join(' | ')} | ${x && y ? fmt(y / x) : '–'} |`);
    }
    out.push('', 'Target (issue 23): ingest time per ticket at 10M within 1.2× of that at 1M (the last column, when the last two sizes are 1m and 10m); the other phases are shown for scale.', '');
    // CPU seconds per ticket (results from session 23 on): steadier than wall time when the machine is shared
    const cpu = (r, p) => (r.phases[p]?.code === 0 && r.phases[p].cpu_s_per_million_incidents !== undefined ? r.phases[p].cpu_s_per_million_incidents : null);
    const withCpu = results.filter((r) => Object.keys(r.phases).some((p) => cpu(r, p) !== null));
    if (withCpu.length) {
      out.push('CPU seconds (user + system) per million incidents, for the results that record them:', '', `| phase | ${withCpu.map((r) => r.size).join(' | ')} |`, `|---|${withCpu.map(() => '---:').join('|')}|`);
      for (const p of [...PHASES, ...FLOORS]) {
        const v = withCpu.map((r) => cpu(r, p));
        if (v.some((x) => x !== null)) out.push(`| ${p} | ${v.map((x) => fmt(x, 1)).join(' | ')} |`);
      }
      out.push('');
    }
  }
  // measured by hand, not by the bench (the test suite's time with vitest; issue 23's ingest steps, old and new
  // builds alternated; before/after of one change): the current file's own sections, kept as they are (sessions
  // write them there); a file without any gets the ones kept in bench/*.md
  const tail = handWritten(existing);
  if (tail !== null) return [...out, tail, ''].join('\n');
  for (const f of ['ingest-steps.md', 'test-suite-time.md', 'measured.md']) {
    const p = join(dir, '..', f);
    if (existsSync(p)) out.push(readFileSync(p, 'utf8').trimEnd(), '');
  }
  return out.join('\n');
}
