import type { FieldRule, SourceAdapter, Vocab } from './types.js';

/**
 * Zendesk Support ticket CSV export (Admin → Account → Tools → Reports export; Explore exports use the same
 * metric names). Facts: export-formats.md §7. Zendesk has no change or asset objects; tickets of type
 * `problem` are Zendesk's problem records (incidents link to them) and go to the problem table.
 *
 * Verified [V]: the column list and its semantics from Zendesk's export article — dates in the account's
 * default time zone (pass --timezone), `Reopens` = Solved→Open transitions, `Group stations` /
 * `Assignee stations` count assignments including the first, `Satisfaction Score` ∈ Not Offered / Offered /
 * Good / Bad; the real sample in ../shared/data/format-samples/zendesk (Excel round-tripped, `DD-MM-YYYY HH:MM`).
 * Unverified [K] — keep the mapping overridable (`--mapping … extends: zendesk`):
 * - status values new/open/pending/hold/solved/closed, priority urgent/high/normal/low, ticket types
 *   problem/incident/question/task and their kinds (question and task → service_request; no type → incident);
 * - `Via` names other than Mail [K].
 * Derived: reassignment_count = `Assignee stations` − 1 (never below 0; an unassigned ticket has 0 stations).
 * Not in the CSV: an SLA flag (SLAs live in ticket metric events, API only) → sla_met stays empty; the
 * first-response instant: only `First reply time in minutes` after `Created at` is exported, and turning
 * that into `first_response_at` needs timestamp + minutes arithmetic in the pipeline; closed time.
 */

/** `n` stations → `n − 1` reassignments, as data (the compiler has no arithmetic on numbers but `scale`). */
function stationsToReassignments(max = 1000): Vocab {
  const map: Record<string, number> = { '0': 0 };
  for (let n = 1; n <= max; n++) map[String(n)] = n - 1;
  return { map, otherwise: null };
}

const common: Record<string, FieldRule> = {
  source_id: ['id', 'ticket id'],
  title: ['subject'],
  priority: { from: 'priority', vocab: 'priority' },
  assignment_group: ['group', 'group name'],
  assignee: ['assignee', 'assignee name'],
  opened_at: ['created at'],
  resolved_at: ['solved at'],
};

export const zendesk: SourceAdapter = {
  id: 'zendesk',
  name: 'Zendesk',
  notes: 'Ticket CSV export (Reports export / Explore). Tickets of type problem go to the problem table; no changes or assets in Zendesk.',
  signature: {
    'first reply time in minutes': 5,
    'first reply time in minutes within business hours': 5,
    'first resolution time in minutes': 5,
    'first resolution time in minutes within business hours': 5,
    'full resolution time in minutes': 5,
    'full resolution time in minutes within business hours': 5,
    'requester wait time in minutes': 5,
    'requester wait time in minutes within business hours': 5,
    'agent wait time in minutes': 5,
    'on hold time in minutes': 5,
    'group stations': 5,
    'assignee stations': 5,
    'requester external id': 5,
    'reply time in minutes': 5,
    'initially assigned at': 3,
    'requester domain': 3,
    reopens: 2,
    replies: 2,
    'satisfaction score': 2,
    via: 2,
    'solved at': 2,
    'ticket type': 1,
    'assigned at': 1,
    'requester id': 1,
    'assignee id': 1,
    'created at': 0.5,
    'updated at': 0.5,
  },
  vocab: {
    kind: { map: { incident: 'incident', question: 'service_request', task: 'service_request' }, otherwise: 'other' },
    status: {
      map: {
        new: 'new', open: 'in_progress', pending: 'pending', hold: 'pending', 'on-hold': 'pending', 'on hold': 'pending',
        solved: 'resolved', closed: 'closed', deleted: 'cancelled',
      },
    },
    problem_status: {
      map: {
        new: 'new', open: 'root_cause_analysis', pending: 'other', hold: 'other', 'on-hold': 'other', solved: 'resolved',
        closed: 'closed', deleted: 'cancelled',
      },
    },
    priority: { map: { urgent: 1, high: 2, normal: 3, low: 4 }, otherwise: null },
    channel: {
      map: {
        mail: 'email', email: 'email', 'web form': 'portal', web: 'portal', 'web widget': 'portal', 'help center': 'portal',
        'web service': 'api', api: 'api', voice: 'phone', phone: 'phone', 'phone call (inbound)': 'phone', 'phone call (outbound)': 'phone',
        chat: 'chat', messaging: 'chat', 'native messaging': 'chat', 'mobile sdk': 'portal', mobile: 'portal',
        twitter: 'other', facebook: 'other', 'closed ticket': 'other', sms: 'other', 'any channel': 'other',
      },
    },
    stations: stationsToReassignments(),
    csat: { map: { good: 1, bad: 0 }, otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'tickets',
      fields: {
        ...common,
        kind: { from: ['ticket type', 'type'], vocab: 'kind', value: 'incident' },
        status: { from: 'status', vocab: 'status' },
        category: ['category', 'ticket category [list]', 'category [list]'],
        requester: ['requester', 'requester email', 'requester id'],
        opened_by: ['submitter'],
        channel: { from: ['via', 'via channel'], vocab: 'channel' },
        first_assigned_at: ['initially assigned at'],
        updated_at: ['updated at'],
        due_at: ['due date'],
        reopen_count: ['reopens'],
        reassignment_count: { from: ['assignee stations'], vocab: 'stations' },
        problem_ref: ['problem id'],
        csat_score: { from: 'satisfaction score', vocab: 'csat' },
      },
      routes: [
        {
          column: ['ticket type', 'type'],
          values: ['problem'],
          mapping: {
            object: 'problem',
            table: 'problem',
            sourceTable: 'tickets (problem)',
            fields: {
              ...common,
              status: { from: 'status', vocab: 'problem_status' },
              category: ['category', 'ticket category [list]', 'category [list]'],
            },
          },
        },
      ],
    },
  ],
};
