/**
 * Znuny / OTRS / OTOBO (adapter src/sources/otrs.ts, export-formats.md §11.1): the agent ticket search CSV
 * export (AgentTicketSearch → Output CSV) with the default `SearchCSVData` columns (`TicketNumber` → `Ticket
 * Number`, `CustomerName` → `Customer Realname`, the rest as raw keys in an English export) plus `Type`,
 * `Title` and `Service` added to that list (the ITSM ticket type is what tells incidents from service requests).
 * Dates `YYYY-MM-DD HH:MM:SS` (system time zone, UTC here), `;` separated (the user's CSV separator preference; `;` in most language files).
 * Ticket numbers `YYYYMMDD` + system id `10` + counter. Priority `5 very high` … `1 very low` (higher = more
 * urgent, reversed by the adapter). States new / open / pending reminder / closed successful / removed.
 * OTRS has no resolved state: a resolved ticket is closed, `Closed` = the resolution time.
 * SLA: `SolutionDiffInMin` (solution target − SolutionInMin; negative = breached) is only computed for closed
 * tickets; `FirstResponseDiffInMin` (4 h response target) for every answered one. The adapter takes the first
 * and falls back per row to the second, so truth.json's SLA flag is the same (trait slaFlag): resolved → met the
 * resolution target, open and answered → met the response target, new / cancelled → no flag.
 * Null in truth.json: FCR and reopen rate (the export has no reassignment or reopen count, only ticket_history
 * has them), change success rate (no change export: the OTRS::ITSM change list is unverified [K] and its
 * ChangeState has no "successful with issues").
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, type Exec, type Internal } from '../writers.js';
import { respondedAt, TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M:%S';
const PRI = strList(['5 very high', '4 high', '3 normal', '2 low', '1 very low']);
export const OTRS_HEADER = [
  'Ticket Number', 'Age', 'Created', 'Closed', 'FirstLock', 'FirstResponse', 'State', 'Priority', 'Queue', 'Lock', 'Owner',
  'UserFirstname', 'UserLastname', 'CustomerID', 'Customer Realname', 'From', 'Subject', 'AccountedTime', 'ArticleTree',
  'SolutionInMin', 'SolutionDiffInMin', 'FirstResponseInMin', 'FirstResponseDiffInMin', 'Type', 'Title', 'Service',
] as const;

export async function writeOtrs(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const responded = respondedAt(o.t1);
  const locked = `CASE WHEN assigned_to IS NOT NULL THEN least(opened + 60, coalesce(resolved, ${o.t1 - 60})) END`;
  const age = `coalesce(resolved, ${o.t1}) - opened`;
  const agent = (part: 1 | 2) => `split_part(assigned_to, ' ', ${part})`;
  const file = await writeCsv(exec, out, 'otrs_tickets.csv', OTRS_HEADER, [{
    from: pq(x.tk),
    cells: {
      'Ticket Number': TRAITS.otrs!.ticketId('i'),
      Age: `printf('%d d %d h', (${age}) // 86400, (${age}) % 86400 // 3600)`,
      Created: fmt('opened', DATE),
      Closed: fmt('resolved', DATE),
      FirstLock: fmt(locked, DATE),
      FirstResponse: fmt(responded, DATE),
      State: `CASE WHEN canceled THEN pick(['removed', 'merged'], u(i, 'ot.cx')) WHEN resolved IS NOT NULL THEN 'closed successful'
        WHEN state_open = 'New' THEN 'new' WHEN state_open = 'On Hold' THEN 'pending reminder' ELSE 'open' END`,
      Priority: `${PRI}[priority]`,
      Queue: `grp`,
      Lock: `CASE WHEN assigned_to IS NOT NULL AND resolved IS NULL THEN 'lock' ELSE 'unlock' END`,
      Owner: `coalesce(lower(replace(assigned_to, ' ', '.')), 'root@localhost')`,
      UserFirstname: `coalesce(${agent(1)}, 'Admin')`,
      UserLastname: `coalesce(${agent(2)}, 'OTRS')`,
      CustomerID: `'acme'`,
      'Customer Realname': `person(usr)`,
      From: `lower(replace(person(usr), ' ', '.')) || '@example.com'`,
      Subject: `short_description`,
      AccountedTime: `CASE WHEN assigned_to IS NOT NULL THEN 5 * floor(u(i, 'ot.acc') * 24)::BIGINT END`,
      ArticleTree: `short_description`,
      SolutionInMin: `CASE WHEN resolved IS NOT NULL THEN (resolved - opened) // 60 END`,
      SolutionDiffInMin: `CASE WHEN resolved IS NOT NULL THEN (target_s - (resolved - opened)) // 60 END`,
      FirstResponseInMin: `CASE WHEN ${responded} IS NOT NULL THEN (${responded} - opened) // 60 END`,
      FirstResponseDiffInMin: `CASE WHEN ${responded} IS NOT NULL THEN 240 - (${responded} - opened) // 60 END`,
      Type: `CASE WHEN kind = 'service_request' THEN 'ServiceRequest' WHEN priority = 1 THEN 'Incident::Major' ELSE 'Incident' END`,
      Title: `short_description`,
      Service: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Service Requests::' || cat_item END`,
    },
  }], ';');
  return [file];
}
