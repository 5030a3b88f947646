/**
 * monday service (adapter src/sources/monday.ts; not in export-formats.md): the Tickets board exported to CSV,
 * one row per item, with the column titles of a service board (`Name, Item ID, Subitems, Status, Priority,
 * Request type, …, SLA – Time to Resolution, Total time passed, Creation log, Last updated`) and two date
 * columns added to the board (`Created at`, `Resolved at`, `YYYY-MM-DD HH:MM`; the export's date layout is
 * unverified [?]). "Creation log" / "Last updated" hold a person and a date in one text. Status labels New /
 * Working on it / Awaiting customer / Stuck / Resolved / Closed, priorities Critical ⚠️ / High / Medium / Low,
 * Request type Incident / Service Request [?]. The SLA column reads Within / Breached (never Paused here: a
 * paused SLA has no verdict, so kpi@1 would leave the ticket out).
 * Supported: MTTR (Created at → Resolved at), SLA attainment (SLA column). Null in truth.json: FCR and reopen
 * rate (no reassignment or reopen count on the board), change success rate (no change board written).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M';
const LOG = '%b %-d, %Y %-I:%M %p';
const PRI = strList(['Critical ⚠️', 'High', 'Medium', 'Low', 'Low']);
export const MONDAY_HEADER = [
  'Name', 'Item ID', 'Subitems', 'Status', 'Priority', 'Request type', 'Category', 'Team', 'Assignee', 'Requester', 'Requester email',
  'Sentiment', 'Created at', 'Resolved at', 'Due date', 'SLA – Time to Resolution', 'Total time passed', 'Creation log', 'Last updated',
] as const;

export async function writeMonday(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const passed = `coalesce(resolved, ${o.t1}) - opened`;
  const file = await writeCsv(exec, out, 'monday_tickets.csv', MONDAY_HEADER, [{
    from: pq(x.tk),
    cells: {
      Name: `short_description`,
      'Item ID': `1800000000 + i`,
      Status: `CASE WHEN closed IS NOT NULL OR canceled THEN 'Closed' WHEN resolved IS NOT NULL THEN pick(['Resolved', 'Done'], u(i, 'mo.rs'))
        WHEN state_open = 'New' THEN 'New' WHEN state_open = 'On Hold' THEN pick(['Awaiting customer', 'Stuck'], u(i, 'mo.h')) ELSE 'Working on it' END`,
      Priority: `${PRI}[priority]`,
      'Request type': `CASE WHEN kind = 'service_request' THEN 'Service Request' ELSE 'Incident' END`,
      Category: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE cat_item END`,
      Team: `grp`,
      Assignee: `assigned_to`,
      Requester: `person(usr)`,
      'Requester email': `lower(replace(person(usr), ' ', '.')) || '@example.com'`,
      Sentiment: `pick(['Positive', 'Neutral', 'Neutral', 'Negative'], u(i, 'mo.sent'))`,
      'Created at': fmt('opened', DATE),
      'Resolved at': fmt('resolved', DATE),
      'Due date': fmt('opened + target_s', '%Y-%m-%d'),
      'SLA – Time to Resolution': `CASE WHEN made_sla THEN 'Within' ELSE 'Breached' END`,
      'Total time passed': `printf('%dh %dm', (${passed}) // 3600, (${passed}) % 3600 // 60)`,
      'Creation log': `person(usr) || ' ' || ${fmt('opened', LOG)}`,
      'Last updated': `coalesce(assigned_to, person(usr)) || ' ' || ${fmt(updated(p), LOG)}`,
    },
  }]);
  return [file];
}
