import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { FIELDS, enumValues } from '../store/schema.js';
import { UserError } from '../errors.js';
import type { FieldRule, ObjectMapping } from '../sources/types.js';
import { cleanExpr, resolveColumns } from './compile.js';
import { normaliseHeader } from './headers.js';
import { editDistance } from './header-match.js';
import { columnsOf } from './rules.js';

/**
 * A `--mapping` file checked against the export it is applied to (issue 17, item 5). Its mistakes used to
 * pass with exit 0: a misspelt column sent the data to `extra` (MTTR quietly n/a), and an enum field without a
 * vocabulary stored `Open`/`Closed` as canonical statuses. Both are refused before anything is written.
 * Built-in adapters are not checked this way: their rules list alternative columns, most absent from any one file.
 */

/** Every column a mapping names, per rule: its fields, then event-log, activity-log and nested-array columns. */
function namedRules(mapping: ObjectMapping): [string, FieldRule][] {
  const out: [string, FieldRule][] = Object.entries(mapping.fields).filter(([f]) => f !== 'source_id'); // source_id: requireIdColumns
  for (const [k, v] of Object.entries(mapping.eventLog ?? {})) if (v !== undefined) out.push([`event_log.${k}`, v]);
  for (const k of ['activity', 'time', 'resource'] as const) {
    const v = mapping.activityLog?.[k];
    if (v !== undefined) out.push([`activity_log.${k}`, v]);
  }
  // the columns holding a record's JSON arrays (a misspelt one would drop every update or link without a word)
  for (const k of ['updates', 'services'] as const) {
    const v = mapping.nested?.[k]?.column;
    if (v !== undefined) out.push([`nested.${k}.column`, v]);
  }
  return out;
}

/** The file's column nearest to any of the names, when it is near enough to be a likely typo. */
export function nearestColumn(names: string[], columns: string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const n of names.map(normaliseHeader)) {
    for (const c of columns) {
      const d = editDistance(n, normaliseHeader(c));
      if (d <= Math.max(2, Math.floor(n.length / 2)) && (!best || d < best.d)) best = { c, d };
    }
  }
  return best?.c;
}

const quoted = (cs: string[]) => cs.map((c) => `'${c}'`).join(', ');

/** Each rule of the mapping must find a column of the header (one of its alternatives, for a list). */
export function checkMappingColumns(path: string, mappingPath: string, mapping: ObjectMapping, columns: string[]): void {
  for (const [field, rule] of namedRules(mapping)) {
    const named = columnsOf(rule);
    if (!named.length || resolveColumns(rule, columns).length > 0) continue;
    const near = nearestColumn(named, columns);
    const shown = columns.length > 30 ? `${quoted(columns.slice(0, 30))}, … (${columns.length} in all)` : quoted(columns);
    const which = named.length === 1 ? `the column '${named[0]}', which is not in the header` : `the columns ${named.map((c) => `'${c}'`).join(' or ')}, none of which is in the header`;
    throw new UserError(
      `${path}: --mapping ${mappingPath}: ${field.includes('.') ? field : `fields.${field}`} names ${which}` +
        `${near ? ` (nearest: '${near}')` : ''}; the file's columns are ${shown}`,
    );
  }
}

/**
 * An enum field read without a vocabulary stores the export's text as the canonical value: refused unless
 * every value already is canonical. One GROUP BY per such field over the raw rows (a mapping has few).
 */
export async function checkEnumValues(
  store: Store,
  view: string,
  path: string,
  mappingPath: string,
  mapping: ObjectMapping,
  columns: string[],
  nullValues: string[],
): Promise<void> {
  for (const def of FIELDS[mapping.table]) {
    const rule = mapping.fields[def.name];
    if (def.type !== 'enum' || rule === undefined) continue;
    if (typeof rule === 'object' && !Array.isArray(rule) && (rule.vocab !== undefined || rule.parse !== undefined)) continue;
    const cols = resolveColumns(rule, columns);
    if (!cols.length) continue;
    const canon = enumValues(def);
    const text = cols.length === 1 ? cleanExpr(ident(cols[0]!), nullValues) : `coalesce(${cols.map((c) => cleanExpr(ident(c), nullValues)).join(', ')})`;
    const bad = await store.all<{ v: string; n: number; kinds: number }>(
      `SELECT v, n, count(*) OVER () AS kinds FROM (
         SELECT ${text} AS v, count(*) AS n FROM ${view} WHERE NOT __empty GROUP BY ALL)
       WHERE v IS NOT NULL AND v NOT IN (${canon.map(lit).join(', ')}) ORDER BY n DESC, v LIMIT 5`,
    );
    if (!bad.length) continue;
    const total = bad[0]!.kinds;
    const from = cols.length === 1 ? `'${cols[0]}'` : `${quoted(cols)}`;
    const sample = bad.map((b) => `'${b.v}' ×${b.n}`).join(', ') + (total > bad.length ? `, … (${total} values in all)` : '');
    throw new UserError(
      `${path}: --mapping ${mappingPath}: fields.${def.name} reads ${from} without a vocabulary, and ${total === 1 ? 'a value is' : `${total} values are`} not ` +
        `canonical ${def.name} values (${sample}); write one, e.g. ${def.name}: { from: ${cols[0]}, vocab: ${def.name} } and ` +
        `vocab: { ${def.name}: { map: { ${bad[0]!.v}: … } } }, mapping to ${canon.join(' | ')}`,
    );
  }
}
