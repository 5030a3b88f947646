import type { SourceAdapter } from './types.js';

/**
 * NinjaOne ticketing: tickets from the API — single records (`/v2/ticketing/ticket/{id}`) or a board run
 * (`/v2/ticketing/trigger/board/{id}/run`) — flattened to columns. Not covered by export-formats.md.
 *
 * Verified [V] from a public Go client of the API (its Ticket / BoardTicket structs): ticket keys `id, version,
 * nodeId, clientId, locationId, assignedAppUserId, requesterUid, subject, status{name, displayName, statusId},
 * type (PROBLEM | QUESTION | INCIDENT | TASK), ticketFormId, source, tags, ccList, createTime, deleted,
 * attributeValues, priority, severity`; board-run keys `id, summary, description, status{displayName},
 * priority, severity, organization, device, assignedAppUser, ticketForm, totalTimeTracked, tags, createTime,
 * triggeredCondition`.
 * Unverified [K/?], keep the mapping overridable (`--mapping … extends: ninjaone`): status names (NEW, OPEN,
 * WAITING, PAUSED, RESOLVED, CLOSED — customisable), priority values (NONE, LOW, MEDIUM, HIGH, URGENT),
 * severity values (NONE, MINOR, MODERATE, MAJOR, CRITICAL → impact), source values, and the board's CSV
 * export labels (no sample found). Strong tokens are verified API keys only.
 * Dates: createTime is epoch seconds (fractions allowed), read as opened_at. A ticket of type PROBLEM stays a
 * ticket of kind other.
 */
export const ninjaone: SourceAdapter = {
  id: 'ninjaone',
  name: 'NinjaOne ticketing',
  notes: 'API ticket and board-run records. createTime (epoch seconds) is the opened time. Severity → impact.',
  signature: {
    'assignedappuserid': 5,
    'requesteruid': 5,
    'ticketformid': 5,
    'totaltimetracked': 5,
    'assignedappuser': 5,
    'triggeredcondition': 3,
    'attributevalues': 3,
    'cclist': 3,
    'ticketform': 3,
    'nodeid': 2,
    'createtime': 1,
    'severity': 1,
    'clientid': 0.5,
  },
  vocab: {
    kind: {
      map: { incident: 'incident', question: 'service_request', task: 'other', problem: 'other' },
      otherwise: 'other',
    },
    status: {
      map: {
        new: 'new', open: 'in_progress', 'in progress': 'in_progress', in_progress: 'in_progress', waiting: 'pending', paused: 'pending',
        'on hold': 'pending', impacted: 'in_progress', resolved: 'resolved', closed: 'closed',
      },
    },
    priority: { map: { urgent: 1, high: 2, medium: 3, low: 4 }, otherwise: null },
    severity: { map: { critical: 1, major: 2, moderate: 3, minor: 4 }, otherwise: null },
    channel: {
      map: {
        email: 'email', phone: 'phone', web: 'portal', portal: 'portal', end_user_portal: 'portal', 'end user portal': 'portal',
        technician: 'other', api: 'api', condition: 'monitoring', alert: 'monitoring', scripted: 'api', automation: 'api',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'tickets',
      fields: {
        source_id: ['id', 'ticket id'],
        kind: { from: 'type', vocab: 'kind', value: 'incident' },
        title: ['subject', 'summary'],
        description: ['description', 'description.body'],
        status: { from: ['status.displayname', 'status.name', 'status'], vocab: 'status' },
        priority: { from: 'priority', vocab: 'priority' },
        impact: { from: 'severity', vocab: 'severity' },
        category: ['ticketform', 'ticket form'],
        ci_name: ['device', 'nodeid'],
        assignee: ['assignedappuser', 'assignedappuserid', 'assignee'],
        requester: ['requester', 'requesteruid'],
        location: ['location', 'locationid'],
        channel: { from: 'source', vocab: 'channel' },
        opened_at: ['createtime', 'create time'],
      },
    },
  ],
};
