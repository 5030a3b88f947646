/**
 * `--memory-limit` spills instead of failing (issue 25, item 6). DuckDB sized the CSV reader's buffer at
 * 16 × the 16 MB line limit, one 256 MiB block per scan, so any ingest under a limit below about 512 MB failed
 * at once with "could not allocate block". In `npm test` a 60 MB export is ingested under a 100MB limit;
 * with ITSM_LENS_BENCH=1 a 1 GB export under 500MB, as the issue asks. Every row must load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const BENCH = Boolean(process.env.ITSM_LENS_BENCH);
const TARGET_MB = BENCH ? 1024 : 60;
const LIMIT = BENCH ? '500MB' : '100MB';
// ~300 bytes a row
const ROWS = Math.round((TARGET_MB * 1024 * 1024) / 300);

const dir = tempDir('itsm-lens-memlimit-');
const file = join(dir, 'incident.csv');
const db = join(dir, 'm.duckdb');

beforeAll(async () => {
  const s = await Store.open(':memory:', { migrate: false });
  try {
    await s.run(`COPY (SELECT 'INC' || lpad(i::VARCHAR, 9, '0') AS number, 'Printer ' || i || ' ' || repeat('x', 150) AS short_description,
        strftime(TIMESTAMP '2024-01-01' + INTERVAL (i % 20000000) SECOND, '%Y-%m-%d %H:%M:%S') AS opened_at,
        strftime(TIMESTAMP '2024-01-01' + INTERVAL (i % 20000000 + 3600) SECOND, '%Y-%m-%d %H:%M:%S') AS resolved_at,
        'Caller ' || (i % 5000) AS caller_id, (1 + i % 4)::VARCHAR || ' - Moderate' AS priority, 'Group ' || (i % 40) AS assignment_group,
        md5(i::VARCHAR) AS sys_id
      FROM range(${ROWS}) r(i)) TO '${file}' (FORMAT csv, HEADER)`);
  } finally {
    s.close();
  }
}, 900_000);

describe(`ingest under --memory-limit ${LIMIT}`, () => {
  it(`loads every row of a ${TARGET_MB} MB export, spilling to disk`, async () => {
    expect(statSync(file).size).toBeGreaterThan(TARGET_MB * 0.9 * 1024 * 1024);
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(ROOT, 'bin', 'itsm-lens.js'), '--memory-limit', LIMIT, 'ingest', '--db', db, file], {
      encoding: 'utf8',
      timeout: 1_800_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const peakMb = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
    console.log(`memory-limit: ${TARGET_MB} MB export under ${LIMIT}: loaded, peak RSS ${peakMb.toFixed(0)} MB`);
    const s = await Store.open(db, { readOnly: true });
    try {
      expect(await s.one('SELECT count(*) AS n FROM ticket')).toEqual({ n: ROWS });
    } finally {
      s.close();
    }
  }, 1_800_000);

  it('refuses a file with a record longer than the reader\'s buffer instead of dropping it without a word', () => {
    // DuckDB drops a line longer than its read buffer with no reject; under a memory limit the buffer is
    // smaller than DuckDB's own (32 MB here), so a 40 MB line vanished: a line over the limit is refused instead.
    const f = join(dir, 'long-line.csv');
    writeFileSync(f, `number,short_description,opened_at\nINC0000001,ok,2024-03-01 08:00:00\nINC0000002,${'y'.repeat(40 * 2 ** 20)},2024-03-02 08:00:00\nINC0000003,ok,2024-03-03 08:00:00\n`);
    const db2 = join(dir, 'long.duckdb');
    const r = cli(['--memory-limit', '100MB', 'ingest', '--db', db2, f]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/long-line\.csv: 1 line\(s\) are longer than the line limit of 16 MB, which under --memory-limit 100MB cannot be rejected one by one/);
    expect(existsSync(db2)).toBe(false);
  }, 300_000);
});
