import type { Format } from './definition.js';

/** A value as the report prints it; null (the data cannot say) is "n/a", never 0. */
export function formatValue(v: unknown, format: Format): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  switch (format) {
    case 'percent':
      return `${(v * 100).toFixed(1)} %`;
    case 'nines':
      return `${(v * 100).toFixed(3)} %`;
    case 'hours':
      return `${v.toFixed(v < 10 ? 1 : 0)} h`;
    case 'days':
      return `${v.toFixed(v < 10 ? 1 : 0)} d`;
    case 'count':
      return Math.round(v).toLocaleString('en-US');
    case 'number':
      return v.toFixed(2);
  }
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
  if (from === 0) return to === 0 ? { text: 'unchanged', delta: 0 } : null;
  const rel = ((to - from) / Math.abs(from)) * 100;
  if (Math.abs(rel) < 0.5) return { text: 'unchanged', delta: 0 };
  return { text: `${rel > 0 ? 'up' : 'down'} ${Math.abs(rel).toFixed(0)} %`, delta: rel };
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
  }
}
