/**
 * The JSON Schema of a `--mapping` file (schemas/mapping.schema.json), written from the canonical model so
 * that the fields an editor offers are the ones the store has: `node tools/write-mapping-schema.mjs` writes
 * the file from this, and test/config/mapping-schema.test.ts fails when the two differ (a field added to
 * FIELDS without the schema rewritten). The loader (mapping-file.ts) validates against the written file.
 */
import { FIELDS, type CanonicalTable } from '../store/schema.js';
import { ADAPTERS } from '../sources/index.js';

type Sch = Record<string, unknown>;

/** the `object:` values and the table each fills (an event log fills ticket) */
export const MAPPING_OBJECTS: Record<string, CanonicalTable> = { ticket: 'ticket', event_log: 'ticket', change: 'change', problem: 'problem', asset: 'asset' };

const COLUMNS_HINT = 'must name a column (text) or a list of columns';
const columns = (description: string): Sch => ({ $ref: '#/definitions/columns', description });
const scalar = { type: ['string', 'number', 'boolean'] };

/** `nested`: the column holding a record's JSON array (or a list of alternatives) */
const ARRAY_COLUMN = {
  anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }],
  'x-hint': 'must name the column holding the JSON array (or a list of alternatives)',
};

export function mappingSchema(): Sch {
  // a file without object: holds tickets
  const byTable = (table: CanonicalTable, objects: string[]): Sch => ({
    if: table === 'ticket' ? { properties: { object: { enum: objects } } } : { required: ['object'], properties: { object: { enum: objects } } },
    then: {
      properties: {
        fields: {
          type: 'object',
          'x-unknown': `${table} field`,
          additionalProperties: false,
          properties: Object.fromEntries(FIELDS[table].map((f) => [f.name, { description: `${f.doc} (${f.type})` }])),
        },
      },
    },
  });
  const objectsOf = (t: CanonicalTable) => Object.keys(MAPPING_OBJECTS).filter((o) => MAPPING_OBJECTS[o] === t);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'itsm-lens mapping file (ingest --mapping FILE; itsm-lens map writes a draft)',
    description: "How an export's columns and values map to the canonical model (itsm-lens sources --fields lists the fields, their values and the vocabularies).",
    type: 'object',
    'x-hint': "expected a mapping with 'object' and 'fields'",
    additionalProperties: false,
    required: ['fields'],
    properties: {
      $schema: { type: 'string' },
      tool: { type: 'string', minLength: 1, description: 'recorded as source_tool and used in keys (default: custom)', 'x-hint': 'must be a non-empty text' },
      extends: {
        type: 'string',
        description: `start from a built-in adapter's vocabularies: ${ADAPTERS.map((a) => a.id).join(', ')}`,
        'x-hint': `must name a built-in tool (${ADAPTERS.map((a) => a.id).join(', ')})`,
      },
      object: { enum: Object.keys(MAPPING_OBJECTS), default: 'ticket', description: 'what the file holds; event_log: one row per update of a ticket' },
      source_table: { type: 'string', description: "the tool's own name for the table, recorded in provenance", 'x-hint': 'must be a text' },
      null_values: {
        type: 'array',
        items: { type: 'string' },
        description: 'cell texts that mean "no value" besides the empty one',
        'x-hint': "must be a list of texts, e.g. ['-', 'n/a']",
      },
      fields: {
        type: 'object',
        description: 'canonical field → the column(s) holding it, or { from, vocab, value, fallback, parse, scale }; source_id is required',
        'x-hint': 'must map canonical fields to columns',
        required: ['source_id'],
        additionalProperties: { $ref: '#/definitions/rule' },
      },
      vocab: {
        type: 'object',
        description: 'vocabularies the fields name: raw value (matched case-insensitively) → canonical value',
        'x-hint': 'must map names to vocabularies',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          'x-hint': 'must hold map, patterns or otherwise, e.g. { map: { P1: 1 } }',
          properties: {
            map: { type: 'object', additionalProperties: scalar, 'x-hint': 'must map raw values to canonical ones' },
            patterns: {
              type: 'array',
              description: 'regular expressions tried in order when no map key matches: [pattern, canonical]; canonical $1 takes the first group',
              'x-hint': "must be a list of [pattern, canonical] pairs, e.g. [['^p(\\d)', '$1']]",
              items: { type: 'array', minItems: 2, maxItems: 2, items: [{ type: 'string' }, scalar], 'x-hint': 'must be a [pattern, canonical] pair' },
            },
            otherwise: { type: ['string', 'number', 'boolean', 'null'], description: 'the value for a non-empty raw value nothing matched (default: null for numbers and true/false, other for text)' },
          },
        },
      },
      event_log: {
        type: 'object',
        description: 'one row per update of a ticket: the update counter and time that order its rows, and who updated',
        additionalProperties: false,
        required: ['seq'],
        properties: { seq: columns('the update counter'), time: columns('the update time (optional)'), actor: columns('who updated') },
      },
      // a JSON record's arrays (Statuspage-like exports): their shape here, what they need of the object and the
      // vocabularies in mapping-file.ts
      nested: {
        "type": "object",
        "description": "a JSON record's arrays (each one column of JSON text after reading): updates → ticket_event communications, services → ticket_service links",
        "x-hint": "must hold updates and/or services, e.g. nested: { services: { column: components, name: name } }",
        "additionalProperties": false,
        "minProperties": 1,
        "properties": {
          "updates": {
            "type": "object",
            "description": "every element of the array becomes a ticket_event `communication` (its status through `vocab`, its time the first of `time` present); the earliest is first_response_at when no column gives it",
            "x-hint": "must be { column, time, status, vocab } with optional id and actor, e.g. { column: comments, time: [posted_at], status: state, vocab: status }",
            "additionalProperties": false,
            "required": [
              "column",
              "time",
              "status",
              "vocab"
            ],
            "properties": {
              "column": ARRAY_COLUMN,
              "id": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)",
                "description": "the element's id key (default id; without one, its position)"
              },
              "time": {
                "anyOf": [
                  {
                    "type": "string",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                    "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)"
                  },
                  {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                      "type": "string",
                      "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                      "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)"
                    }
                  }
                ],
                "x-hint": "must be a key of the array's elements or a list of them (the first present wins), e.g. [display_at, created_at]"
              },
              "status": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)"
              },
              "vocab": {
                "type": "string",
                "minLength": 1,
                "x-hint": "must name a vocabulary (under vocab, a built-in one, or the extended tool's)"
              },
              "actor": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)"
              }
            }
          },
          "services": {
            "type": "object",
            "description": "every element's `name` becomes a ticket_service link; the record's service is the first one when no column gives it",
            "x-hint": "must be { column, name }, e.g. { column: components, name: name }",
            "additionalProperties": false,
            "required": [
              "column",
              "name"
            ],
            "properties": {
              "column": ARRAY_COLUMN,
              "name": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",
                "x-hint": "must be a key of the array's elements, or a dotted path into them (author.name)"
              }
            }
          }
        }
      },
      activity_log: {
        type: 'object',
        description: 'process mining: one row per activity of a case (the ticket)',
        additionalProperties: false,
        required: ['activity', 'time'],
        properties: {
          activity: columns('the activity name'),
          time: columns('the activity time'),
          resource: columns('who did it'),
          resolved: { type: 'string', description: 'a regular expression: the first matching activity resolves the case' },
          closed: { type: 'string', description: 'a regular expression: the last matching activity closes the case' },
        },
      },
    },
    allOf: (['ticket', 'change', 'problem', 'asset'] as const).map((t) => byTable(t, objectsOf(t))),
    definitions: {
      columns: {
        'x-hint': COLUMNS_HINT,
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
      },
      rule: {
        if: { type: 'object' },
        then: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: columns('the column(s) holding the field; the first present wins'),
            vocab: { type: 'string', description: 'a vocabulary under vocab (or a built-in one) translating the raw values', 'x-hint': 'must name a vocabulary' },
            value: { ...scalar, description: 'a constant when no column holds the field (kind: { value: incident })' },
            fallback: columns('read this column when the first is empty or missing'),
            parse: {
              enum: ['signed_duration', 'present', 'duration'],
              description: "signed_duration: true unless the text starts with '-'; present: true when the column is non-empty; duration: seconds from seconds, [d ]h:mm:ss or a display text (1 Hour 30 Minutes, 1h 30m)",
            },
            scale: { type: 'number', description: 'multiply a number by this (seconds → hours: 0.000277…)', 'x-hint': 'must be a number' },
          },
        },
        else: { $ref: '#/definitions/columns' },
      },
    },
  };
}
