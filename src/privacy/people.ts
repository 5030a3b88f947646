import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Store } from '../store/db.js';
import { POLICY_KEY as REDACTION_POLICY_KEY } from './redact.js';

/**
 * Who the outputs may name (issue 21.5: people are not KPIs by default). The project config's `people:`:
 * - `aggregate` (the default): no assignee or requester is named in findings (text, JSON, the report); a
 *   finding about one says "one assignee" and carries no member value;
 * - `pseudonymise`: each person is a stable token (`person-3f9a1c0b2e`), the same across runs on the same data;
 * - `named`: the values as the export has them.
 * A database ingested with --redact holds tokens already, so `named` shows tokens there.
 */
export type PeoplePolicy = 'aggregate' | 'pseudonymise' | 'named';
export const PEOPLE_POLICIES: PeoplePolicy[] = ['aggregate', 'pseudonymise', 'named'];
export const DEFAULT_PEOPLE: PeoplePolicy = 'aggregate';

/** The finding-level fields that hold a person: assignee members, requester values. */
export const PERSON_DIMENSIONS = new Set(['assignee', 'requester']);

export function parsePeoplePolicy(v: unknown, where: string): PeoplePolicy {
  if (v === undefined) return DEFAULT_PEOPLE;
  if (typeof v === 'string' && (PEOPLE_POLICIES as string[]).includes(v)) return v as PeoplePolicy;
  throw new UserError(`${where}: people must be one of ${PEOPLE_POLICIES.join(', ')} (default aggregate: no individual named)`);
}

/**
 * How a person is written under a policy: the value, a token salted with `salt` (something of the data the
 * reader does not have, so a token cannot be matched to a guessed name), or null (not named).
 */
export function personNamer(policy: PeoplePolicy, salt: string): (value: string) => string | null {
  if (policy === 'named') return (v) => v;
  if (policy === 'aggregate') return () => null;
  return (v) => `person-${createHash('sha256').update(`${salt}\u0000${v.trim().toLowerCase().replace(/\s+/g, ' ')}`).digest('hex').slice(0, 10)}`;
}

/** A value redaction already turned into a token (`ingest --redact`, action hash): a pseudonym as it is. */
const REDACTION_TOKEN = /^person-[0-9a-f]{10}$/;

/**
 * The policy that applies to a database, and the namer it gives (salted with the loaded files' ids, which the
 * reader of a pack does not have). A database ingested with --redact is at least pseudonymised: `named` there
 * becomes `pseudonymise` (a redaction policy may have kept a column as it was; the pack still names no one),
 * and values redaction already tokenised stay the tokens `kpi --by assignee` shows.
 */
export async function peopleFor(
  store: Store,
  policy: PeoplePolicy,
): Promise<{ policy: PeoplePolicy; person: (value: string) => string | null; token: (value: string) => string; note: string | null }> {
  const redacted = await store.one<{ v: string }>('SELECT value AS v FROM meta WHERE key = $k', { k: REDACTION_POLICY_KEY });
  const effective: PeoplePolicy = redacted && policy === 'named' ? 'pseudonymise' : policy;
  const salt = (await store.one<{ s: string | null }>(`SELECT string_agg(file_id, ',' ORDER BY file_id) AS s FROM source_file`))?.s ?? '';
  const namer = personNamer(effective, salt);
  return {
    policy: effective,
    person: effective === 'pseudonymise' ? (v) => (REDACTION_TOKEN.test(v) ? v : namer(v)) : namer,
    // the salted token whatever the policy: an order of people that says nothing of them (findings' neutral keys)
    token: personNamer('pseudonymise', salt) as (value: string) => string,
    note: effective !== policy ? `people: named is pseudonymise on this database (ingested with --redact): people show as tokens` : null,
  };
}
