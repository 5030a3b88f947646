/** The sources@1 document (`sources --json`): the supported tools, their signatures and mapped fields; and its text. */
import { ADAPTERS } from './index.js';
import { columnsOf } from '../ingest/rules.js';
import { FIELDS, enumValues } from '../store/schema.js';
import { COMMON_VOCAB } from './common.js';

export type SourcesDocument = ReturnType<typeof sourcesDocument>;

/** Every adapter; with `withFields` also the canonical fields, their enum values and the vocabularies a mapping can name. */
export function sourcesDocument(withFields: boolean) {
  const tools = ADAPTERS.map((a) => ({
    id: a.id,
    name: a.name,
    notes: a.notes ?? null,
    signature: Object.entries(a.signature)
      .filter(([, w]) => w > 0)
      .sort((x, y) => y[1] - x[1])
      .map(([token, weight]) => ({ token, weight })),
    id_pattern: a.idPattern ?? null,
    objects: a.objects.map((o) => ({
      object: o.object,
      source_table: o.sourceTable,
      id_prefixes: o.idPrefixes ?? [],
      event_log: Boolean(o.eventLog),
      fields: Object.fromEntries(Object.entries(o.fields).map(([f, r]) => [f, columnsOf(r)])),
    })),
  }));
  // What a mapping's enum fields must hold, and the vocabularies it can name without defining them.
  const enums = Object.fromEntries(Object.entries(FIELDS).map(([t, defs]) => [t, Object.fromEntries(defs.filter((d) => d.type === 'enum').map((d) => [d.name, enumValues(d)]))]));
  const vocabularies = {
    builtin: Object.keys(COMMON_VOCAB),
    by_tool: Object.fromEntries(ADAPTERS.map((a) => [a.id, Object.keys(a.vocab)])),
  };
  return { schema: 'itsm-lens/sources@1' as const, tools, ...(withFields ? { fields: FIELDS, enum_values: enums, vocabularies } : {}) };
}

export function renderSourcesText(doc: SourcesDocument): string {
  const out: string[] = [];
  for (const t of doc.tools) {
    out.push(`${t.id} — ${t.name}`);
    if (t.notes) out.push(`  ${t.notes}`);
    out.push(`  signature: ${t.signature.map((s) => `${s.token}${s.weight >= 5 ? '*' : ''}`).join(', ')}${t.id_pattern ? `; ids like ${t.id_pattern}` : ''}`);
    for (const o of t.objects) {
      out.push(`  ${o.object} (${o.source_table})${o.id_prefixes.length ? ` ids ${o.id_prefixes.join('/')}…` : ''}${o.event_log ? ', event log form too' : ''}: ${Object.keys(o.fields).join(', ')}`);
    }
    out.push('');
  }
  out.push('* strong token. A file is recognised with a score ≥ 8 or two strong tokens; others need --mapping FILE.');
  if (doc.fields && doc.vocabularies) {
    for (const [table, defs] of Object.entries(doc.fields)) {
      out.push('', `${table}:`);
      for (const d of defs) out.push(`  ${d.name.padEnd(24)} ${d.type.padEnd(9)} ${d.type === 'enum' ? `one of ${enumValues(d).join(', ')}` : d.doc}`);
    }
    out.push(
      '',
      'An enum field read from a column needs a vocabulary unless the column already holds those values:',
      '  fields: { status: { from: State, vocab: state } }  vocab: { state: { map: { Open: new, Closed: closed } } }',
      `vocabularies every mapping can name: ${doc.vocabularies.builtin.join(', ')} (bool: yes/no, true/false, 1/0 and their German, French, Spanish, Dutch, Portuguese words; leading_int: the leading number, '2 - High' → 2)`,
      "a tool's own, with extends: TOOL:",
      ...Object.entries(doc.vocabularies.by_tool).filter(([, v]) => v.length).map(([t, v]) => `  ${t.padEnd(14)} ${v.join(', ')}`),
    );
  }
  return out.join('\n');
}
