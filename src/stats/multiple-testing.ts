/**
 * Holm's step-down adjustment: controls the family-wise error rate (the chance of even one false alarm
 * among the m tests), which is what a CI gate that fails a build needs; Benjamini–Hochberg
 * (distributions.ts) controls the false discovery rate instead, for exploratory findings.
 */

/** Holm-adjusted p-values in the input order: p_(i) · (m − i + 1), made monotone, capped at 1. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, p * (m - k)));
    out[i] = running;
  });
  return out;
}
