/**
 * Rounds a figure for a document: 6 decimals by default, the precision of kpi@1, check and assess values
 * (a rate to 0.0001 %, hours to a few milliseconds), so that a figure does not change from one run to the
 * next through floating-point noise. Fewer digits where a document says so (scores, interval bounds).
 */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
