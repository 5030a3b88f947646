import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';

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
