import type { SourceAdapter, Vocab } from './types.js';

/**
 * iTop (Combodo). Facts: export-formats.md §10. CSV export with attribute codes (`ref, title, status,
 * start_date, sla_ttr_passed …`, external keys as `team_id_friendlyname` or `caller_id->friendlyname`) or
 * with user-friendly labels (`Ref, Title, Status, Start date, SLA ttr passed, TTR Deadline, Hot Flag …`).
 *
 * Verified [V]: UserRequest attribute codes and value codes from the iTop English dictionary (status new,
 * escalated_tto, assigned, escalated_ttr, waiting_for_approval, approved, rejected, pending, resolved, closed;
 * request_type incident/service_request; priority and urgency 1 Critical … 4 Low — same direction as
 * canonical; impact 1 A department, 2 A service, 3 A person; origin codes; user_satisfaction 1 Very satisfied …
 * 4 Very dissatisfied), Change classes and status codes.
 * `sla_ttr_passed` = the resolution deadline was passed (breached) → sla_met = NOT passed. Some integrators read
 * it the other way (§10.1): check it on the first real file, and override the `passed` vocabulary if needed.
 * Unverified [K]/[?] — keep the mapping overridable (`--mapping … extends: itop`):
 * - the exact English labels of the friendly CSV export (`SLA ttr passed`, `TTR Deadline` …) and the
 *   `yes`/`no` vs `1`/`0` values [K]; ref prefixes R- (request), I- (incident), C- (change) [K];
 * - date format `YYYY-MM-DD HH:MM:SS` in the server zone [K] (pass --timezone);
 * - first response = `assignment_date` (TTO stops on assignment) — an approximation;
 * - CIs (FunctionalCI subclasses) entirely [K]. Problems (`Problem` class): no known export columns, not read.
 * Not exported flat: reopen and reassignment counts (history only). Changes have no outcome attribute
 * out of the box (closed vs rejected/notapproved only): outcome stays empty.
 */

const level: Vocab = {
  map: { critical: 1, high: 2, medium: 3, low: 4 },
  patterns: [['^\\s*([1-4])\\b', '$1']],
  otherwise: null,
};

export const itop: SourceAdapter = {
  id: 'itop',
  name: 'iTop',
  notes: 'CSV export (attribute codes or friendly labels) of UserRequest/Incident and Change; CIs [K].',
  signature: {
    ref: 2,
    'sla tto passed': 5,
    'sla ttr passed': 5,
    'sla tto over': 5,
    'sla ttr over': 5,
    'tto escalation deadline': 5,
    'ttr escalation deadline': 5,
    'tto deadline': 5,
    'ttr deadline': 5,
    'hot flag': 5,
    'escalation flag': 3,
    'escalation reason': 3,
    tto: 2,
    ttr: 2,
    finalclass: 3,
    'team id friendlyname': 5,
    'agent id friendlyname': 5,
    'caller id friendlyname': 5,
    'org id friendlyname': 3,
    'team id->friendlyname': 5,
    'agent id->friendlyname': 5,
    'caller id->friendlyname': 5,
    'team id->name': 3,
    'org id->name': 3,
    'last pending date': 5,
    cumulatedpending: 5,
    'servicesubcategory id': 5,
    'servicesubcategory name': 5,
    'service subcategory': 2,
    'parent request id': 3,
    'parent incident id': 3,
    'parent problem id': 3,
    'parent change id': 3,
    'user satisfaction': 3,
    'resolution delay': 3,
    'pending reason': 2,
    'assignment date': 2,
    'start date': 1,
    'resolution date': 1,
    'close date': 1,
    'last update': 0.5,
    origin: 1,
    // change
    'supervisor group id': 5,
    'manager group id': 5,
    'requestor id': 5,
    'related request list': 5,
    'related problems list': 5,
    'related incident list': 5,
    'acceptance date': 3,
    'supervisor team': 3,
    'manager team': 3,
    'fallback plan': 3,
    fallback: 2,
    // CIs [K]
    'business criticity': 5,
    move2production: 5,
    'move to production date': 5,
    'end of warranty': 3,
    serialnumber: 3,
    'asset number': 2,
    'brand id': 3,
  },
  idPattern: '^[RIC]-[0-9]{4,}$',
  vocab: {
    kind: {
      map: {
        incident: 'incident', service_request: 'service_request', 'service request': 'service_request',
        userrequest: 'service_request', 'user request': 'service_request',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        new: 'new', escalated_tto: 'new', 'escalated tto': 'new', 'tto escalated': 'new', assigned: 'assigned',
        escalated_ttr: 'in_progress', 'escalated ttr': 'in_progress', 'ttr escalated': 'in_progress',
        waiting_for_approval: 'pending', 'waiting for approval': 'pending', approved: 'new', rejected: 'cancelled',
        pending: 'pending', resolved: 'resolved', closed: 'closed',
      },
    },
    level,
    impact: { map: { 'a department': 1, 'a service': 2, 'a person': 3 }, patterns: [['^\\s*([1-3])\\b', '$1']], otherwise: null },
    channel: {
      map: {
        in_person: 'walk_in', 'in person': 'walk_in', chat: 'chat', mail: 'email', email: 'email', 'e-mail': 'email',
        monitoring: 'monitoring', phone: 'phone', telephone: 'phone', portal: 'portal',
      },
    },
    passed: { map: { yes: false, no: true, '1': false, '0': true, true: false, false: true }, otherwise: null },
    csat: {
      map: { '1': 1, '2': 0.6667, '3': 0.3333, '4': 0, 'very satisfied': 1, 'fairly satisfied': 0.6667, 'rather dissatisfied': 0.3333, 'rather dissatified': 0.3333, 'very dissatisfied': 0 },
      otherwise: null,
    },
    change_type: {
      map: {
        routinechange: 'standard', 'routine change': 'standard', normalchange: 'normal', 'normal change': 'normal',
        emergencychange: 'emergency', 'emergency change': 'emergency',
      },
    },
    change_status: {
      map: {
        new: 'draft', validated: 'assess', rejected: 'cancelled', assigned: 'assess', plannedscheduled: 'scheduled',
        'planned and scheduled': 'scheduled', approved: 'scheduled', notapproved: 'cancelled', 'not approved': 'cancelled',
        implemented: 'review', monitored: 'review', closed: 'closed',
      },
    },
    asset_status: {
      map: { production: 'in_use', implementation: 'on_order', stock: 'in_stock', obsolete: 'retired' },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'UserRequest',
      tokens: { 'sla ttr passed': 3, 'sla tto passed': 3, 'request type': 2, 'ttr deadline': 2, 'tto deadline': 2 },
      idPrefixes: ['R-', 'I-'],
      fields: {
        source_id: ['ref'],
        kind: { from: ['request type', 'finalclass', 'class'], vocab: 'kind', value: 'incident' },
        title: ['title'],
        description: ['description'],
        status: { from: 'status', vocab: 'status' },
        priority: { from: 'priority', vocab: 'level' },
        impact: { from: 'impact', vocab: 'impact' },
        urgency: { from: 'urgency', vocab: 'level' },
        service: ['service id friendlyname', 'service name', 'service id->name', 'service'],
        subcategory: ['servicesubcategory id friendlyname', 'servicesubcategory name', 'service subcategory'],
        ci_name: ['functionalcis list'],
        assignment_group: ['team id friendlyname', 'team id->friendlyname', 'team id->name', 'team name', 'team'],
        assignee: ['agent id friendlyname', 'agent id->friendlyname', 'agent name', 'agent'],
        requester: ['caller id friendlyname', 'caller id->friendlyname', 'caller name', 'caller'],
        channel: { from: 'origin', vocab: 'channel' },
        opened_at: ['start date'],
        first_assigned_at: ['assignment date'],
        first_response_at: ['assignment date'],
        resolved_at: ['resolution date'],
        closed_at: ['close date'],
        updated_at: ['last update'],
        due_at: ['ttr escalation deadline', 'ttr deadline'],
        sla_met: { from: ['sla ttr passed'], vocab: 'passed' },
        resolution_code: ['resolution code'],
        problem_ref: ['parent problem id friendlyname', 'parent problem ref', 'parent problem id->ref', 'parent problem'],
        change_ref: ['parent change id friendlyname', 'parent change ref', 'parent change id->ref', 'parent change'],
        related_ticket_ref: ['parent request id friendlyname', 'parent incident id friendlyname', 'parent request ref', 'parent incident ref', 'parent request', 'parent incident'],
        csat_score: { from: 'user satisfaction', vocab: 'csat' },
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'Change',
      tokens: { 'supervisor group id': 3, 'manager group id': 3, 'requestor id': 3, fallback: 2, outage: 2, 'creation date': 2, 'supervisor team': 3 },
      idPrefixes: ['C-'],
      fields: {
        source_id: ['ref'],
        title: ['title'],
        change_type: { from: ['finalclass', 'class', 'type'], vocab: 'change_type' },
        status: { from: 'status', vocab: 'change_status' },
        service: ['service id friendlyname', 'service'],
        ci_name: ['functionalcis list'],
        assignment_group: ['team id friendlyname', 'team id->friendlyname', 'team'],
        assignee: ['agent id friendlyname', 'agent id->friendlyname', 'agent'],
        requested_by: ['requestor id friendlyname', 'requestor id->friendlyname', 'requestor'],
        opened_at: { from: ['creation date'], fallback: ['start date'] },
        closed_at: ['close date'],
        planned_start: ['start date'],
        planned_end: ['end date'],
      },
    },
    {
      object: 'asset',
      table: 'asset',
      sourceTable: 'FunctionalCI',
      tokens: { 'business criticity': 3, move2production: 3, serialnumber: 2, 'asset number': 2 },
      fields: {
        source_id: { from: ['name'], fallback: ['id'] },
        name: ['name', 'friendlyname'],
        asset_tag: ['asset number'],
        serial_number: ['serialnumber', 'serial number'],
        class: ['finalclass', 'class', 'ci sub-class'],
        status: { from: 'status', vocab: 'asset_status' },
        model: ['model id friendlyname', 'model id->name', 'model'],
        manufacturer: ['brand id friendlyname', 'brand id->name', 'brand'],
        location: ['location id friendlyname', 'location id->name', 'location'],
        purchase_date: ['purchase date'],
        warranty_end: ['end of warranty'],
        install_date: ['move2production', 'move to production date'],
      },
    },
  ],
};
