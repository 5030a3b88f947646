import type { FieldRule, SourceAdapter, Vocab } from './types.js';

/**
 * GLPI. Facts: export-formats.md §9. Two header styles:
 * - database / REST API names (`glpi_tickets`: `id, name, date, solvedate, closedate, status, type, priority,
 *   takeintoaccount_delay_stat …`) [V: a real DB dump and a real API response]; dates `YYYY-MM-DD HH:MM:SS`
 *   (UTC in GLPI ≥ 10 [K]). Actors (requester, technician, group) are in link tables and not in this form.
 * - the search-list CSV export (`;`, English labels: `ID; Title; Status; Opening date; Priority;
 *   Requester - Requester; Assigned to - Technician; Assigned to - Technician group; Time to resolve exceeded …`)
 *   [V search-option labels]; dates in the user's preference (YYYY-MM-DD, DD-MM-YYYY or MM-DD-YYYY) and zone.
 *
 * Verified [V]: status codes 1 New, 2 Processing (assigned), 3 Processing (planned), 4 Pending, 5 Solved,
 * 6 Closed (7–12 for changes/problems), type 1 Incident / 2 Request, priority 1 Very low … 5 Very high,
 * 6 Major and urgency/impact 1..5 (higher = more urgent: reversed here, priority 6 Major → 1 … 1 Very low → 6,
 * impact/urgency 5 → 1 … 1 → 5), `*_delay_stat`/`actiontime` in seconds, `time_to_resolve` = SLA deadline.
 * Unverified [K]/[?] — keep the mapping overridable (`--mapping … extends: glpi`):
 * - `Time to resolve exceeded` values Yes/No (→ sla_met = not exceeded) [V label, K values];
 * - request-source ids 1 Helpdesk, 2 E-Mail, 3 Phone, 4 Direct, 5 Written, 6 Other (default install) [K];
 * - satisfaction 0..5 read as score/5 [K];
 * - changes, problems and computers: DB column names from prior knowledge (§9.4, [K]); change status codes
 *   (1 New, 9 Evaluation, 10 Approval, 7 Accepted, 4 Pending, 11 Test, 12 Qualification, 5 Applied, 8 Review,
 *   6 Closed, 13 Canceled, 14 Refused) and `global_validation` (1 none, 2 waiting, 3 accepted, 4 refused) [K].
 * Not in a flat export: first response as an instant (DB gives `date` + `takeintoaccount_delay_stat` seconds:
 * needs timestamp + seconds arithmetic in the pipeline), the SLA flag in the DB form (`solvedate` >
 * `time_to_resolve`: needs a column comparison), reopen and reassignment counts (glpi_logs).
 * Localised CSV labels (fr/de/es/pt …) are not mapped yet.
 */

const priority: Vocab = {
  map: {
    '6': 1, '5': 2, '4': 3, '3': 4, '2': 5, '1': 6,
    major: 1, 'very high': 2, high: 3, medium: 4, low: 5, 'very low': 6,
  },
  otherwise: null,
};

const level5: Vocab = {
  map: { '5': 1, '4': 2, '3': 3, '2': 4, '1': 5, 'very high': 1, high: 2, medium: 3, low: 4, 'very low': 5 },
  otherwise: null,
};

const base: Record<string, FieldRule> = {
  source_id: ['id'],
  title: ['name', 'title'],
  priority: { from: 'priority', vocab: 'priority' },
  category: ['category', 'itilcategories id'],
  assignment_group: ['assigned to - technician group', 'assigned to - group'],
  assignee: ['assigned to - technician'],
  opened_at: ['date', 'opening date'],
  closed_at: ['closedate', 'closing date'],
};

export const glpi: SourceAdapter = {
  id: 'glpi',
  name: 'GLPI',
  notes: 'Ticket search-list CSV (English labels) and DB/API column names; changes, problems and computers from DB column names [K].',
  signature: {
    // DB / API
    solvedate: 5,
    closedate: 5,
    'takeintoaccount delay stat': 5,
    'solve delay stat': 5,
    'close delay stat': 5,
    'itilcategories id': 5,
    'users id recipient': 5,
    'users id lastupdater': 5,
    'requesttypes id': 5,
    'slas id ttr': 5,
    'slas id tto': 5,
    'sla waiting duration': 3,
    'entities id': 3,
    'global validation': 3,
    'internal time to resolve': 3,
    'date mod': 2,
    'date creation': 1,
    'time to own': 2,
    'time to resolve': 2,
    actiontime: 3,
    // search-list CSV labels
    'requester - requester': 5,
    'assigned to - technician': 5,
    'assigned to - technician group': 5,
    'time to resolve exceeded': 5,
    'time to own exceeded': 5,
    'sla - sla time to resolve': 5,
    'solution - solution type': 5,
    'satisfaction survey - satisfaction': 5,
    'opening date': 3,
    'closing date': 3,
    'associated elements': 3,
    'request source': 3,
    'resolution date': 1,
    entity: 1,
    'last update': 0.5,
    // changes / problems [K]
    rolloutplancontent: 5,
    backoutplancontent: 5,
    controlistcontent: 5,
    checklistcontent: 3,
    causecontent: 5,
    symptomcontent: 5,
    impactcontent: 3,
    // computers [K]
    otherserial: 5,
    'computermodels id': 5,
    'computertypes id': 5,
    'users id tech': 3,
    'groups id tech': 3,
    'operating system - name': 5,
    'components - processor': 5,
    'inventory number': 2,
  },
  vocab: {
    kind: { map: { '1': 'incident', incident: 'incident', '2': 'service_request', request: 'service_request' }, otherwise: 'other' },
    status: {
      map: {
        '1': 'new', new: 'new', '2': 'assigned', 'processing (assigned)': 'assigned', '3': 'in_progress',
        'processing (planned)': 'in_progress', '4': 'pending', pending: 'pending', '5': 'resolved', solved: 'resolved',
        '6': 'closed', closed: 'closed',
      },
    },
    priority,
    level5,
    channel: {
      map: {
        helpdesk: 'portal', '1': 'portal', 'e-mail': 'email', email: 'email', '2': 'email', phone: 'phone', '3': 'phone',
        direct: 'walk_in', '4': 'walk_in', written: 'other', '5': 'other', other: 'other', '6': 'other', 'formcreator': 'portal',
      },
    },
    not_exceeded: { map: { yes: false, no: true, '1': false, '0': true, true: false, false: true }, otherwise: null },
    csat: { map: { '0': 0, '1': 0.2, '2': 0.4, '3': 0.6, '4': 0.8, '5': 1 }, otherwise: null },
    change_status: {
      map: {
        '1': 'draft', new: 'draft', '9': 'assess', evaluation: 'assess', '10': 'authorize', approval: 'authorize',
        '7': 'scheduled', accepted: 'scheduled', '4': 'other', pending: 'other', '11': 'implement', test: 'implement',
        '12': 'implement', qualification: 'implement', '5': 'review', applied: 'review', solved: 'review', '8': 'review', review: 'review',
        '6': 'closed', closed: 'closed', '13': 'cancelled', canceled: 'cancelled', cancelled: 'cancelled', '14': 'cancelled', refused: 'cancelled',
      },
    },
    approval: {
      map: { '1': 'not_requested', none: 'not_requested', '2': 'requested', 'waiting for approval': 'requested', '3': 'approved', granted: 'approved', accepted: 'approved', '4': 'rejected', refused: 'rejected' },
    },
    problem_status: {
      map: {
        '1': 'new', new: 'new', '7': 'assess', accepted: 'assess', '2': 'root_cause_analysis', 'processing (assigned)': 'root_cause_analysis',
        '3': 'fix_in_progress', 'processing (planned)': 'fix_in_progress', '4': 'other', pending: 'other', '5': 'resolved', solved: 'resolved',
        '8': 'resolved', 'under observation': 'resolved', observed: 'resolved', '6': 'closed', closed: 'closed',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'glpi_tickets',
      tokens: { 'takeintoaccount delay stat': 3, 'requesttypes id': 2, 'time to resolve exceeded': 3, 'requester - requester': 2, type: 1, 'users id recipient': 2 },
      fields: {
        ...base,
        kind: { from: 'type', vocab: 'kind', value: 'incident' },
        description: ['content', 'description'],
        status: { from: 'status', vocab: 'status' },
        impact: { from: 'impact', vocab: 'level5' },
        urgency: { from: 'urgency', vocab: 'level5' },
        ci_name: ['associated elements'],
        requester: ['requester - requester'],
        opened_by: ['users id recipient', 'writer'],
        location: ['location', 'locations id'],
        channel: { from: ['request source', 'requesttypes id'], vocab: 'channel' },
        resolved_at: ['solvedate', 'resolution date'],
        updated_at: ['date mod', 'last update'],
        due_at: ['time to resolve'],
        sla_met: { from: 'time to resolve exceeded', vocab: 'not_exceeded' },
        handle_time_hours: { from: 'actiontime', scale: 1 / 3600 },
        resolution_code: ['solution - solution type'],
        csat_score: { from: 'satisfaction survey - satisfaction', vocab: 'csat' },
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'glpi_changes',
      tokens: { rolloutplancontent: 5, backoutplancontent: 5, controlistcontent: 3, checklistcontent: 2 },
      fields: {
        ...base,
        status: { from: 'status', vocab: 'change_status' },
        approval: { from: 'global validation', vocab: 'approval' },
        opened_at: ['date', 'opening date'],
        closed_at: ['closedate', 'closing date'],
        // No native planned window on the change itself (ChangeTask begin/end) nor change type.
      },
    },
    {
      object: 'problem',
      table: 'problem',
      sourceTable: 'glpi_problems',
      tokens: { causecontent: 5, symptomcontent: 5 },
      fields: {
        ...base,
        status: { from: 'status', vocab: 'problem_status' },
        root_cause: ['causecontent'],
        resolved_at: ['solvedate', 'resolution date'],
      },
    },
    {
      object: 'asset',
      table: 'asset',
      sourceTable: 'glpi_computers',
      tokens: { otherserial: 5, 'computermodels id': 3, 'computertypes id': 3, 'operating system - name': 3, 'inventory number': 2, serial: 2 },
      fields: {
        source_id: { from: ['id'], fallback: ['name'] },
        name: ['name'],
        asset_tag: ['otherserial', 'inventory number'],
        serial_number: ['serial', 'serial number'],
        class: ['computertypes id', 'type'],
        model: ['computermodels id', 'model'],
        manufacturer: ['manufacturers id', 'manufacturer'],
        assigned_to: ['users id', 'user'],
        owner: ['users id tech', 'technician in charge of the hardware'],
        support_group: ['groups id tech', 'group in charge of the hardware'],
        location: ['locations id', 'location'],
        updated_at: ['date mod', 'last update'],
      },
    },
  ],
};
