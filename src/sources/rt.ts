import type { SourceAdapter } from './types.js';

/**
 * Request Tracker (Best Practical RT): search results "Spreadsheet" export (`Results.tsv`) and REST 1.0/2.0
 * ticket records. Facts: export-formats.md §16.
 *
 * Verified [V]: the ticket attributes (`id, Queue, Owner, Creator, Subject, Status, Priority, InitialPriority,
 * FinalPriority, Requestors, Cc, AdminCc, Created, Starts, Started, Due, Resolved, Told, LastUpdated,
 * TimeEstimated, TimeWorked, TimeLeft, CF.{Name}`) and the default statuses (new, open, stalled, resolved,
 * rejected, deleted).
 * Unverified [K], keep the mapping overridable (`--mapping … extends: rt`): the exact Results.tsv column titles
 * (they follow the search format), date formats (TSV `YYYY-MM-DD HH:MM:SS`, REST1 `Mon Mar 04 10:15:02 2019`,
 * `Not set` for no date), TimeWorked in minutes, and the priority buckets: numeric 0–99 (higher = more urgent)
 * is bucketed 67+ → 2 (high), 34–66 → 3 (medium), 0–33 → 4 (low), matching RT 5's Low/Medium/High names.
 * `Nobody` (no owner) and `Not set` read as empty. RT has no ITIL type: kind = incident. First response and
 * reassignments need the transactions; SLA needs Due vs Resolved (a two-column comparison).
 */
export const rt: SourceAdapter = {
  id: 'rt',
  name: 'Request Tracker',
  notes: 'Results.tsv search export and REST records. Priority 0–99 (higher = more urgent) bucketed to 2/3/4; Low/Medium/High names.',
  signature: {
    'requestors': 5,
    'told': 5,
    'timeworked': 5,
    'timeleft': 5,
    'timeestimated': 5,
    'finalpriority': 5,
    'initialpriority': 5,
    'admincc': 5,
    'time worked': 3,
    'time left': 3,
    'time estimated': 3,
    'final priority': 3,
    'initial priority': 3,
    'starts': 2,
    'started': 1,
    'lastupdated': 1,
    'queue': 0.5,
  },
  nullValues: ['Nobody', 'Not set'],
  vocab: {
    status: {
      map: {
        new: 'new', open: 'in_progress', stalled: 'pending', resolved: 'resolved', rejected: 'cancelled', deleted: 'cancelled',
      },
    },
    priority: {
      map: { high: 2, medium: 3, low: 4 },
      patterns: [
        ['^\\s*(6[7-9]|[7-9][0-9]|[1-9][0-9]{2,})\\s*$', 2],
        ['^\\s*(3[4-9]|[45][0-9]|6[0-6])\\s*$', 3],
        ['^\\s*([0-9]|[12][0-9]|3[0-3])\\s*$', 4],
      ],
      otherwise: null,
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Tickets',
      fields: {
        source_id: ['id', 'ticket id'],
        kind: { value: 'incident' },
        title: ['subject'],
        status: { from: 'status', vocab: 'status' },
        priority: { from: ['priority', 'finalpriority'], vocab: 'priority' },
        category: ['queue', 'queuename'],
        assignment_group: ['queue', 'queuename'],
        assignee: ['owner', 'ownername'],
        requester: ['requestors', 'requestor'],
        opened_by: ['creator'],
        opened_at: ['created'],
        resolved_at: ['resolved'],
        closed_at: ['resolved'],
        updated_at: ['lastupdated', 'last updated'],
        due_at: ['due'],
        handle_time_hours: { from: ['timeworked', 'time worked'], scale: 1 / 60 },
      },
    },
  ],
};
