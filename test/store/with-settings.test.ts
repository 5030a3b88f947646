/**
 * Store.withSettings: a statement run with DuckDB settings changed gives the connection back with the values it
 * had before, not DuckDB's defaults (ingest sets disabled_optimizers for a wide file, then changes it for one insert),
 * whether the statement succeeds, fails outside a transaction, or fails inside one (restored after its ROLLBACK).
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';

const setting = async (s: Store, name: string) => (await s.one<{ v: string }>(`SELECT current_setting('${name}')::VARCHAR AS v`))!.v;

describe('Store.withSettings', () => {
  it('restores the earlier values after success, a failure, and a failure inside a transaction', async () => {
    const s = await Store.open(':memory:', { migrate: false });
    try {
      await s.run("SET disabled_optimizers = 'common_subexpressions'");
      await s.run('SET write_buffer_row_group_count = 3');
      const changed = { disabled_optimizers: "'common_subexpressions,filter_pushdown'", write_buffer_row_group_count: '1' };
      const inside = async () => {
        expect((await setting(s, 'disabled_optimizers')).split(',').sort()).toEqual(['common_subexpressions', 'filter_pushdown']);
        expect(await setting(s, 'write_buffer_row_group_count')).toBe('1');
      };
      const earlier = async () => {
        expect(await setting(s, 'disabled_optimizers')).toBe('common_subexpressions');
        expect(await setting(s, 'write_buffer_row_group_count')).toBe('3');
      };
      await s.withSettings(changed, inside);
      await earlier();
      await expect(s.withSettings(changed, async () => { await inside(); await s.run("SELECT error('boom')"); })).rejects.toThrow(/boom/);
      await earlier();
      await expect(s.transaction(() => s.withSettings(changed, async () => { await inside(); await s.run("SELECT error('boom')"); }))).rejects.toThrow(/boom/);
      await earlier();
    } finally {
      s.close();
    }
  });
});
