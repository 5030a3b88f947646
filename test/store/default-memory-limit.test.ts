import { describe, expect, it } from 'vitest';
import { defaultMemoryLimit } from '../../src/store/db.js';

// src/store/db.ts defaultMemoryLimit: half of RAM, at most RAM − 2 GiB and at most 3 GiB, at least 256 MiB, in whole
// MiB. The 3 GiB cap is issue 23's bounded memory: with half of this 24 GiB machine the 10M bench peaked at 9–12 GiB.
const GiB = 2 ** 30;

describe('the default DuckDB memory limit', () => {
  it('is 3 GiB on the 24 GiB machine (half would be 12 GiB) and on any larger one', () => {
    expect(defaultMemoryLimit(24 * GiB)).toBe('3072MiB');
    expect(defaultMemoryLimit(256 * GiB)).toBe('3072MiB');
  });

  it('is half of RAM up to the 3 GiB cap (6 / 2 = 3 GiB; a 7 GiB CI runner 3.5 → capped 3 GiB; 5 GiB → 2.5 GiB)', () => {
    expect(defaultMemoryLimit(6 * GiB)).toBe('3072MiB');
    expect(defaultMemoryLimit(7 * GiB)).toBe('3072MiB');
    expect(defaultMemoryLimit(5 * GiB)).toBe('2560MiB');
  });

  it('leaves 2 GiB on a small machine (3 GiB: half is 1.5, RAM − 2 is 1 GiB) and never goes under 256 MiB', () => {
    expect(defaultMemoryLimit(3 * GiB)).toBe('1024MiB');
    expect(defaultMemoryLimit(2 * GiB)).toBe('256MiB');
    expect(defaultMemoryLimit(1 * GiB)).toBe('256MiB');
  });
});
