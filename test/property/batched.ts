// Property runs whose cases are evaluated in DuckDB: fast-check generates the cases, one query evaluates all of
// them (1,000 round trips would take minutes), and a failing case is then shrunk by fast-check one query at a time.
import fc from 'fast-check';

/** FC_SEED=<n> replays a reported failure; otherwise every run draws new cases. */
export function seed(): number {
  return process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
}

export const RUNS = 1000;

/**
 * Asserts `check(case, result)` (throws or returns false on failure) for `numRuns` cases of `arb`, evaluating
 * them with one call of `evaluate`. On failure, fast-check shrinks the first failing case and the error names
 * the seed and the minimal counterexample.
 */
export async function assertBatched<T, R>(
  arb: fc.Arbitrary<T>,
  evaluate: (cases: T[]) => Promise<R[]>,
  check: (c: T, r: R) => boolean | void,
  numRuns = RUNS,
): Promise<number> {
  const s = seed();
  const cases = fc.sample(arb, { numRuns, seed: s });
  const results = await evaluate(cases);
  if (results.length !== cases.length) throw new Error(`evaluate returned ${results.length} results for ${cases.length} cases`);
  const ok = (c: T, r: R): boolean => {
    try {
      return check(c, r) !== false;
    } catch {
      return false;
    }
  };
  const failing = cases.findIndex((c, i) => !ok(c, results[i]!));
  if (failing < 0) return cases.length;
  const one = async (c: T): Promise<void> => {
    const [r] = await evaluate([c]);
    const verdict = check(c, r!);
    if (verdict === false) throw new Error(`result ${JSON.stringify(r).slice(0, 400)}`);
  };
  await fc.assert(fc.asyncProperty(arb, one), { seed: s, numRuns: 1, examples: [[cases[failing]!]] });
  throw new Error(`case ${JSON.stringify(cases[failing])} failed in the batch (seed ${s}) but passed alone`);
}
