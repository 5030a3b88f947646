/**
 * `--limit NAME=VALUE` (limits.ts): what each spelling parses to and the one-line refusals, written out by hand
 * (1 MB = 1,048,576 bytes; the raise the message suggests is 4 × the limit).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LimitError, maxExpansion, overLimit, parseLimits } from '../../src/ingest/limits.js';
import { UserError } from '../../src/errors.js';

const DEFAULTS = { rows: 100_000_000, columns: 16_384, depth: 64, line: 16_777_216, ratio: 200 };

function refusal(spec: string): string {
  try {
    parseLimits([spec]);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`--limit '${spec}' was accepted`);
}

describe('--limit values', () => {
  it('default to the documented table', () => {
    expect(DEFAULT_LIMITS).toEqual(DEFAULTS);
    expect(parseLimits()).toEqual(DEFAULTS);
    expect(parseLimits([])).toEqual(DEFAULTS);
  });

  it('read counts, byte units, separators and spaces, each over the defaults', () => {
    expect(parseLimits(['columns=50000'])).toEqual({ ...DEFAULTS, columns: 50_000 });
    expect(parseLimits(['ROWS=1_000', 'depth=10'])).toEqual({ ...DEFAULTS, rows: 1000, depth: 10 });
    expect(parseLimits([' rows = 2,500 '])).toEqual({ ...DEFAULTS, rows: 2500 });
    expect(parseLimits(['line=64MB']).line).toBe(64 * 1_048_576); // 67,108,864
    expect(parseLimits(['line=64mb']).line).toBe(67_108_864);
    expect(parseLimits(['line=3k']).line).toBe(3072);
    expect(parseLimits(['line=2GiB']).line).toBe(2 * 1024 ** 3); // 2,147,483,648
    expect(parseLimits(['line=1.5m']).line).toBe(1_572_864); // floor(1.5 × 1,048,576)
    expect(parseLimits(['line=1000']).line).toBe(1000);
    expect(parseLimits(['line=1000b']).line).toBe(1000);
    expect(parseLimits(['ratio=2.9']).ratio).toBe(2); // floor
    expect(parseLimits(['rows=1']).rows).toBe(1); // the least value accepted
    // the later of two specs of one name wins
    expect(parseLimits(['depth=5', 'depth=7']).depth).toBe(7);
  });

  it('refuse unknown names, units on counts and values below 1 with one line naming the spec', () => {
    const names = "NAME one of rows, columns, depth, line, ratio (e.g. --limit columns=50000)";
    expect(refusal('colums=5')).toBe(`--limit 'colums=5': expected NAME=VALUE with ${names}`);
    expect(refusal('rows')).toBe(`--limit 'rows': expected NAME=VALUE with ${names}`);
    expect(refusal('rows=')).toBe(`--limit 'rows=': expected NAME=VALUE with ${names}`);
    expect(refusal('rows=5x')).toBe(`--limit 'rows=5x': expected NAME=VALUE with ${names}`);
    expect(refusal('x rows=5')).toBe(`--limit 'x rows=5': expected NAME=VALUE with ${names}`);
    // names an object has by inheritance are not limits (`name in LIMITS` took them)
    expect(refusal('constructor=5')).toBe(`--limit 'constructor=5': expected NAME=VALUE with ${names}`);
    expect(refusal('toString=5')).toBe(`--limit 'toString=5': expected NAME=VALUE with ${names}`);
    expect(refusal('rows=5k')).toBe("--limit 'rows=5k': rows is a count; give a plain number");
    expect(refusal('ratio=1MB')).toBe("--limit 'ratio=1MB': ratio is a count; give a plain number");
    expect(refusal('rows=0')).toBe("--limit 'rows=0': the value must be a positive number");
    expect(refusal('rows=0.5')).toBe("--limit 'rows=0.5': the value must be a positive number"); // floor → 0
    expect(refusal('rows=1..2')).toBe("--limit 'rows=1..2': the value must be a positive number"); // NaN
    expect(refusal('line=,')).toBe("--limit 'line=,': the value must be a positive number"); // '' → 0
  });
});

describe('limit messages and bounds', () => {
  it('name the file, what exceeded, the limit and four times it as the flag to raise', () => {
    expect(overLimit('/x/inc.csv', 'rows', DEFAULT_LIMITS, '100,000,001 records').message).toBe(
      '/x/inc.csv: 100,000,001 records, over the rows limit of 100,000,000; if the file is genuine, raise it with --limit rows=400000000',
    );
    expect(overLimit('a.xlsx', 'columns', { ...DEFAULTS, columns: 3 }, '4 columns').message).toBe(
      'a.xlsx: 4 columns, over the columns limit of 3; if the file is genuine, raise it with --limit columns=12',
    );
    // bytes: whole MB shown as MB; the raise is rounded up to whole MB (16 MB × 4 = 64 MB)
    expect(overLimit('b.csv', 'line', DEFAULT_LIMITS, 'a line of 17 MB').message).toBe(
      'b.csv: a line of 17 MB, over the line limit of 16 MB; if the file is genuine, raise it with --limit line=64MB',
    );
    // 1,000 bytes is no whole MB: shown as a number; 4,000 bytes round up to 1 MB
    expect(overLimit('c.csv', 'line', { ...DEFAULTS, line: 1000 }, 'long').message).toBe(
      'c.csv: long, over the line limit of 1,000; if the file is genuine, raise it with --limit line=1MB',
    );
    // 3 MB + 1 byte: not whole; × 4 = 12 MB + 4 bytes → 13MB
    expect(overLimit('d.csv', 'line', { ...DEFAULTS, line: 3 * 1_048_576 + 1 }, 'long').message).toBe(
      'd.csv: long, over the line limit of 3,145,729; if the file is genuine, raise it with --limit line=13MB',
    );
    expect(overLimit('e.json', 'depth', DEFAULT_LIMITS, 'nesting 65 deep')).toBeInstanceOf(UserError);
  });

  it('let a small file expand to 64 MB and a large one to ratio × its size', () => {
    expect(maxExpansion(0, DEFAULT_LIMITS)).toBe(67_108_864);
    expect(maxExpansion(1000, DEFAULT_LIMITS)).toBe(67_108_864); // 200,000 < 64 MB
    expect(maxExpansion(1_000_000, DEFAULT_LIMITS)).toBe(200_000_000);
    expect(maxExpansion(1_000_000, { ...DEFAULTS, ratio: 10 })).toBe(67_108_864); // 10 MB < 64 MB
  });

  it('carry the limit and the words of a reader error', () => {
    const e = new LimitError('depth', 'nesting deeper than 64');
    expect([e.limit, e.what, e.message]).toEqual(['depth', 'nesting deeper than 64', 'nesting deeper than 64']);
    expect(e).toBeInstanceOf(Error);
  });
});
