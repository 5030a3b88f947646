import type { Format } from './definition.js';

/**
 * A value as the report prints it; null (the data cannot say) is "n/a", never 0. `unit`: the currency code a
 * `currency` amount is in ("1,073.53 EUR"); without one the amount stands bare (the tile says no currency is
 * set), never with a guessed symbol.
 */
export function formatValue(v: unknown, format: Format, unit: string | null = null): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  switch (format) {
    case 'percent':
      return `${(v * 100).toFixed(1)} %`;
    case 'nines':
      return `${(v * 100).toFixed(3)} %`;
    // one decimal under 100 (a title's "up 9 %" from 16.3 to 17.8 h read as 16 → 18 h, +12 %, with whole hours);
    // a whole number as it is (a target of 24 h)
    case 'hours':
      return `${v.toFixed(durationDecimals(v))} h`;
    case 'days':
      return `${v.toFixed(durationDecimals(v))} d`;
    case 'count':
      return Math.round(v).toLocaleString('en-US');
    case 'number':
      return v.toFixed(2);
    case 'currency':
      return `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`;
  }
}

/** Decimals of an hours or days figure: one while it reads under 100, none for a whole number. */
function durationDecimals(v: number): number {
  return Number.isInteger(v) || Math.abs(Math.round(v * 10) / 10) >= 100 ? 0 : 1;
}

/**
 * The change from `from` to `to`: percentage points for rates (a relative change of a rate misleads),
 * per cent otherwise. null when either side is missing.
 */
export function formatChange(to: unknown, from: unknown, format: Format): { text: string; delta: number } | null {
  if (typeof to !== 'number' || typeof from !== 'number') return null;
  if (format === 'percent' || format === 'nines') {
    const pts = (to - from) * 100;
    const d = format === 'nines' ? 3 : 1;
    if (Math.abs(pts) < 0.5 * 10 ** -d) return { text: 'unchanged', delta: 0 };
    return { text: `${pts > 0 ? 'up' : 'down'} ${Math.abs(pts).toFixed(d)} pts`, delta: pts };
  }
  // from 0 a relative change has no size, but the change is known: "up from 0" (3 major incidents after none)
  if (from === 0) return to === 0 ? { text: 'unchanged', delta: 0 } : { text: `${to > 0 ? 'up' : 'down'} from 0`, delta: to };
  const rel = ((to - from) / Math.abs(from)) * 100;
  if (Math.abs(rel) < 0.5) return { text: 'unchanged', delta: 0 };
  return { text: `${rel > 0 ? 'up' : 'down'} ${Math.abs(rel).toFixed(0)} %`, delta: rel };
}

/**
 * The value axis (or legend) of a chart: a d3 format with as many decimals as the data's range needs, and the
 * smallest tick step those decimals can tell apart. Vega picks its ticks from the chart's size; with
 * tickMinStep it never picks a step finer than the labels show, so no two labels of an axis read the same
 * ("1%, 1%, 1%, 0%" on a reopen rate between 0.9 % and 1.3 %). The step estimate is d3's (1, 2, 5 × 10^k for
 * about five ticks over [min(0, lo), hi], or [lo, hi] for a colour scale); every finer step vega may choose is still a multiple of 10^-decimals.
 */
export function axisFormat(format: Format, values: number[], zero = true): { format: string; tickMinStep: number } {
  // nines are percents too (availability), drawn with the decimals their range needs like any percent
  const pct = format === 'percent' || format === 'nines';
  const scale = pct ? 100 : 1;
  const finite = values.filter((v) => Number.isFinite(v)).map((v) => v * scale);
  if (!finite.length) finite.push(0);
  // a colour scale (heat map) spans the values alone; an axis starts at zero
  const lo = Math.min(...(zero ? [0] : []), ...finite);
  const hi = Math.max(...(zero ? [0] : []), ...finite);
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const e = raw / power;
  const step = (e >= Math.sqrt(50) ? 10 : e >= Math.sqrt(10) ? 5 : e >= Math.sqrt(2) ? 2 : 1) * power;
  // counts are whole: never a tick between two integers
  const decimals = format === 'count' ? 0 : Math.min(6, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  const fmt = pct ? `.${decimals}%` : format === 'count' ? ',d' : `,.${decimals}f`;
  return { format: fmt, tickMinStep: 10 ** -decimals / scale };
}

/** Vega (d3-format) format strings for a value axis and tooltip. */
export function d3Format(format: Format, axis: boolean): string {
  switch (format) {
    case 'percent':
      return axis ? '.0%' : '.1%';
    case 'nines':
      return axis ? '.2%' : '.3%';
    case 'hours':
    case 'days':
      return axis ? ',.0f' : ',.1f';
    case 'count':
      return ',d';
    case 'number':
      return '.2f';
    case 'currency':
      return ',.2f';
  }
}
