/**
 * GLPI (adapter src/sources/glpi.ts, export-formats.md §9).
 * Tickets: the search-list CSV export (`;`, English search-option labels: `ID;Title;Entity;Status;Type;Opening
 * date;…;Requester - Requester;Assigned to - Technician;Assigned to - Technician group;…;Time to resolve
 * exceeded`), dates in the user's preference, here DD-MM-YYYY HH:MM (UTC). Status New / Processing (assigned) /
 * Processing (planned) / Pending / Solved / Closed, Type Incident / Request, priority Very low … Very high (higher
 * = more urgent). `Time to resolve exceeded` Yes/No is the SLA flag.
 * Problems and changes: `glpi_problems` / `glpi_changes` rows with DB column names (§9.4 [K]) and numeric status
 * codes, dates `YYYY-MM-DD HH:MM:SS`.
 * Null in truth.json: FCR and reopen rate (reassignments and reopenings are only in glpi_logs), change success
 * rate (a GLPI change has no outcome field).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%d-%m-%Y %H:%M';
const DB_DATE = '%Y-%m-%d %H:%M:%S';
const PRI = strList(['Very high', 'High', 'Medium', 'Low', 'Very low']);
export const GLPI_TICKET_HEADER = [
  'ID', 'Title', 'Entity', 'Status', 'Type', 'Opening date', 'Last update', 'Priority', 'Urgency', 'Impact', 'Requester - Requester',
  'Assigned to - Technician', 'Assigned to - Technician group', 'Category', 'Associated elements', 'Request source', 'Resolution date',
  'Closing date', 'Time to resolve', 'Time to resolve exceeded',
] as const;
const ITIL_BASE = ['id', 'entities_id', 'name', 'date', 'closedate', 'solvedate', 'date_mod', 'status', 'content', 'urgency', 'impact', 'priority', 'itilcategories_id', 'time_to_resolve'];
export const GLPI_PROBLEM_HEADER = [...ITIL_BASE, 'impactcontent', 'causecontent', 'symptomcontent'] as const;
export const GLPI_CHANGE_HEADER = [...ITIL_BASE, 'impactcontent', 'controlistcontent', 'rolloutplancontent', 'backoutplancontent', 'checklistcontent', 'global_validation'] as const;

export async function writeGlpi(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const files: string[] = [];
  files.push(await writeCsv(exec, out, 'glpi_tickets.csv', GLPI_TICKET_HEADER, [{
    from: pq(x.tk),
    cells: {
      ID: `i + 1`,
      Title: `short_description`,
      Entity: `'Root entity > Acme'`,
      Status: `CASE WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Solved' WHEN state_open = 'New' THEN 'New'
        WHEN state_open = 'On Hold' THEN 'Pending' WHEN u(i, 'gl.pl') < 0.2 THEN 'Processing (planned)' ELSE 'Processing (assigned)' END`,
      Type: `CASE WHEN kind = 'service_request' THEN 'Request' ELSE 'Incident' END`,
      'Opening date': fmt('opened', DATE),
      'Last update': fmt(updated(p), DATE),
      Priority: `${PRI}[priority]`,
      Urgency: `${PRI}[least(5, priority + floor(u(i, 'gl.u') * 2)::BIGINT)]`,
      Impact: `${PRI}[least(5, priority + floor(u(i, 'gl.i') * 2)::BIGINT)]`,
      'Requester - Requester': `person(usr)`,
      'Assigned to - Technician': `assigned_to`,
      'Assigned to - Technician group': `grp`,
      Category: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] || ' > ' || subcategory ELSE 'Request > ' || cat_item END`,
      'Associated elements': `ci`,
      'Request source': `pick(['Helpdesk', 'E-Mail', 'Phone', 'Direct', 'Other'], u(i, 'gl.src'))`,
      'Resolution date': fmt('resolved', DATE),
      'Closing date': fmt('closed', DATE),
      'Time to resolve': fmt('opened + target_s', DATE),
      'Time to resolve exceeded': `CASE WHEN made_sla THEN 'No' ELSE 'Yes' END`,
    },
  }], ';'));
  const pri5 = (x: string) => `(6 - least(5, ${x}))`;
  if (p.nPrb > 0) {
    files.push(await writeCsv(exec, out, 'glpi_problems.csv', GLPI_PROBLEM_HEADER, [{
      from: pq(x.prb),
      cells: {
        id: `pp + 1`, entities_id: `0`, name: `short_description`, date: fmt('opened', DB_DATE), closedate: fmt('closed', DB_DATE),
        solvedate: fmt('resolved', DB_DATE), date_mod: fmt('coalesce(closed, resolved, opened)', DB_DATE),
        status: `CASE state WHEN 'New' THEN 1 WHEN 'Assess' THEN 7 WHEN 'Root Cause Analysis' THEN 2 WHEN 'Fix in Progress' THEN 3 WHEN 'Resolved' THEN 5 ELSE 6 END`,
        content: `'Problem record for ' || ci`, urgency: pri5('priority'), impact: pri5('priority'), priority: pri5('priority'),
        itilcategories_id: `1 + floor(u(pp, 'gl.cat') * 5)::BIGINT`,
        impactcontent: `'Repeated incidents on ' || ci`,
        causecontent: `CASE WHEN resolved IS NOT NULL THEN pick(['Memory leak in service after patch', 'Expired certificate in chain', 'Undersized connection pool'], u(pp, 'p.cause')) END`,
        symptomcontent: `short_description`,
      },
    }]));
  }
  if (p.nChg > 0) {
    files.push(await writeCsv(exec, out, 'glpi_changes.csv', GLPI_CHANGE_HEADER, [{
      from: pq(x.chg),
      cells: {
        id: `c + 1`, entities_id: `0`, name: `short_description`, date: fmt('opened', DB_DATE), closedate: fmt('closed', DB_DATE),
        solvedate: fmt('wend', DB_DATE), date_mod: fmt('coalesce(closed, wend, wstart, opened)', DB_DATE),
        status: `CASE state WHEN 'New' THEN 1 WHEN 'Assess' THEN 9 WHEN 'Authorize' THEN 10 WHEN 'Scheduled' THEN 7 WHEN 'Implement' THEN 11
          WHEN 'Review' THEN 5 WHEN 'Closed' THEN 6 ELSE CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 14 ELSE 13 END END`,
        content: `type || ' change on ' || ci`, urgency: `CASE type WHEN 'Emergency' THEN 5 ELSE 3 END`, impact: `3`,
        priority: `CASE type WHEN 'Emergency' THEN 5 ELSE 3 END`, itilcategories_id: `1 + floor(u(c, 'gl.cat') * 5)::BIGINT`,
        impactcontent: `'Service ' || ci || ' unavailable during the window'`,
        rolloutplancontent: `'Planned ' || strftime(ts(pstart), '%Y-%m-%d %H:%M') || ' - ' || strftime(ts(pend), '%Y-%m-%d %H:%M')`,
        backoutplancontent: `'Restore the previous version'`,
        global_validation: `CASE WHEN type = 'Standard' THEN 1 WHEN state IN ('New', 'Assess') THEN 1 WHEN state = 'Authorize' THEN 2
          WHEN state = 'Canceled' AND type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 4 ELSE 3 END`,
      },
    }]));
  }
  return files;
}
