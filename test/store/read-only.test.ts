/**
 * Read-only commands open the database read-only (issue 17, item 6), so several of them and a DuckDB client
 * can read one database at once; only ingest takes the write lock. Before, the second of two commands
 * stopped with "… is open in another process". A database an older release wrote is upgraded in a short
 * write open first; when another process holds it, the command says so in one line.
 */
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { cli, ROOT, tempDir, type CliResult } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A DuckDB client holding the file open read-only, as a user's `duckdb -readonly` beside itsm-lens would. */
async function client(db: string): Promise<{ close: () => void; version: () => Promise<string> }> {
  const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await i.connect();
  return {
    version: async () => String((await c.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'")).getRows()[0]![0]),
    close: () => {
      c.closeSync();
      i.closeSync();
    },
  };
}

describe('read-only commands', () => {
  it('kpi and lint run at the same time on one database, beside a DuckDB client, and both exit 0', async () => {
    const { db } = await fixtureDb('servicenow');
    const held = await client(db);
    try {
      const [kpi, lint] = await Promise.all([cliAsync(['kpi', '--db', db, '--json']), cliAsync(['lint', '--db', db])]);
      expect(kpi.code, kpi.stderr).toBe(0);
      expect(lint.code, lint.stderr).toBe(0);
      expect(JSON.parse(kpi.stdout).counts.incidents).toBeGreaterThan(0);
      // ingest alone takes the write lock
      const ingest = cli(['ingest', '--db', db, join(ROOT, 'fixtures', 'servicenow')]);
      expect(ingest.code).toBe(2);
      expect(ingest.stderr).toMatch(/is open in another process/);
    } finally {
      held.close();
    }
  });

  it('upgrade a database an older release wrote in a short write open, or say why they cannot', async () => {
    const { db: shared } = await fixtureDb('servicenow');
    const db = join(tempDir(), 'old.duckdb');
    copyFileSync(shared, db);
    const setVersion = async (v: number) => {
      const i = await DuckDBInstance.create(db);
      const c = await i.connect();
      await c.run(`UPDATE meta SET value = '${v}' WHERE key = 'schema_version'`);
      c.closeSync();
      i.closeSync();
    };
    await setVersion(SCHEMA_VERSION - 1);
    const held = await client(db);
    let r: CliResult;
    try {
      r = cli(['kpi', '--db', db]);
    } finally {
      held.close();
    }
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^itsm-lens: .*old\.duckdb was written by an older itsm-lens and upgrading it needs write access for a moment \(.*open in another process.*\); run itsm-lens ingest on it once, or retry when no other process has it open$/);
    r = cli(['kpi', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const after = await client(db);
    try {
      expect(await after.version()).toBe(String(SCHEMA_VERSION));
    } finally {
      after.close();
    }
  });
});
