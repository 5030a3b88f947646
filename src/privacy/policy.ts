import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yaml } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { validateAgainst } from '../config/schema.js';
import { FIELDS, type CanonicalTable } from '../store/schema.js';

/**
 * A redaction policy (`ingest --redact [FILE]`): what happens to people columns and to e-mail addresses,
 * phone numbers and people's names in free text. The default is data, in default-policy.yaml.
 */
export type Action = 'keep' | 'hash' | 'mask' | 'drop';
const ACTIONS: Action[] = ['keep', 'hash', 'mask', 'drop'];

export interface RedactionPolicy {
  /** where it came from: a file path or 'default' */
  source: string;
  /** canonical person column (or `actor` for ticket_event) → action */
  people: Record<string, Action>;
  freeText: { columns: string[]; emails: Action; phones: Action; names: Action };
}

/** The canonical columns that hold people; a policy may name only these under `people`. */
export const PERSON_COLUMNS: Record<string, CanonicalTable[]> = {
  requester: ['ticket'],
  opened_by: ['ticket'],
  assignee: ['ticket', 'change', 'problem'],
  resolved_by: ['ticket'],
  requested_by: ['change'],
  owner: ['asset'],
  assigned_to: ['asset'],
  actor: [],
};

const TEXT_COLUMNS = new Set(Object.values(FIELDS).flatMap((fs) => fs.filter((f) => f.type === 'text').map((f) => f.name)));

// read from src/ in the package both from src/privacy (tests) and dist/privacy (the CLI), as the rubric is
export const DEFAULT_POLICY_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'privacy', 'default-policy.yaml');

/** `--redact` alone (true) is the default policy; `--redact FILE` a policy file. */
export function loadPolicy(file: string | true): RedactionPolicy {
  if (file === true) return parsePolicy(readFileSync(DEFAULT_POLICY_FILE, 'utf8'), 'default');
  const text = safeRead(file);
  if (text === undefined) throw new UserError(`--redact ${file}: cannot read the policy file`);
  return parsePolicy(text, file);
}

function safeRead(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export function parsePolicy(text: string, source: string): RedactionPolicy {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    throw new UserError(`--redact ${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UserError(`--redact ${source}: expected a mapping with 'people' and 'free_text'`);
  // shapes, actions and unknown keys: schemas/privacy-policy.schema.json; the text columns are checked below
  validateAgainst('privacy-policy', doc, `--redact ${source}`);
  const d = doc as Record<string, unknown>;
  const action = (where: string, v: unknown): Action => {
    if (typeof v === 'string' && (ACTIONS as string[]).includes(v)) return v as Action;
    throw new UserError(`--redact ${source}: ${where}: '${String(v)}' is not one of ${ACTIONS.join(' | ')}`);
  };
  // Columns the policy does not name are hashed: a policy lists what it relaxes, never leaks by omission.
  const people: Record<string, Action> = Object.fromEntries(Object.keys(PERSON_COLUMNS).map((c) => [c, 'hash' as Action]));
  for (const [col, v] of Object.entries((d.people ?? {}) as Record<string, unknown>)) {
    if (!(col in PERSON_COLUMNS)) throw new UserError(`--redact ${source}: people.${col} is not a person column (${Object.keys(PERSON_COLUMNS).join(', ')})`);
    people[col] = action(`people.${col}`, v);
  }
  const ft = (d.free_text ?? {}) as Record<string, unknown>;
  const columns = (ft.columns ?? ['title', 'description', 'root_cause', 'workaround', 'resolution_code', 'symptom']) as unknown;
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string' || !TEXT_COLUMNS.has(c))) {
    throw new UserError(`--redact ${source}: free_text.columns must list canonical text columns (e.g. title, description)`);
  }
  return {
    source,
    people,
    freeText: {
      columns: columns as string[],
      emails: action('free_text.emails', ft.emails ?? 'mask'),
      phones: action('free_text.phones', ft.phones ?? 'mask'),
      names: action('free_text.names', ft.names ?? 'hash'),
    },
  };
}
