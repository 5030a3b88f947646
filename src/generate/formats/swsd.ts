/**
 * SolarWinds Service Desk, formerly Samanage (adapter src/sources/swsd.ts, export-formats.md §14.1): incidents
 * as API v2.1 records (`/incidents.json`) flattened to columns (`number, name, description, state, priority,
 * category.name, assignee.name, assignee.group_id, requester.email, site, origin, created_at, updated_at, due_at,
 * resolution_code, resolution_description, sla_violations, custom_fields_values`). Dates ISO with offset
 * (`2025-01-05T14:04:00.000+00:00`). States New / Assigned / In Progress / Awaiting Input / On Hold / Resolved /
 * Closed, priorities Critical / High / Medium / Low [K]. Incidents only (service requests are another object).
 * Null in truth.json: MTTR (the record has no resolution time: created_at/updated_at/due_at only, and the
 * adapter reads none), SLA attainment (`sla_violations` is a list whose shape is unverified: not mapped), FCR
 * and reopen rate (no counts in the record), change success rate (no change export).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES, GROUPS } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%dT%H:%M:%S.000+00:00';
const PRI = strList(['Critical', 'High', 'Medium', 'Low', 'Low']);
export const SWSD_HEADER = [
  'id', 'number', 'name', 'description', 'state', 'priority', 'category.name', 'subcategory.name', 'assignee.name', 'assignee.email',
  'assignee.group_id', 'assignee.group_name', 'requester.name', 'requester.email', 'site', 'department', 'origin', 'created_at', 'updated_at',
  'due_at', 'resolution_code', 'resolution_description', 'sla_violations', 'custom_fields_values',
] as const;

export async function writeSwsd(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const mail = (who: string) => `lower(replace(${who}, ' ', '.')) || '@example.com'`;
  const file = await writeCsv(exec, out, 'swsd_incidents.csv', SWSD_HEADER, [{
    from: pq(x.tk),
    cells: {
      id: `81000000 + i * 3`,
      number: `i + 1`,
      name: `short_description`,
      description: `short_description || chr(10) || 'Reported by ' || person(usr)`,
      state: `CASE WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved' WHEN state_open = 'New' THEN 'New'
        WHEN state_open = 'On Hold' THEN pick(['Awaiting Input', 'On Hold'], u(i, 'sw.h')) ELSE pick(['Assigned', 'In Progress'], u(i, 'sw.ip')) END`,
      priority: `${PRI}[priority]`,
      'category.name': `${strList(CATEGORIES.map((c) => c.name))}[cat + 1]`,
      'subcategory.name': `subcategory`,
      'assignee.name': `assigned_to`,
      'assignee.email': `CASE WHEN assigned_to IS NOT NULL THEN ${mail('assigned_to')} END`,
      'assignee.group_id': `CASE WHEN assigned_to IS NOT NULL THEN 4400 + list_position(${strList(GROUPS)}, grp) END`,
      'assignee.group_name': `CASE WHEN assigned_to IS NOT NULL THEN grp END`,
      'requester.name': `person(usr)`,
      'requester.email': mail('person(usr)'),
      site: `pick(${strList(['Austin HQ', 'Dublin Office', 'Berlin Office', 'Singapore Office'])}, u(i, 'sw.site'))`,
      department: `pick(${strList(['Finance', 'Sales', 'Engineering', 'HR', 'Operations'])}, u(i, 'sw.dep'))`,
      origin: `pick(['web', 'email', 'portal', 'phone', 'api'], u(i, 'sw.or'))`,
      created_at: fmt('opened', DATE),
      updated_at: fmt(updated(p), DATE),
      due_at: fmt('opened + target_s', DATE),
      resolution_code: `CASE WHEN canceled THEN 'Duplicate' WHEN resolved IS NOT NULL THEN pick(['Resolved', 'Resolved', 'Workaround provided', 'Not reproducible'], u(i, 'cc')) END`,
      resolution_description: `CASE WHEN resolved IS NOT NULL THEN 'Fixed: ' || lower(left(short_description, 40)) END`,
      sla_violations: `'[]'`,
      custom_fields_values: `'[]'`,
    },
  }]);
  return [file];
}
