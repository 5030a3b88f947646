/** Number formats for the one-sentence summaries. */
import { lit } from '../store/db.js';

export const pct = (x: number, digits = 0): string => `${(x * 100).toFixed(digits)} %`;
export const signedPct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)} %`;
export const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} points`;
export const num = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(Math.abs(x) >= 10 ? 0 : 1));
export const hours = (h: number): string => (h >= 48 ? `${(h / 24).toFixed(1)} days` : `${h.toFixed(1)} h`);

export function pText(p: number | null): string {
  if (p === null) return 'p n/a';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}
export function qText(q: number | null): string {
  if (q === null) return '';
  return q < 0.001 ? ', q < 0.001' : `, q = ${q.toFixed(3)}`;
}

/** "for category Network" / "" */
export const who = (dimension: string | null, member: string | null): string => (dimension ? ` for ${dimension} ${member}` : '');

/** SQL condition selecting a member of a dimension column (as the frame reads it). */
export const memberCond = (column: string, member: string): string => `trim(${column}::VARCHAR) = ${lit(member)}`;

/** A metric value in its unit. */
export function metricValue(unit: string, v: number): string {
  if (unit === 'proportion') return pct(v, 1);
  if (unit === 'hours') return hours(v);
  return num(v);
}

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
