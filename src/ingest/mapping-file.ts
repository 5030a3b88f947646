import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import type { CanonicalTable } from '../store/schema.js';
import { FIELDS } from '../store/schema.js';
import type { FieldRule, ObjectKind, SourceAdapter, Vocab } from '../sources/types.js';
import { adapterById } from '../sources/index.js';

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
  if (!doc || typeof doc !== 'object') throw new UserError(`--mapping ${path}: expected a mapping with 'object' and 'fields'`);
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
      },
    ],
  };
}
