import type { SourceAdapter } from './types.js';

/**
 * monday service: the Tickets board exported to Excel/CSV (one row per item, column titles as named on the
 * board). Not covered by export-formats.md.
 *
 * Verified [V] (support.monday.com "SLA column on monday service"): the Tickets board has an SLA column
 * ("SLA – Time to Resolution" in the column center) whose indicator reads Within / Paused / Breached, and
 * adding it creates a "Total time passed" column; Priority, Request type and Sentiment are status columns on
 * that board.
 * Unverified [K/?], keep the mapping overridable (`--mapping … extends: monday`): every other column title
 * (boards are user-designed: Name, Item ID, Status, Priority, Requester, Assignee, Creation log, Last updated,
 * Subitems …), the status labels (New, Working on it, Awaiting customer, Stuck, Resolved, Done, Closed) and
 * priority labels (Critical ⚠️, High, Medium, Low), and the date format of the export. "Creation log" and
 * "Last updated" cells hold a person and a date in one text, so they are not read as dates.
 * The id is the "Item ID" column (add it to the board before exporting); without it the file is not read.
 * Strong token: "Total time passed" only.
 */
export const monday: SourceAdapter = {
  id: 'monday',
  name: 'monday service',
  notes: 'Tickets board export. Add the Item ID column before exporting. SLA column: Within → met, Breached → not met, Paused → unknown.',
  signature: {
    'total time passed': 5,
    'sla - time to resolution': 3,
    'sla – time to resolution': 3,
    'creation log': 3,
    'subitems': 3,
    'sentiment': 2,
    'item id': 2,
    'request type': 1,
    'last updated': 0.5,
    'requester': 0.5,
  },
  vocab: {
    kind: {
      map: {
        incident: 'incident', 'service request': 'service_request', request: 'service_request', question: 'service_request',
        'how to': 'service_request', 'access request': 'service_request', problem: 'other', change: 'other', bug: 'other',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        new: 'new', open: 'new', 'working on it': 'in_progress', 'in progress': 'in_progress', assigned: 'assigned',
        stuck: 'pending', 'on hold': 'pending', resolved: 'resolved', done: 'resolved', closed: 'closed',
        cancelled: 'cancelled', canceled: 'cancelled',
      },
      patterns: [['^(awaiting|waiting|pending)', 'pending']],
    },
    priority: {
      map: { urgent: 1, critical: 1, high: 2, medium: 3, low: 4 },
      patterns: [['^\\s*critical', 1], ['^\\s*p?(\\d)', '$1']],
      otherwise: null,
    },
    sla: {
      map: { within: true, met: true, achieved: true, 'on track': true, breached: false, overdue: false, missed: false },
      otherwise: null,
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Tickets board',
      fields: {
        source_id: ['item id', 'ticket id'],
        kind: { from: ['request type', 'ticket type', 'type'], vocab: 'kind', value: 'incident' },
        title: ['name', 'ticket', 'subject'],
        description: ['description'],
        status: { from: ['status', 'ticket status'], vocab: 'status' },
        priority: { from: 'priority', vocab: 'priority' },
        category: ['category'],
        assignee: ['assignee', 'agent', 'owner', 'person'],
        assignment_group: ['team', 'group'],
        requester: ['requester', 'requester email', 'email'],
        opened_at: ['created at', 'creation date', 'date created'],
        resolved_at: ['resolved at', 'resolution date'],
        due_at: ['due date'],
        sla_met: { from: ['sla', 'sla - time to resolution', 'sla – time to resolution', 'sla status'], vocab: 'sla' },
      },
    },
  ],
};
