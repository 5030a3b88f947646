import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlText } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { ALL_DIMENSIONS } from '../metrics/dimensions.js';
import { loadQueries } from '../metrics/queries.js';
import { TOP_FINDINGS } from '../findings/types.js';
import { validateAgainst } from '../config/schema.js';

/**
 * A report definition (reports/monthly.yaml): tiles and sections, each chart naming its data and its
 * template. Validated here so that a user's edited copy fails with one line naming the bad entry.
 */
export const REPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'reports');
export const DEFAULT_DEFINITION = join(REPORTS_DIR, 'monthly.yaml');

/** the fewest tickets behind a member or cell a chart title may name (min_n in the definition) */
export const DEFAULT_MIN_N = 30;
/** findings on the report's first page (a findings section's top); the rest go to the appendix */
export const DEFAULT_TOP_FINDINGS = TOP_FINDINGS;

/**
 * `nines`: a percent to 3 decimals (availability: 99.9 % and 99.95 % are different promises); `currency`: an
 * amount to 2 decimals, followed on a tile by the KPI's own `currency` field (cost_per_ticket: metrics.cost.currency)
 */
export type Format = 'percent' | 'nines' | 'hours' | 'days' | 'count' | 'number' | 'currency';
const FORMATS: Format[] = ['percent', 'nines', 'hours', 'days', 'count', 'number', 'currency'];

export interface TileDef {
  kpi: string;
  field: string;
  label: string;
  format: Format;
  better?: 'higher' | 'lower';
  target?: number;
  amber?: number;
}

export type DataDef =
  | { type: 'kpi'; kpi: string; by: string[]; fields: Record<string, string>; top?: number; hide_zero?: boolean }
  | { type: 'snapshot'; kpi: string; fields: Record<string, string> }
  | { type: 'query'; query: string };

export interface TakeawayDef {
  kind: 'trend' | 'highest' | 'lowest';
  subject?: string;
  text?: string;
  /** trend on the sum of the series (stacked charts) rather than the first series */
  total?: boolean;
  /** highest / lowest: the fewest tickets (n) a member or cell needs to be named in the title */
  min_n: number;
}

export interface ChartDef {
  id: string;
  chart: string;
  format: Format;
  y_title?: string;
  /** what x is, for tooltips and the data table (default: month, or the breakdown dimension) */
  x_title: string;
  data: DataDef;
  takeaway: TakeawayDef;
  spec?: Record<string, unknown>;
}

export interface TableDef {
  id: string;
  title: string;
  query: string;
  columns: Record<string, string>;
}

export type SectionKind = 'findings' | 'tiles' | 'charts' | 'clusters' | 'data_quality' | 'appendix';
const KINDS: SectionKind[] = ['findings', 'tiles', 'charts', 'clusters', 'data_quality', 'appendix'];

export interface SectionDef {
  id: string;
  kind: SectionKind;
  title: string;
  charts: ChartDef[];
  tables: TableDef[];
  top?: number;
  /** data_quality: run the lint rules (default true) */
  lint: boolean;
}

export interface ReportDefinition {
  path: string;
  title: string;
  trendMonths: number;
  tiles: TileDef[];
  sections: SectionDef[];
}

export interface ChartTemplates {
  config: Record<string, unknown>;
  templates: Record<string, Record<string, unknown>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// Ids become HTML ids and file names: keep them to a safe alphabet.
const ID = /^[a-z0-9][a-z0-9-]*$/;

function readYaml(path: string, what: string): Obj {
  if (!existsSync(path)) throw new UserError(`${what} ${path} not found`);
  let doc: unknown;
  try {
    doc = parseYamlText(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObj(doc)) throw new UserError(`${path}: expected a mapping at the top level`);
  return doc;
}

export function loadDefinition(path = DEFAULT_DEFINITION): ReportDefinition {
  const doc = readYaml(path, 'report definition');
  // shapes, types and unknown keys: schemas/report-definition.schema.json; what needs the engine (a KPI that
  // exists, a query file on disk, unique ids, breakdown dimensions) is checked below
  validateAgainst('report-definition', doc, path);
  const where = (s: string) => `${path}: ${s}`;
  const fail = (s: string): never => {
    throw new UserError(where(s));
  };
  const str = (v: unknown, name: string): string => (typeof v === 'string' && v.trim() ? v : fail(`${name} must be a non-empty string`));
  const num = (v: unknown, name: string): number | undefined =>
    v === undefined ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : fail(`${name} must be a number`);
  const format = (v: unknown, name: string): Format => (FORMATS.includes(v as Format) ? (v as Format) : fail(`${name}: format must be one of ${FORMATS.join(', ')}`));
  const fields = (v: unknown, name: string): Record<string, string> => {
    if (!isObj(v) || !Object.keys(v).length) fail(`${name}.fields must map field names to labels`);
    return Object.fromEntries(Object.entries(v as Obj).map(([k, l]) => [k, str(l, `${name}.fields.${k}`)]));
  };
  // a chart or tile naming a KPI the engine does not compute would show an empty chart without a word
  const known = [...new Set(loadQueries().filter((q) => q.table !== 'none').map((q) => q.kpi))].sort();
  const kpiKey = (v: unknown, name: string): string => {
    const k = str(v, name);
    if (!known.includes(k)) fail(`${name}: '${k}' is not a KPI (known: ${known.join(', ')})`);
    return k;
  };
  const queryFile = (v: unknown, name: string): string => {
    const f = str(v, name);
    if (!/^[a-z0-9_]+\.sql$/.test(f)) fail(`${name}: '${f}' must be a file name in reports/queries/ (a-z, 0-9, _ and .sql)`);
    if (!existsSync(join(REPORTS_DIR, 'queries', f))) fail(`${name}: reports/queries/${f} not found`);
    return f;
  };

  const tiles = (Array.isArray(doc.tiles) ? doc.tiles : []).map((t: unknown, i): TileDef => {
    const n = `tiles[${i}]`;
    if (!isObj(t)) return fail(`${n} must be a mapping`);
    if (t.better !== undefined && t.better !== 'higher' && t.better !== 'lower') fail(`${n}.better must be higher or lower`);
    return {
      kpi: kpiKey(t.kpi, `${n}.kpi`),
      field: t.field === undefined ? 'value' : str(t.field, `${n}.field`),
      label: str(t.label, `${n}.label`),
      format: format(t.format, n),
      better: t.better as TileDef['better'],
      target: num(t.target, `${n}.target`),
      amber: num(t.amber, `${n}.amber`),
    };
  });

  const data = (d: unknown, n: string): DataDef => {
    if (!isObj(d)) return fail(`${n}.data must be a mapping with kpi, snapshot or query`);
    if (typeof d.query === 'string') return { type: 'query', query: queryFile(d.query, `${n}.data.query`) };
    if (typeof d.snapshot === 'string') return { type: 'snapshot', kpi: kpiKey(d.snapshot, `${n}.data.snapshot`), fields: fields(d.fields, `${n}.data`) };
    const by = Array.isArray(d.by) ? d.by.map(String) : fail(`${n}.data.by must list breakdown dimensions`);
    const bad = by.filter((x) => !ALL_DIMENSIONS.includes(x));
    if (bad.length || by.length < 1 || by.length > 2) fail(`${n}.data.by: one or two of ${ALL_DIMENSIONS.join(', ')}`);
    if (by.length === 2 && by[0] !== 'month') fail(`${n}.data.by: a two-dimension breakdown must start with month (month × member heat map)`);
    return { type: 'kpi', kpi: kpiKey(d.kpi, `${n}.data.kpi`), by, fields: fields(d.fields, `${n}.data`), top: num(d.top, `${n}.data.top`), hide_zero: d.hide_zero === true };
  };

  const ids = new Set<string>();
  const uniqueId = (v: unknown, n: string) => {
    const id = str(v, `${n}.id`);
    if (!ID.test(id)) fail(`${n}.id '${id}': use lower-case letters, digits and -`);
    if (ids.has(id)) fail(`${n}.id '${id}' is used twice`);
    ids.add(id);
    return id;
  };

  const whole = (v: unknown, name: string): number | undefined => {
    const x = num(v, name);
    if (x !== undefined && (!Number.isInteger(x) || x < 0)) fail(`${name} must be a whole number of tickets`);
    return x;
  };
  // a headline about one member or cell ("lowest for P2 in Feb 2016: 0.0 %") needs this many tickets behind it
  const minN = whole(doc.min_n, 'min_n') ?? DEFAULT_MIN_N;

  if (!Array.isArray(doc.sections)) fail('sections must be a list');
  const sections = (doc.sections as unknown[]).map((s, i): SectionDef => {
    const n = `sections[${i}]`;
    if (!isObj(s)) return fail(`${n} must be a mapping`);
    const kind = KINDS.includes(s.kind as SectionKind) ? (s.kind as SectionKind) : fail(`${n}.kind must be one of ${KINDS.join(', ')}`);
    const charts = (Array.isArray(s.charts) ? s.charts : []).map((c: unknown, j): ChartDef => {
      const cn = `${n}.charts[${j}]`;
      if (!isObj(c)) return fail(`${cn} must be a mapping`);
      const tk = isObj(c.takeaway) ? c.takeaway : fail(`${cn}.takeaway must be a mapping (kind: trend | highest | lowest)`);
      if (!['trend', 'highest', 'lowest'].includes(String(tk.kind))) fail(`${cn}.takeaway.kind must be trend, highest or lowest`);
      if (c.spec !== undefined && !isObj(c.spec)) fail(`${cn}.spec must be a mapping (Vega-Lite, merged over the template)`);
      const d = data(c.data, cn);
      return {
        id: uniqueId(c.id, cn),
        chart: str(c.chart, `${cn}.chart`),
        format: format(c.format, cn),
        y_title: c.y_title === undefined ? undefined : str(c.y_title, `${cn}.y_title`),
        x_title: c.x_title === undefined ? (d.type === 'kpi' ? d.by[0]! : 'month') : str(c.x_title, `${cn}.x_title`),
        data: d,
        takeaway: {
          kind: tk.kind as TakeawayDef['kind'],
          subject: tk.subject === undefined ? undefined : str(tk.subject, `${cn}.takeaway.subject`),
          text: tk.text === undefined ? undefined : str(tk.text, `${cn}.takeaway.text`),
          total: tk.total === true,
          min_n: whole(tk.min_n, `${cn}.takeaway.min_n`) ?? minN,
        },
        spec: c.spec as Obj | undefined,
      };
    });
    const tables = (Array.isArray(s.tables) ? s.tables : []).map((t: unknown, j): TableDef => {
      const tn = `${n}.tables[${j}]`;
      if (!isObj(t)) return fail(`${tn} must be a mapping`);
      return { id: uniqueId(t.id, tn), title: str(t.title, `${tn}.title`), query: queryFile(t.query, `${tn}.query`), columns: fields(t.columns, tn) };
    });
    if (s.lint !== undefined && typeof s.lint !== 'boolean') fail(`${n}.lint must be true or false`);
    return { id: uniqueId(s.id, n), kind, title: str(s.title, `${n}.title`), charts, tables, top: num(s.top, `${n}.top`), lint: s.lint !== false };
  });
  const trendMonths = num(doc.trend_months, 'trend_months') ?? 13;
  if (!Number.isInteger(trendMonths) || trendMonths < 2 || trendMonths > 60) fail('trend_months must be a whole number 2..60');
  return { path, title: doc.title === undefined ? 'Service-management report' : str(doc.title, 'title'), trendMonths, tiles, sections };
}

export function loadTemplates(path = join(REPORTS_DIR, 'charts.yaml')): ChartTemplates {
  const doc = readYaml(path, 'chart templates');
  validateAgainst('chart-templates', doc, path);
  return { config: (doc.config as Obj | undefined) ?? {}, templates: doc.templates as ChartTemplates['templates'] };
}
