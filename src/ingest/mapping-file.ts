import { readFile } from 'node:fs/promises';
import { yaml } from '../config/yaml.js';
import { UserError } from '../errors.js';
import type { CanonicalTable } from '../store/schema.js';
import { FIELDS, type FieldType } from '../store/schema.js';
import type { FieldRule, ObjectKind, ObjectMapping, SourceAdapter, Vocab } from '../sources/types.js';
import { ADAPTERS, adapterById } from '../sources/index.js';
import { COMMON_VOCAB } from '../sources/common.js';
import { validateAgainst } from '../config/schema.js';
import { MAPPING_OBJECTS } from './mapping-schema.js';

/**
 * A user's mapping file (YAML or JSON) for an export no adapter knows, or to override a tool's vocabulary:
 *
 *   # yaml-language-server: $schema=node_modules/itsm-lens/schemas/mapping.schema.json   (for editors)
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
 *     handle_time_hours: { from: Time Worked, parse: duration, scale: 0.000277777777777778 }
 *   vocab:
 *     prio: { map: { P1: 1, P2: 2, P3: 3, P4: 4 } }
 *   event_log: { seq: Version, time: Modified, actor: Modified By }   # optional: one row per update
 *   activity_log: { activity: Activity, time: Timestamp, resource: Resource,  # optional: one row per
 *                   resolved: 'resolve|solved', closed: 'close' }            # activity (process mining)
 *   nested:                    # optional, JSON exports: a record's arrays (the Statuspage adapter's option)
 *     updates: { column: comments, time: [posted_at], status: state, vocab: status, actor: author.name }
 *     services: { column: affected_services, name: name }
 *
 * Shapes, types, unknown keys and `nested` are checked against schemas/mapping.schema.json; the rest by checkValues.
 */
interface MappingFile {
  tool?: string;
  extends?: string;
  object?: ObjectKind;
  source_table?: string;
  null_values?: string[];
  fields?: Record<string, FieldRule>;
  vocab?: Record<string, Vocab>;
  event_log?: ObjectMapping['eventLog'];
  activity_log?: ObjectMapping['activityLog'];
  nested?: {
    updates?: { column: string | string[]; id?: string; time: string | string[]; status: string; vocab: string; actor?: string };
    services?: { column: string | string[]; name: string };
  };
}

export async function loadMappingFile(path: string): Promise<SourceAdapter> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`--mapping ${path}: cannot read the file`);
  }
  let doc: MappingFile;
  try {
    doc = (/\.json$/i.test(path) ? JSON.parse(text) : yaml().parse(text)) as MappingFile;
  } catch (e) {
    throw new UserError(`--mapping ${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`);
  }
  // shapes, types and unknown keys (fields by the object's table): schemas/mapping.schema.json; what needs the
  // engine (a tool to extend, a vocabulary that exists, a pattern that compiles, a constant of the field's type) below
  validateAgainst('mapping', doc, `--mapping ${path}`);
  const object = doc.object ?? 'ticket';
  const table = MAPPING_OBJECTS[object]!;
  const fields = doc.fields!;
  const base = doc.extends ? adapterById(doc.extends) : undefined;
  if (doc.extends && !base) throw new UserError(`--mapping ${path}: extends '${doc.extends}' is not a supported tool (${ADAPTERS.map((a) => a.id).join(', ')})`);
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
 * The values of a mapping that its schema cannot judge, checked before any SQL is built from them: a vocabulary
 * that is not defined, a pattern that does not compile, or a constant `value` the field's type cannot hold would
 * otherwise stop the ingest in the middle with DuckDB's words.
 */
function checkValues(path: string, doc: MappingFile, table: CanonicalTable, fields: Record<string, FieldRule>, vocabs: Record<string, unknown>): void {
  const bad = (what: string) => new UserError(`--mapping ${path}: ${what}`);
  for (const [name, v] of Object.entries(doc.vocab ?? {})) {
    for (const [re] of v.patterns ?? []) {
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
    if (typeof rule === 'string' || Array.isArray(rule)) continue;
    if (rule.vocab !== undefined && !(rule.vocab in vocabs)) {
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
