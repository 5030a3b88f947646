import type { SourceAdapter } from './types.js';

/**
 * Zammad: the reporting Excel export (`lib/excel_sheet/ticket.rb`, display labels) and API ticket records
 * (attribute names). Facts: export-formats.md §15.
 *
 * Verified [V]: the Excel header `#, Title, State, Priority, Group, Owner, Customer, Organization, Create
 * Channel, Sender, Tags, Time Units Total, <custom attributes>, Created At, Updated At, Closed At, Close
 * Escalation At, Close In Min, Close Diff In Min, First Response At, First Response Escalation At, First
 * Response In Min, First Response Diff In Min, Update Escalation At, Update In Min, Update Diff In Min, Last
 * Contact At, Last Contact Agent At, Last Contact Customer At, Article Count, Escalation At`, and the API names
 * (`number, title, state_id, …, close_at, first_response_escalation_at, close_diff_in_min …`).
 * Unverified [K], keep the mapping overridable (`--mapping … extends: zammad`): the state names (new, open,
 * pending reminder, pending close, closed, merged, removed), the priorities ("1 low", "2 normal", "3 high",
 * reversed here to 4/3/2 so that "high" means what it means in other tools), `*_diff_in_min` < 0 ⇒ breached
 * (diff = SLA target − working minutes taken), and the channel (article type) names.
 * Zammad has no resolved state: resolved_at = closed_at = Closed At. No change/problem/asset modules.
 */
export const zammad: SourceAdapter = {
  id: 'zammad',
  name: 'Zammad',
  notes: 'Excel reporting export (labels) and API records. Priority reversed ("3 high" → 2). SLA flag from Close/First Response Diff In Min < 0.',
  signature: {
    'create channel': 5,
    'time units total': 5,
    'first response escalation at': 5,
    'close escalation at': 5,
    'update escalation at': 5,
    'close diff in min': 5,
    'first response diff in min': 5,
    'update diff in min': 5,
    'last contact agent at': 5,
    'last contact customer at': 5,
    'close in min': 3,
    'first response in min': 3,
    'update in min': 3,
    'article count': 3,
    'time unit': 2,
    'escalation at': 2,
    'pending time': 2,
    'close at': 2,
    'state id': 1,
    'priority id': 1,
    'create article type id': 3,
    '#': 1,
  },
  vocab: {
    status: {
      map: {
        new: 'new', open: 'in_progress', 'pending reminder': 'pending', 'pending close': 'pending', closed: 'closed',
        merged: 'cancelled', removed: 'cancelled',
      },
      patterns: [['^pending', 'pending']],
    },
    priority: {
      map: { '3 high': 2, '2 normal': 3, '1 low': 4, high: 2, normal: 3, low: 4 },
      patterns: [
        ['^\\s*3', 2],
        ['^\\s*2', 3],
        ['^\\s*1', 4],
      ],
      otherwise: null,
    },
    channel: {
      map: {
        email: 'email', phone: 'phone', web: 'portal', chat: 'chat', sms: 'chat', 'telegram personal-message': 'chat',
        'facebook feed post': 'other', 'twitter status': 'other', 'twitter direct-message': 'chat', note: 'other',
      },
    },
    sla_diff: { patterns: [['^\\s*-', false], ['^\\s*\\+?[0-9]', true]], otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'tickets',
      fields: {
        source_id: ['#', 'number'],
        kind: { value: 'incident' },
        title: ['title'],
        status: { from: ['state'], vocab: 'status' },
        priority: { from: ['priority'], vocab: 'priority' },
        assignment_group: ['group'],
        assignee: ['owner'],
        requester: ['customer'],
        channel: { from: ['create channel'], vocab: 'channel' },
        opened_at: ['created at'],
        first_response_at: ['first response at'],
        resolved_at: ['closed at', 'close at'],
        closed_at: ['closed at', 'close at'],
        updated_at: ['updated at'],
        due_at: ['close escalation at'],
        sla_met: { from: ['close diff in min', 'solution diff in min'], fallback: 'first response diff in min', vocab: 'sla_diff' },
      },
    },
  ],
};
