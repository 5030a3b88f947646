#!/usr/bin/env node
/**
 * A small SQL mutator (issue 19.4): how many single-point changes to our SQL do the value tests notice?
 *
 *   npm run mutate:sql [-- FILTER…] [--json OUT.json] [--list]
 *
 * For every .sql file in queries/, reports/ and src/ (or those whose path contains a FILTER), it makes mutants:
 *   cmp       a comparison operator swapped (< ↔ <=, > ↔ >=, = ↔ <>)
 *   null      IS NULL ↔ IS NOT NULL
 *   where     one AND-conjunct of a WHERE (or FILTER (WHERE …)) dropped; a single condition becomes TRUE
 *   case      one WHEN branch of a CASE made FALSE (the branch dropped)
 *   div       numerator and denominator of a division swapped
 *   shift     a number compared with, added or subtracted (days, hours, intervals) moved by one
 * For each mutant it rewrites the file, runs the file's value test (testFor below: test/queries/<name>.test.ts
 * for queries/<name>.sql, test/<dir>/<name>.test.ts for src/<dir>/<name>.sql, test/reports/queries/… for
 * reports/queries/…), and restores the file. A mutant
 * is killed when the test fails. Not part of `npm test`: it reruns a test file per mutant.
 *
 * Vitest is started once and reruns the file per mutant (each run forks a fresh worker, so the SQL is read
 * again); the file is restored on exit, Ctrl-C included. A mutant that runs 10× as long as the unmutated test
 * (at least a minute; MUTATE_SQL_LIMIT_MS sets it) is stopped and counted as killed by timeout (progress mark T).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------- the mutants of one SQL text ----------

/** Spans of the text that are code (not a comment or a string literal). */
function codeMask(sql) {
  const code = new Array(sql.length).fill(true);
  for (let i = 0; i < sql.length; ) {
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      for (let k = i; k < stop; k++) code[k] = false;
      i = stop;
    } else if (sql[i] === "'") {
      let k = i + 1;
      while (k < sql.length && !(sql[k] === "'" && sql[k + 1] !== "'")) k += sql[k] === "'" ? 2 : 1;
      for (let j = i; j <= k && j < sql.length; j++) code[j] = false;
      i = k + 1;
    } else i++;
  }
  return code;
}

const isWord = (c) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Index of the parenthesis matching the one at `open` (forward), or -1. */
function matchForward(sql, code, open) {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (!code[i]) continue;
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
function matchBackward(sql, code, close) {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (!code[i]) continue;
    if (sql[i] === ')') depth++;
    else if (sql[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

/** The operand ending just before `end` (exclusive): a word, a call, a parenthesised term, with FILTER (…). */
function operandBefore(sql, code, end) {
  let i = end;
  while (i > 0 && sql[i - 1] === ' ') i--;
  const stop = i;
  for (;;) {
    if (sql[i - 1] === ')') {
      const open = matchBackward(sql, code, i - 1);
      if (open < 0) return null;
      i = open;
      let w = i;
      while (isWord(sql[w - 1])) w--;
      if (/^FILTER$/i.test(sql.slice(w, i).trim()) || /FILTER\s*$/i.test(sql.slice(Math.max(0, i - 8), i))) {
        // `count(*) FILTER (…)`: step over FILTER and the call before it
        let k = i;
        while (sql[k - 1] === ' ') k--;
        k -= 'FILTER'.length;
        while (sql[k - 1] === ' ') k--;
        i = k;
        continue;
      }
      i = w;
      break;
    }
    let w = i;
    while (isWord(sql[w - 1]) || sql[w - 1] === '.') w--;
    if (w === i) return null;
    i = w;
    break;
  }
  return { start: i, end: stop };
}

/** The operand starting at or after `start`. */
function operandAfter(sql, code, start) {
  let i = start;
  while (sql[i] === ' ') i++;
  const from = i;
  while (isWord(sql[i]) || sql[i] === '.') i++;
  if (sql[i] === '(') {
    const close = matchForward(sql, code, i);
    if (close < 0) return null;
    i = close + 1;
  }
  const filter = /^\s*FILTER\s*\(/i.exec(sql.slice(i));
  if (filter) {
    const close = matchForward(sql, code, i + filter[0].length - 1);
    if (close < 0) return null;
    i = close + 1;
  }
  return i === from ? null : { start: from, end: i };
}

const CLAUSE_END = /^(GROUP\s+BY|ORDER\s+BY|HAVING|UNION|LIMIT|SELECT|FROM|WINDOW|\{\{group_by\}\})\b/i;

/** Top-level AND-conjuncts of the WHERE condition that starts at `from`. */
function conjuncts(sql, code, from) {
  const parts = [];
  let depth = 0;
  let partStart = from;
  let i = from;
  for (; i < sql.length; i++) {
    if (!code[i]) continue;
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (i === 0 || !isWord(sql[i - 1]))) {
      const rest = sql.slice(i, i + 20);
      if (CLAUSE_END.test(rest) || /^\{\{group_by\}\}/.test(rest)) break;
      if (/^AND\b/i.test(rest)) {
        parts.push({ start: partStart, end: i });
        partStart = i + 3;
      } else if (/^OR\b/i.test(rest)) return []; // a disjunction: leave it to the other operators
    }
  }
  parts.push({ start: partStart, end: i });
  return parts.map((p) => {
    let s = p.start;
    let e = p.end;
    while (/\s/.test(sql[s])) s++;
    while (e > s && /\s/.test(sql[e - 1])) e--;
    return { start: s, end: e };
  });
}

export function mutants(sql) {
  const code = codeMask(sql);
  const out = [];
  const add = (kind, start, end, replacement) => {
    if (sql.slice(start, end) === replacement) return; // e.g. 0.1 − 0.05 printed with one decimal: no change
    const line = sql.slice(0, start).split('\n').length;
    out.push({ kind, line, from: sql.slice(start, end), to: replacement, text: sql.slice(0, start) + replacement + sql.slice(end) });
  };
  // cmp
  const CMP = { '<=': '<', '>=': '>', '<>': '=', '<': '<=', '>': '>=', '=': '<>' };
  for (let i = 0; i < sql.length; i++) {
    if (!code[i]) continue;
    const two = sql.slice(i, i + 2);
    if (['<=', '>=', '<>'].includes(two)) {
      add('cmp', i, i + 2, CMP[two]);
      i++;
    } else if ('<>='.includes(sql[i]) && sql[i - 1] !== '-' && sql[i + 1] !== '>' && sql[i - 1] !== '=' && sql[i - 1] !== '!') {
      add('cmp', i, i + 1, CMP[sql[i]]);
    }
  }
  // null
  for (const m of sql.matchAll(/\bIS (NOT )?NULL\b/gi)) {
    if (!code[m.index]) continue;
    add('null', m.index, m.index + m[0].length, m[1] ? 'IS NULL' : 'IS NOT NULL');
  }
  // where
  for (const m of sql.matchAll(/\bWHERE\b/gi)) {
    if (!code[m.index]) continue;
    const parts = conjuncts(sql, code, m.index + 5);
    if (parts.length === 1) add('where', parts[0].start, parts[0].end, 'TRUE');
    else {
      for (let k = 0; k < parts.length; k++) {
        // drop the conjunct with the AND that joins it
        const start = k === 0 ? parts[0].start : parts[k - 1].end;
        const end = k === 0 ? parts[1].start : parts[k].end;
        add('where', start, end, k === 0 ? '' : '');
      }
    }
  }
  // case
  for (const m of sql.matchAll(/\bWHEN\b([\s\S]*?)\bTHEN\b/gi)) {
    if (!code[m.index]) continue;
    const s = m.index + 4;
    const e = m.index + m[0].length - 4;
    add('case', s, e, ' FALSE ');
  }
  // div
  for (let i = 0; i < sql.length; i++) {
    if (!code[i] || sql[i] !== '/' || sql[i + 1] === '*' || sql[i - 1] === '*') continue;
    const left = operandBefore(sql, code, i);
    const right = operandAfter(sql, code, i + 1);
    if (!left || !right) continue;
    const a = sql.slice(left.start, left.end);
    const b = sql.slice(right.start, right.end);
    const line = sql.slice(0, left.start).split('\n').length;
    out.push({
      kind: 'div',
      line,
      from: `${a} / ${b}`.replace(/\s+/g, ' '),
      to: `${b} / ${a}`.replace(/\s+/g, ' '),
      text: sql.slice(0, left.start) + b + ' / ' + a + sql.slice(right.end),
    });
  }
  // shift: numbers after a comparison, + or -, or in INTERVAL n / to_days(n)
  for (const m of sql.matchAll(/(<=|>=|<>|<|>|=|\+|-|INTERVAL)\s*(\d+(?:\.\d+)?)\b/gi)) {
    if (!code[m.index] || m[1] === '-' && sql[m.index - 1] === '-') continue;
    const at = m.index + m[0].length - m[2].length;
    const n = Number(m[2]);
    const step = m[2].includes('.') ? 0.05 : 1;
    const fmt = (v) => (m[2].includes('.') ? v.toFixed(m[2].split('.')[1].length) : String(v));
    add('shift', at, at + m[2].length, fmt(n + step));
    if (n - step >= 0) add('shift', at, at + m[2].length, fmt(n - step));
  }
  return out;
}

// ---------- which files, which tests ----------

/** Every product .sql file: queries/, reports/ (the report's own queries) and src/. */
export function sqlFiles() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir))) {
      const p = join(dir, e);
      if (statSync(join(ROOT, p)).isDirectory()) walk(p);
      else if (e.endsWith('.sql')) files.push(p);
    }
  };
  for (const dir of ['queries', 'reports', 'src']) walk(dir);
  // DDL frozen as released (migration step 1): no operator to mutate, and test/store/migrate-v1.test.ts checks it
  return files.filter((f) => f.split('\\').join('/') !== 'src/store/schema-v1.sql').sort();
}

/**
 * A file's value test, named after it: test/ + its path without a leading src/, `.sql` → `.test.ts`
 * (queries/mttr.sql → test/queries/mttr.test.ts, src/metrics/prepare.sql → test/metrics/prepare.test.ts,
 * reports/queries/rejects.sql → test/reports/queries/rejects.test.ts). test/architecture/sql-value-tests.test.ts
 * fails when a file has none.
 */
export function testFor(file) {
  const rel = file.startsWith('src/') ? relative('src', file) : file;
  return TESTED_BY[file.split('\\').join('/')] ?? join('test', dirname(rel), `${basename(rel, '.sql')}.test.ts`);
}

/**
 * Statements moved out of TypeScript unchanged (issue 20) whose value tests were written before the move under
 * another name: the test that checks them by value, until it is renamed after the file.
 */
const TESTED_BY = {
  'src/calendar/business-time.sql': 'test/calendar/acceptance.test.ts',
  'src/calendar/segments.sql': 'test/calendar/acceptance.test.ts',
  'src/check/rank-test.sql': 'test/check/stats.test.ts',
  'src/clusters/evaluate.sql': 'test/clusters/planted.test.ts',
  'src/config/init.sql': 'test/cli/init.test.ts',
  'src/findings/frame.sql': 'test/findings/findings.test.ts',
  'src/findings/reproduce.sql': 'test/findings/findings.test.ts',
  'src/ingest/read-raw.sql': 'test/ingest/lines.test.ts',
  'src/ingest/rejects.sql': 'test/ingest/ingest.test.ts',
  'src/lint/run.sql': 'test/lint/rules.test.ts',
  'src/maturity/maturity.sql': 'test/maturity/levels.test.ts',
  'src/metrics/explain.sql': 'test/sla/corner-cases.test.ts',
  'src/metrics/tidy.sql': 'test/metrics/breakdowns.test.ts',
  'src/privacy/redact.sql': 'test/robustness/redact.test.ts',
  'src/sla/sla.sql': 'test/sla/recompute.test.ts',
};

// ---------- run ----------

/**
 * Kills this process's vitest workers (Linux /proc; elsewhere nothing): a mutant can make a query explode (a
 * join condition turned into a near cross join, re-run every label-propagation round), and DuckDB does not stop
 * for vitest's timeouts. Vitest then reports the file as failed: the mutant counts as killed (a timeout, as
 * Stryker counts them) and is listed as such.
 */
function killWorkers() {
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes('vitest') && cmd.includes('worker')) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
  const listOnly = args.includes('--list');
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = sqlFiles().filter((f) => !filters.length || filters.some((x) => f.includes(x)));
  if (listOnly) {
    for (const f of files) for (const m of mutants(readFileSync(join(ROOT, f), 'utf8'))) console.log(`${f}:${m.line} [${m.kind}] ${m.from.trim()} → ${m.to.trim()}`);
    return;
  }
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', { watch: false, root: ROOT, silent: true }, { test: { reporters: [{}] } });
  let current = null; // { path, original } while a file is rewritten
  const restore = () => {
    if (current) writeFileSync(current.path, current.original);
    current = null;
  };
  process.on('SIGINT', () => {
    restore();
    process.exit(130);
  });
  process.on('exit', restore);
  // a worker killed on timeout closes its IPC channel under vitest's feet: that error is expected, not fatal
  process.on('uncaughtException', (e) => {
    if (e && e.code === 'ERR_IPC_CHANNEL_CLOSED') return;
    restore();
    console.error(e);
    process.exit(1);
  });
  const passes = async (test) => {
    const path = join(ROOT, test);
    const r = await vitest.runTestFiles([path]);
    // the result lists every module run so far in this process: judge the one just run
    const mine = r.testModules.filter((m) => m.moduleId === path);
    return mine.length > 0 && mine.every((m) => m.ok()) && r.unhandledErrors.length === 0;
  };
  const report = [];
  let killed = 0;
  let total = 0;
  const t0 = Date.now();
  try {
    for (const f of files) {
      const path = join(ROOT, f);
      const original = readFileSync(path, 'utf8');
      const test = testFor(f);
      const ms = mutants(original);
      const entry = { file: f, test, mutants: ms.length, killed: 0, survivors: [], untested: false };
      report.push(entry);
      if (!existsSync(join(ROOT, test))) {
        entry.untested = true;
        total += ms.length;
        entry.survivors = ms.map((m) => ({ line: m.line, kind: m.kind, from: m.from.trim(), to: m.to.trim() }));
        console.log(`${f}: no test (${test}); ${ms.length} mutants not run`);
        continue;
      }
      const t1 = Date.now();
      if (!(await passes(test))) {
        console.log(`${f}: ${test} fails on the unmutated code; skipped`);
        entry.error = 'test fails unmutated';
        continue;
      }
      // a mutant running 10× as long as the unmutated test (at least a minute) is stopped and counted as killed
      const limit = Number(process.env.MUTATE_SQL_LIMIT_MS) || Math.max(60_000, 10 * (Date.now() - t1));
      entry.timeouts = [];
      for (const m of ms) {
        current = { path, original };
        writeFileSync(path, m.text);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          killWorkers();
        }, limit);
        const ok = (await passes(test).catch(() => false)) && !timedOut;
        clearTimeout(timer);
        restore();
        process.stderr.write(ok ? 'S' : timedOut ? 'T' : '.');
        total++;
        const desc = { line: m.line, kind: m.kind, from: m.from.trim().replace(/\s+/g, ' '), to: m.to.trim().replace(/\s+/g, ' ') };
        if (ok) entry.survivors.push(desc);
        else {
          if (timedOut) entry.timeouts.push(desc);
          entry.killed++;
          killed++;
        }
      }
      process.stderr.write('\n');
      console.log(`${f}: ${entry.killed}/${ms.length} killed${entry.timeouts.length ? ` (${entry.timeouts.length} by timeout)` : ''}`);
      // written after every file, so that a long run stopped half-way keeps what it measured
      if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), partial: true, files: report }, null, 2) + '\n');
      for (const s of entry.survivors) console.log(`  survived ${f}:${s.line} [${s.kind}] ${s.from} → ${s.to}`);
    }
  } finally {
    restore();
    await vitest.close();
  }
  const score = total ? killed / total : 1;
  console.log(`\nSQL mutation score: ${killed}/${total} killed = ${(score * 100).toFixed(1)} % (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), killed, total, score, files: report }, null, 2) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
