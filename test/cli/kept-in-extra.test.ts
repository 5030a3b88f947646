import { describe, expect, it } from 'vitest';
import { keptInExtra } from '../../src/cli/ingest.js';

// src/cli/ingest.ts keptInExtra: the ingest summary names at most 30 unmapped columns (a 10,000-column export
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
