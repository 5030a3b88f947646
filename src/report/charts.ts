import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../errors.js';
import type { ChartData } from './collect.js';
import type { ChartTemplates } from './definition.js';
import { axisFormat, d3Format } from './format.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge for specs: objects merge key by key, everything else (arrays included) is replaced. */
export function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k], v) : structuredClone(v);
  return out;
}

const VALUE_CHANNEL: Record<string, string> = { line: 'y', stacked: 'y', bar: 'x', heatmap: 'color' };

/**
 * The Vega-Lite spec of one chart: its template, the chart's overrides, the data (as data, always: values
 * from the exports never enter expression text or field names), the value format and the tooltip.
 * `title` is set for the SVG files only; on the page the heading above the chart carries it.
 */
export function chartSpec(c: ChartData, t: ChartTemplates, months: string[], title?: string, marked: Array<{ month: string; mark: string }> = []): TopLevelSpec {
  const template = t.templates[c.def.chart];
  if (!template) throw new UserError(`chart ${c.def.id}: no template '${c.def.chart}' in reports/charts.yaml (have ${Object.keys(t.templates).join(', ')})`);
  let spec = merge(template, c.def.spec ?? {});
  const seriesCount = new Set(c.rows.map((r) => r.series)).size;
  const channel = VALUE_CHANNEL[c.def.chart] ?? 'y';
  const valueEnc: Obj = { title: c.def.y_title ?? null };
  // the axis spans the stacks' totals in a stacked chart, the values otherwise
  const values = c.rows.map((r) => r.value).filter((v): v is number => v !== null);
  const totals = new Map<string, number>();
  if (c.def.chart === 'stacked') for (const r of c.rows) totals.set(r.x, (totals.get(r.x) ?? 0) + Math.max(0, r.value ?? 0));
  // a line of nines (availability by month) spans its values: from zero, 99.55 % and 100 % draw as one line
  const zoomed = c.def.format === 'nines' && c.def.chart === 'line';
  const { format, tickMinStep } = axisFormat(c.def.format, c.def.chart === 'stacked' ? [...totals.values()] : values, channel !== 'color' && !zoomed);
  if (channel === 'color') valueEnc.legend = { format, tickMinStep };
  else valueEnc.axis = { format, tickMinStep };
  if (zoomed) valueEnc.scale = { zero: false };
  const size: Obj =
    c.def.chart === 'bar' ? { width: 520, height: { step: seriesCount > 1 ? 12 * seriesCount + 6 : 20 } }
    : c.def.chart === 'heatmap' ? { width: 560, height: { step: 22 } }
    : { width: 560, height: 220 };
  spec = merge(spec, {
    ...size,
    encoding: {
      [channel]: valueEnc,
      tooltip: [
        { field: 'x', type: 'nominal', title: c.def.x_title },
        { field: 'series', type: 'nominal', title: c.def.data.type === 'kpi' && c.def.data.by[1] ? c.def.data.by[1] : 'series' },
        { field: 'value', type: 'quantitative', title: 'value', format: d3Format(c.def.format, false) },
        { field: 'n', type: 'quantitative', title: 'n', format: ',d' },
      ],
    },
  });
  // every month chart spans the whole trend window, months without data included (our labels, not data)
  if (c.def.x_title === 'month' && spec.encoding?.x?.field === 'x') {
    spec.encoding.x.scale = { ...spec.encoding.x.scale, domain: months };
    // months the export covers only in part are marked on the axis: "2016-05 (partial)". The months are our
    // own YYYY-MM labels (checked here), never text from the data, so they may enter the expression.
    const marks = marked.filter((m) => /^\d{4}-\d{2}$/.test(m.month) && /^[a-z]+$/.test(m.mark) && months.includes(m.month));
    if (marks.length) {
      const expr = marks.reduceRight((rest, m) => `datum.value === '${m.month}' ? '${m.month} (${m.mark})' : ${rest}`, 'datum.value');
      spec.encoding.x.axis = { ...spec.encoding.x.axis, labelExpr: expr };
    }
  }
  // legend, stack and lanes follow the series order of the data (a column), not the alphabet
  const bySeriesOrder = { field: 'order', op: 'min' };
  for (const ch of ['color', 'yOffset'] as const) if (spec.encoding?.[ch]?.field === 'series') spec.encoding[ch].sort = bySeriesOrder;
  if (c.def.chart === 'heatmap' && spec.encoding?.y?.field === 'series') spec.encoding.y.sort = bySeriesOrder;
  if (c.def.chart === 'stacked') spec.encoding.order = { field: 'order', type: 'quantitative', sort: 'descending' };
  // lines that coincide (two causes counting the same changes) must both stay visible: the first series is
  // solid, the others dashed, so a dashed line over a solid one shows both colours (coincidentLines names them)
  if (c.def.chart === 'line' && seriesCount > 1 && spec.encoding?.color?.field === 'series') {
    spec.encoding.strokeDash = { field: 'series', type: 'nominal', sort: bySeriesOrder, scale: { range: [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]] } };
  }
  // a bar or cell with fewer tickets than a title may name (min_n) is pale: the title passes over it, the reader sees why
  const minN = c.def.takeaway.min_n;
  if (c.def.takeaway.kind !== 'trend' && Number.isInteger(minN) && c.rows.some((r) => r.n !== null && r.n < minN)) {
    spec.encoding.opacity = { condition: { test: `isValid(datum.n) && datum.n < ${minN}`, value: 0.35 }, value: 1 };
  }
  if (seriesCount <= 1 && c.def.chart !== 'heatmap') {
    // one series: no legend, and no offset lanes in bar charts
    if (spec.encoding.color) spec.encoding.color = { ...spec.encoding.color, legend: null };
    delete spec.encoding.yOffset;
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title: { text: title, anchor: 'start', fontSize: 13 } } : {}),
    data: { values: c.rows },
    ...spec,
    config: t.config,
  } as unknown as TopLevelSpec;
}

/**
 * Series of a line chart that have the same value in every month (one drawn over the other): "Either cause and
 * New incident on its CI". The caption says so; the dashes keep both visible.
 */
export function coincidentLines(c: ChartData): string[][] {
  if (c.def.chart !== 'line') return [];
  const bySeries = new Map<string, string>();
  for (const r of [...c.rows].sort((a, b) => a.x.localeCompare(b.x))) bySeries.set(r.series, `${bySeries.get(r.series) ?? ''}|${r.x}=${r.value ?? ''}`);
  const groups = new Map<string, string[]>();
  for (const [s, sig] of bySeries) groups.set(sig, [...(groups.get(sig) ?? []), s]);
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Server-side SVG through vega's headless View (no canvas, no browser): for slides. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // loaded here, not at the top: every other command would pay ~0.5 s to load vega and vega-lite
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vg = compile(spec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
