/**
 * NinjaOne ticketing (adapter src/sources/ninjaone.ts; not in export-formats.md): tickets as API records
 * (`/v2/ticketing/ticket/{id}`) flattened to columns, with the keys of the ticket struct (`id, version,
 * nodeId, clientId, locationId, assignedAppUserId, requesterUid, subject, status.name, status.displayName,
 * status.statusId, type, ticketFormId, source, tags, ccList, createTime, deleted, priority, severity`).
 * createTime epoch seconds. Type INCIDENT / QUESTION (the service requests); statuses NEW / OPEN / WAITING /
 * PAUSED / RESOLVED / CLOSED, priorities URGENT / HIGH / MEDIUM / LOW, severities CRITICAL / MAJOR / MODERATE /
 * MINOR [K]. NinjaOne has no assignment group: the group and the category are written as the ticket's tags.
 * Null in truth.json: MTTR (the ticket record has no resolution time), SLA attainment (no SLA flag), FCR and
 * reopen rate (no counts), change success rate (no change object).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { pq, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const PRI = strList(['URGENT', 'HIGH', 'MEDIUM', 'LOW', 'LOW']);
const SEV = strList(['CRITICAL', 'MAJOR', 'MODERATE', 'MINOR', 'NONE']);
export const NINJAONE_HEADER = [
  'id', 'version', 'nodeId', 'clientId', 'locationId', 'assignedAppUserId', 'requesterUid', 'subject', 'status.name', 'status.displayName',
  'status.statusId', 'type', 'ticketFormId', 'source', 'tags', 'ccList', 'createTime', 'deleted', 'priority', 'severity',
] as const;

export async function writeNinjaone(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  void p;
  const status = `CASE WHEN closed IS NOT NULL OR canceled THEN 'CLOSED' WHEN resolved IS NOT NULL THEN 'RESOLVED' WHEN state_open = 'New' THEN 'NEW'
    WHEN state_open = 'On Hold' THEN pick(['WAITING', 'PAUSED'], u(i, 'nj.h')) ELSE 'OPEN' END`;
  const file = await writeCsv(exec, out, 'ninjaone_tickets.csv', NINJAONE_HEADER, [{
    from: pq(x.tk),
    cells: {
      id: `i + 1`,
      version: `1 + floor(u(i, 'nj.v') * 6)::BIGINT`,
      nodeId: `CASE WHEN ci IS NOT NULL THEN 1000 + hash(ci) % 9000 END`,
      clientId: `1 + floor(u(i, 'nj.cl') * 12)::BIGINT`,
      locationId: `1 + floor(u(i, 'nj.loc') * 30)::BIGINT`,
      assignedAppUserId: `CASE WHEN assigned_to IS NOT NULL THEN 500 + hash(assigned_to) % 500 END`,
      requesterUid: `printf('%08x-%04x-4%03x-8%03x-%012x', 2166136261 + usr, usr % 65536, usr % 4096, (usr * 7) % 4096, usr * 2654435761)`,
      subject: `short_description`,
      'status.name': status,
      'status.displayName': `CASE ${status} WHEN 'NEW' THEN 'New' WHEN 'OPEN' THEN 'Open' WHEN 'WAITING' THEN 'Waiting' WHEN 'PAUSED' THEN 'Paused'
        WHEN 'RESOLVED' THEN 'Resolved' ELSE 'Closed' END`,
      'status.statusId': `CASE ${status} WHEN 'NEW' THEN 1000 WHEN 'OPEN' THEN 2000 WHEN 'WAITING' THEN 3000 WHEN 'PAUSED' THEN 4000 WHEN 'RESOLVED' THEN 5000 ELSE 6000 END`,
      type: `CASE WHEN kind = 'service_request' THEN 'QUESTION' ELSE 'INCIDENT' END`,
      ticketFormId: `CASE WHEN kind = 'service_request' THEN 2 ELSE 1 END`,
      source: `pick(['EMAIL', 'PHONE', 'END_USER_PORTAL', 'TECHNICIAN', 'CONDITION'], u(i, 'nj.src'))`,
      tags: `'["' || grp || '", "' || CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Request' END || '"]'`,
      ccList: `'{"uids": [], "emails": []}'`,
      createTime: `opened`,
      deleted: `'false'`,
      priority: `${PRI}[priority]`,
      severity: `CASE WHEN kind = 'incident' THEN ${SEV}[priority] ELSE 'NONE' END`,
    },
  }]);
  return [file];
}
