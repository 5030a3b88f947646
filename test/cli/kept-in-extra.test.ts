import { describe, expect, it } from 'vitest';
import { dryRun, keptInExtra, renderDryRun } from '../../src/ingest/dry-run.js';
import { planIngest } from '../../src/ingest/index.js';
import { tempDir, writeFixture } from '../helpers.js';

// src/ingest/dry-run.ts keptInExtra: the ingest summary and --dry-run names at most 30 unmapped columns (a 10,000-column export
// printed all 10,000 on one line), and says how many there are in all.
describe('the ingest summary line of columns kept in extra', () => {
  const cols = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

  it('names all of 30 columns', () => {
    expect(keptInExtra(cols(30))).toBe(cols(30).join(', '));
  });

  it('names the first 30 of 31 and counts the rest; thousands with a separator', () => {
    expect(keptInExtra(cols(31))).toBe(`${cols(30).join(', ')} and 1 more (31 in all, each a key of extra)`);
    expect(keptInExtra(cols(10_000))).toBe(`${cols(30).join(', ')} and 9,970 more (10,000 in all, each a key of extra)`);
  });
});

describe('ingest --dry-run on an export with 45 unmapped columns', () => {
  it('names the first 30, quoted, and counts the rest, as the ingest summary does', async () => {
    const extra = Array.from({ length: 45 }, (_, i) => `custom_${i + 1}`);
    const csv = writeFixture(tempDir('itsm-lens-dry-wide-'), 'incident.csv',
      `number,short_description,state,priority,opened_at,resolved_at,${extra.join(',')}\n` +
      `INC0000001,Printer,Closed,3 - Moderate,2024-03-01 08:00:00,2024-03-01 09:00:00,${extra.map((_, i) => `v${i}`).join(',')}\n`);
    const plan = await planIngest({ paths: [csv] });
    try {
      const [r] = await dryRun(plan);
      expect(r!.unmapped).toHaveLength(45);
      const line = renderDryRun(r!).split('\n').find((l) => l.includes('unmapped (kept in extra)'))!;
      // 'custom_1' … 'custom_30' named, then the other 15 counted
      expect(line).toBe(`  unmapped (kept in extra): ${extra.slice(0, 30).map((c) => `'${c}'`).join(', ')} and 15 more (45 in all, each a key of extra)`);
    } finally {
      await plan.dispose();
    }
  });
});
