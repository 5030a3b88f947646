/**
 * src/store/allocator.ts: DuckDB's bundled jemalloc returns freed pages to the system after 300 ms, not after
 * 1 s dirty + 1 s muzzy (issue 23: those pages put ingest's peak RSS up to ~460 MiB above DuckDB's own memory limit). The
 * options go in through the environment variable the bundled jemalloc reads, set while the bindings load, and
 * a user's own value wins; jemalloc's background thread is on in every instance.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JEMALLOC_CONF, JEMALLOC_CONF_VAR, jemallocEnv } from '../../src/store/allocator.js';
import { Store } from '../../src/store/db.js';
import { ROOT, tempDir } from '../helpers.js';

/** jemalloc's options as a process that loads the bindings with `env` prints them at exit (stats_print). */
function jemallocOptions(env: NodeJS.ProcessEnv, loader: string): Record<string, string> {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', loader], { cwd: ROOT, env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries([...r.stderr.matchAll(/^\s*opt\.(\w+): (\S+)/gm)].map((m) => [m[1], m[2]]));
}
const STATS = 'stats_print:true,stats_print_opts:mdablxe';
const OPEN = `const i = await duckdb().DuckDBInstance.create(':memory:'); await (await i.connect()).run('SELECT 1');`;

describe("DuckDB's allocator", () => {
  it('sets jemalloc options when none are given (an empty value counts as none), and keeps a user\'s own', () => {
    expect(jemallocEnv({})[JEMALLOC_CONF_VAR]).toBe('dirty_decay_ms:300,muzzy_decay_ms:0');
    expect(jemallocEnv({ [JEMALLOC_CONF_VAR]: ' ' })[JEMALLOC_CONF_VAR]).toBe(JEMALLOC_CONF);
    expect(jemallocEnv({ [JEMALLOC_CONF_VAR]: 'dirty_decay_ms:5000' })[JEMALLOC_CONF_VAR]).toBe('dirty_decay_ms:5000');
  });

  // DuckDB bundles jemalloc on Linux only (elsewhere the variable is not read)
  it.skipIf(process.platform !== 'linux')('reaches the jemalloc the bindings carry (DuckDB alone: 1000 and 1000)', () => {
    const env = { ...process.env };
    delete env[JEMALLOC_CONF_VAR];
    const load = `import { createRequire } from 'node:module'; const duckdb = () => createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('@duckdb/node-api'); ${OPEN}`;
    // DuckDB's own options: a check that the test reads them at all
    expect(jemallocOptions({ ...env, [JEMALLOC_CONF_VAR]: STATS }, load)).toMatchObject({ dirty_decay_ms: '1000', muzzy_decay_ms: '1000' });
    expect(jemallocOptions({ ...env, [JEMALLOC_CONF_VAR]: `${JEMALLOC_CONF},${STATS}` }, load)).toMatchObject({ dirty_decay_ms: '300', muzzy_decay_ms: '0' });
  });

  it('is set by the loader as the bindings load, and taken out after (src/store/duckdb-api.ts, compiled, as the CLI runs it)', () => {
    const env = { ...process.env };
    delete env[JEMALLOC_CONF_VAR];
    // the variable as it is at the moment the package is required, seen from Node's module loader
    const api = JSON.stringify(join(ROOT, 'dist', 'store', 'duckdb-api.js'));
    const child = `import Module from 'node:module';
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === '@duckdb/node-api') console.log('at load: ' + process.env.${JEMALLOC_CONF_VAR});
        return load.call(this, request, ...rest);
      };
      const { duckdb } = await import(${api});
      duckdb(); duckdb();
      console.log('after: ' + process.env.${JEMALLOC_CONF_VAR});`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { cwd: ROOT, env, encoding: 'utf8' });
    // the processes the CLI starts (a browser, the bench's plain-DuckDB floor) do not inherit it
    expect(r.stdout.trim().split('\n'), r.stderr).toEqual([`at load: ${JEMALLOC_CONF}`, 'after: undefined']);
  });

  it('runs jemalloc\'s background thread in every database the store opens', async () => {
    const s = await Store.open(join(tempDir('itsm-lens-alloc-'), 'a.duckdb'));
    try {
      expect((await s.one<{ v: boolean }>(`SELECT current_setting('allocator_background_threads') AS v`))!.v).toBe(true);
    } finally {
      await s.close();
    }
  });
});
