import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import type { CanonicalTable } from '../store/schema.js';
import { FIELDS, type FieldType } from '../store/schema.js';
import type { FieldRule, ObjectKind, SourceAdapter, Vocab } from '../sources/types.js';
import { adapterById } from '../sources/index.js';
import { COMMON_VOCAB } from '../sources/common.js';
import { validateAgainst } from '../config/schema.js';

/**
 * A user's mapping file (YAML or JSON) for an export no adapter knows, or to override a tool's vocabulary:
 *
 *   tool: acme-desk            # recorded as source_tool and used in keys (default: custom)
 *   extends: servicenow        # optional: start from a built-in adapter's vocabularies
 *   object: ticket             # ticket | change | problem | asset
 *   source_table: incidents    # optional label for provenance
 *   null_values: ['-', 'n/a']
 *   fields:
 *     source_id: Ticket No
 *     opened_at: [Created On, Logged]
 *     kind: { value: incident }
 *     priority: { from: Prio, vocab: prio }
 *   vocab:
 *     prio: { map: { P1: 1, P2: 2, P3: 3, P4: 4 } }
 *   event_log: { seq: Version, time: Modified, actor: Modified By }   # optional: one row per update
 *   activity_log: { activity: Activity, time: Timestamp, resource: Resource,  # optional: one row per
 *                   resolved: 'resolve|solved', closed: 'close' }            # activity (process mining)
 *   nested:                    # optional, JSON exports: a record's arrays (the Statuspage adapter's option)
 *     updates: { column: comments, time: [posted_at], status: state, vocab: status, actor: author.name }
 *     services: { column: affected_services, name: name }
 *
 * The top-level keys and `nested` are checked against schemas/mapping-file.schema.json; the rest by checkValues.
 */
interface MappingFile {
  tool?: string;
  extends?: string;
  object?: ObjectKind;
  source_table?: string;
  null_values?: string[];
  fields?: Record<string, FieldRule>;
  vocab?: Record<string, Vocab>;
  event_log?: { seq: string; time: string; actor?: string };
  activity_log?: { activity: string; time: string; resource?: string; resolved?: string; closed?: string };
  nested?: {
    updates?: { column: string | string[]; id?: string; time: string | string[]; status: string; vocab: string; actor?: string };
    services?: { column: string | string[]; name: string };
  };
}

const TABLE_OF: Record<string, CanonicalTable> = { ticket: 'ticket', event_log: 'ticket', change: 'change', problem: 'problem', asset: 'asset' };

export async function loadMappingFile(path: string): Promise<SourceAdapter> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`--mapping ${path}: cannot read the file`);
  }
  let doc: MappingFile;
  try {
    doc = (/\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text)) as MappingFile;
  } catch (e) {
    throw new UserError(`--mapping ${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UserError(`--mapping ${path}: expected a mapping with 'object' and 'fields'`);
  validateAgainst('mapping-file', doc, `--mapping ${path}`);
  const object = doc.object ?? 'ticket';
  const table = TABLE_OF[object];
  if (!table) throw new UserError(`--mapping ${path}: object '${object}' is not one of ticket, change, problem, asset, event_log`);
  const fields = doc.fields ?? {};
  if (!fields.source_id) throw new UserError(`--mapping ${path}: 'fields' must name the id column as source_id`);
  const known = new Set(FIELDS[table].map((f) => f.name));
  const unknown = Object.keys(fields).filter((f) => !known.has(f));
  if (unknown.length) {
    throw new UserError(`--mapping ${path}: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of ${table} (see itsm-lens sources --fields)`);
  }
  const base = doc.extends ? adapterById(doc.extends) : undefined;
  if (doc.extends && !base) throw new UserError(`--mapping ${path}: extends '${doc.extends}' is not a supported tool`);
  checkValues(path, doc, table, fields, { ...COMMON_VOCAB, ...(base?.vocab ?? {}), ...(doc.vocab ?? {}) });
  return {
    id: doc.tool ?? base?.id ?? 'custom',
    name: doc.tool ?? `mapping ${path}`,
    signature: {},
    nullValues: doc.null_values ?? base?.nullValues,
    vocab: { ...(base?.vocab ?? {}), ...(doc.vocab ?? {}) },
    objects: [
      {
        object,
        table,
        sourceTable: doc.source_table ?? object,
        fields,
        ...(doc.event_log ? { eventLog: doc.event_log } : {}),
        ...(doc.activity_log ? { activityLog: doc.activity_log } : {}),
        ...(doc.nested ? { nested: nestedOf(doc.nested) } : {}),
      },
    ],
  };
}

/** The file's `nested` in the adapters' shape: one time key becomes a list, the element id defaults to `id`. */
function nestedOf(n: NonNullable<MappingFile['nested']>): NonNullable<import('../sources/types.js').ObjectMapping['nested']> {
  const u = n.updates;
  return {
    ...(u ? { updates: { column: u.column, id: u.id ?? 'id', time: Array.isArray(u.time) ? u.time : [u.time], status: u.status, vocab: u.vocab, ...(u.actor ? { actor: u.actor } : {}) } } : {}),
    ...(n.services ? { services: n.services } : {}),
  };
}

/**
 * The values of a mapping, checked before any SQL is built from them: a column name that is not text, a
 * vocabulary that is not defined, or a constant `value` the field's type cannot hold would otherwise stop
 * the ingest in the middle with DuckDB's words.
 */
function checkValues(path: string, doc: MappingFile, table: CanonicalTable, fields: Record<string, FieldRule>, vocabs: Record<string, unknown>): void {
  const bad = (what: string) => new UserError(`--mapping ${path}: ${what}`);
  const columns = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string'));
  if (doc.null_values !== undefined && !(Array.isArray(doc.null_values) && doc.null_values.every((v) => typeof v === 'string'))) {
    throw bad(`null_values must be a list of texts, e.g. ['-', 'n/a']`);
  }
  if (doc.vocab !== undefined && (typeof doc.vocab !== 'object' || doc.vocab === null || Array.isArray(doc.vocab))) throw bad(`vocab must map names to vocabularies`);
  for (const [name, v] of Object.entries(doc.vocab ?? {})) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`vocab '${name}' must hold map, patterns or otherwise, e.g. { map: { P1: 1 } }`);
    for (const p of Array.isArray(v.patterns) ? v.patterns : []) {
      const re = Array.isArray(p) ? p[0] : p;
      // a pattern that does not compile stopped the load mid-way with DuckDB's words ("missing ): (")
      try {
        new RegExp(String(re));
      } catch (e) {
        throw bad(`vocab '${name}': pattern ${JSON.stringify(re)} is not a regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`);
      }
    }
  }
  // nested: its shape is the schema's; what it needs of the object and the vocabularies is said here
  const n = doc.nested;
  if (n?.updates && (table !== 'ticket' || doc.object === 'event_log')) throw bad(`nested.updates: updates become ticket events, so object must be ticket (here ${doc.object ?? 'ticket'})`);
  if (n?.services && !(table === 'ticket' || FIELDS[table].some((f) => f.name === 'service'))) throw bad(`nested.services: a ${table} has no service to link`);
  if (n?.updates && !(n.updates.vocab in vocabs)) {
    throw bad(`nested.updates: vocabulary '${n.updates.vocab}' is not defined under vocab (defined: ${Object.keys(vocabs).join(', ')})`);
  }
  for (const [field, rule] of Object.entries(fields)) {
    const def = FIELDS[table].find((f) => f.name === field)!;
    if (typeof rule === 'string' || Array.isArray(rule)) {
      if (!columns(rule)) throw bad(`fields.${field} must name a column (text) or a list of columns`);
      continue;
    }
    if (typeof rule !== 'object' || rule === null) throw bad(`fields.${field} must name a column, a list of columns, or { from, vocab, value }`);
    for (const k of ['from', 'fallback'] as const) if (rule[k] !== undefined && !columns(rule[k])) throw bad(`fields.${field}.${k} must name a column (text) or a list of columns`);
    if (rule.vocab !== undefined && (typeof rule.vocab !== 'string' || !(rule.vocab in vocabs))) {
      throw bad(
        `fields.${field}: vocabulary '${String(rule.vocab)}' is not defined under vocab (defined: ${Object.keys(vocabs).join(', ')})` +
          (doc.extends ? '' : `; extends: TOOL adds a tool's own vocabularies (itsm-lens sources --fields lists them)`),
      );
    }
    if (rule.value !== undefined && !fits(rule.value, def.type)) {
      throw bad(`fields.${field}: value ${JSON.stringify(rule.value)} is not ${KIND[def.type]}`);
    }
  }
}

const KIND: Record<FieldType, string> = {
  text: 'a text', enum: 'a text', int: 'a whole number', number: 'a number', bool: 'true or false',
  timestamp: 'a date and time such as 2024-03-01 08:00:00', date: 'a date such as 2024-03-01',
};

function fits(v: unknown, type: FieldType): boolean {
  switch (type) {
    case 'int':
      return Number.isInteger(typeof v === 'string' ? Number(v) : v);
    case 'number':
      return (typeof v === 'number' || typeof v === 'string') && v !== '' && Number.isFinite(Number(v));
    case 'bool':
      return typeof v === 'boolean';
    case 'timestamp':
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  }
}
