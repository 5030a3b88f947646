/** Number formats for the one-sentence summaries. */
import { lit } from '../store/db.js';
import { day, monthName } from '../coverage/index.js';

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

/**
 * A member with its dimension: "group Network", but "Group 70" (not "group Group 70") when the member's name
 * already says it. People keep "assignee X" (the people policy finds and rewrites that text).
 */
export const named = (dimension: string, member: string | null): string =>
  member !== null && !['assignee', 'requester'].includes(dimension) && member.toLowerCase().startsWith(`${dimension.toLowerCase()} `) ? member : `${dimension} ${member}`;

/** "for category Network" / "" */
export const who = (dimension: string | null, member: string | null): string => (dimension ? ` for ${named(dimension, member)}` : '');

/** SQL condition selecting a member of a dimension column (as the frame reads it). */
export const memberCond = (column: string, member: string): string => `trim(${column}::VARCHAR) = ${lit(member)}`;

/** A metric value in its unit. */
export function metricValue(unit: string, v: number): string {
  if (unit === 'proportion') return pct(v, 1);
  if (unit === 'hours') return hours(v);
  return num(v);
}

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "2.6", "86": a multiple as a reader says it */
const times = (x: number): string => (x >= 10 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

/**
 * How much larger or smaller one value is than another, in plain words and one direction: "up 35 %",
 * "down 40 %", "2.6× as long", "86× faster" (durations), "3.1× as many" (counts). Never "1/86 of the time".
 */
export function ratioWords(ratio: number, what: 'time' | 'count'): string {
  if (ratio === Infinity) return 'from none';
  if (!Number.isFinite(ratio) || ratio <= 0) return what === 'time' ? 'no time at all' : 'down to none';
  if (ratio >= 1.5) return `${times(ratio)}× as ${what === 'time' ? 'long' : 'many'}`;
  if (ratio >= 1.005) return `up ${((ratio - 1) * 100).toFixed(0)} %`;
  if (ratio > 1 / 1.5 || what === 'count') return ratio > 0.995 ? 'about the same' : `down ${((1 - ratio) * 100).toFixed(0)} %`;
  return `${times(1 / ratio)}× faster`;
}

/** A change of a rate in percentage points: "up 50.9 points" */
export const pointsWords = (x: number): string => `${x >= 0 ? 'up' : 'down'} ${Math.abs(x * 100).toFixed(1)} points`;

/** A week (its Monday, YYYY-MM-DD) or month (YYYY-MM) label in words: "the week of 29 Feb 2016", "Mar 2016" */
export function periodWords(label: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return `the week of ${day(label)}`;
  if (/^\d{4}-\d{2}$/.test(label)) return monthName(label);
  return label;
}

/** "9 weeks", "1 month" */
export const count = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The statistics behind a finding, for the appendix and the JSON (`statistics`), never the first page: the
 * test, p and the false-discovery-adjusted q, the effect as the test measures it, and the sample.
 */
export function statisticsText(f: { test: string; p_value: number | null; effect: number; effect_kind: string; n: number }, q: number | null): string {
  const p = f.p_value === null ? '' : `; ${pText(f.p_value)}${qText(q)}`;
  return `${f.test}${p}; effect ${f.effect_kind.replace(/_/g, ' ')} ${Math.abs(f.effect) >= 100 ? Math.round(f.effect) : Number(f.effect.toPrecision(3))}; n ${f.n.toLocaleString('en-US')}`;
}
