/**
 * Request Tracker (adapter src/sources/rt.ts, export-formats.md §16): the search results "Spreadsheet" export
 * `Results.tsv`, tab-separated, column titles from the search format (`id, Subject, Status, Queue, Owner,
 * Priority, …, Requestors, Created, Told, LastUpdated, Started, Resolved, Due, TimeWorked, TimeLeft`), dates
 * `YYYY-MM-DD HH:MM:SS` [K], `Not set` for no date and `Nobody` for no owner. Statuses new / open / stalled /
 * resolved / rejected; Priority numeric 0–99, higher = more urgent (reversed: 90, 70, 50, 20, 10 for
 * priorities 1..5; the adapter buckets 67+ → 2, so a "critical" ticket reads as high). Queue = the group.
 * No ITIL type: every ticket is an incident; a rejected ticket has no Resolved date.
 * Supported: MTTR (Created → Resolved). Null in truth.json: SLA attainment (Due vs Resolved would be a
 * two-column comparison), FCR and reopen rate (only the transactions have them), change success rate (RT has
 * no change object).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M:%S';
const notSet = (x: string) => `coalesce(${fmt(x, DATE)}, 'Not set')`;
export const RT_HEADER = [
  'id', 'Subject', 'Status', 'Queue', 'Owner', 'Priority', 'InitialPriority', 'FinalPriority', 'Requestors', 'Creator', 'Created',
  'Starts', 'Started', 'Told', 'LastUpdated', 'Resolved', 'Due', 'TimeEstimated', 'TimeWorked', 'TimeLeft', 'CF.{Category}',
] as const;

export async function writeRt(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT`;
  const started = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 1})) END`;
  const worked = `CASE WHEN resolved IS NOT NULL THEN 5 + floor(u(i, 'rt.tw') * 175)::BIGINT WHEN ${started} IS NOT NULL THEN floor(u(i, 'rt.tw') * 60)::BIGINT ELSE 0 END`;
  const mail = (who: string) => `lower(replace(${who}, ' ', '.')) || '@example.com'`;
  const file = await writeCsv(exec, out, 'Results.tsv', RT_HEADER, [{
    from: pq(x.tk),
    cells: {
      id: `i + 1`,
      Subject: `short_description`,
      Status: `CASE WHEN canceled THEN 'rejected' WHEN resolved IS NOT NULL THEN 'resolved' WHEN state_open = 'New' THEN 'new'
        WHEN state_open = 'On Hold' THEN 'stalled' ELSE 'open' END`,
      Queue: `grp`,
      Owner: `coalesce(assigned_to, 'Nobody')`,
      Priority: `[90, 70, 50, 20, 10][priority] + floor(u(i, 'rt.pj') * 5)::BIGINT`,
      InitialPriority: `[90, 70, 50, 20, 10][priority]`,
      FinalPriority: `99`,
      Requestors: mail('person(usr)'),
      Creator: `CASE WHEN u(i, 'rt.cr') < 0.7 THEN ${mail('person(usr)')} ELSE 'RT_System' END`,
      Created: fmt('opened', DATE),
      Starts: `'Not set'`,
      Started: notSet(started),
      Told: notSet(started),
      LastUpdated: fmt(updated(p), DATE),
      Resolved: notSet('resolved'),
      Due: fmt('opened + target_s', DATE),
      TimeEstimated: `0`,
      TimeWorked: worked,
      TimeLeft: `0`,
      'CF.{Category}': `${strList(CATEGORIES.map((c) => c.name))}[cat + 1]`,
    },
  }], '\t');
  return [file];
}
