import type { FieldRule, SourceAdapter, Vocab } from './types.js';

/**
 * Freshservice (Freshworks' ITSM product) and Freshdesk (its customer-support sibling). Facts:
 * export-formats.md §6. Both export tickets with nearly the same column set (`Ticket Id`, `First Response
 * Time (in Hrs)`, `Resolution Status` …) and header case is not a signal after normalisation, so the two are
 * told apart by the columns only one of them has:
 * - Freshservice: ITSM fields `Urgency`, `Impact`, `Category`, `Sub-Category`, `Item`, `Requester VIP`,
 *   `Requester Location`, `Major incident type`, `Association type`, `Experience Score`, `Last Updated Time`,
 *   `Survey Result`; API names `item_category`, `fr_escalated` …
 * - Freshdesk: `Every response status`, `Survey results`, `Last update time`, `Contact ID`, `Full name`,
 *   `Product`, no Urgency/Impact/Item.
 * The shared columns weigh the same for both, so only those differences decide.
 *
 * Verified [V]: the Freshservice ticket export header, the Freshdesk header, API status codes (2 Open,
 * 3 Pending, 4 Resolved, 5 Closed) and priority codes (1 Low … 4 Urgent: higher = more urgent, reversed here).
 * Unverified [K]/[?] — keep the mapping overridable (`--mapping … extends: freshservice`):
 * - `Resolution Status` values "Within SLA" / "SLA Violated" → sla_met [K]; API `is_escalated` read as breached [K];
 * - Type values Incident / Service Request [K]; impact/urgency 1 Low … 3 High [K]; Source names and codes [K];
 * - `Open` has no "new vs being worked" split: mapped to in_progress;
 * - changes and assets: only API field names are known (§6.4, [K]); they are mapped from those names.
 *   Problems and releases: no known export columns, not read.
 * Not exported: reopen and reassignment counts (activities API only). `Agent interactions` is not a
 * reassignment count and stays in `extra`.
 *
 * Major incidents (issue 24): verified [V] that the ticket export carries `Major incident type` (with `Business
 * impact`, `Impacted locations`, `No. of customers impacted`) and that the API names it
 * `custom_fields.major_incident_type`, a built-in dropdown (column `ffs_01`, field_type custom_dropdown, value
 * null on an ordinary ticket) [V: public Freshservice ticket payloads and field definitions; export-formats.md
 * §6.1]. Assumed [?]: its choices are the tenant's own (no default list was found), so any chosen type marks the
 * ticket a major incident, a `None`/`No`/`-` choice marks it not one, and an empty cell says nothing (the
 * project's priority rule decides, as for a ServiceNow incident without major_incident_state) — an empty cell
 * also fills every ticket of a tenant that does not use Major Incident Management.
 */

/** Columns both Freshworks products export, weighted the same in both signatures. */
const SHARED: Record<string, number> = {
  'ticket id': 2,
  'first response time (in hrs)': 2,
  'resolution time (in hrs)': 2,
  'resolution status': 2,
  'first response status': 2,
  'initial response time': 2,
  'agent interactions': 2,
  'customer interactions': 2,
  'due by time': 1,
  'time tracked': 1,
  'fr due by': 1,
  'fr escalated': 1,
  'is escalated': 1,
  'responder id': 1,
};

const priority: Vocab = {
  map: { urgent: 1, high: 2, medium: 3, low: 4, '4': 1, '3': 2, '2': 3, '1': 4 },
  otherwise: null,
};

const ticketStatus: Vocab = {
  map: {
    open: 'in_progress', '2': 'in_progress', pending: 'pending', '3': 'pending', resolved: 'resolved', '4': 'resolved',
    closed: 'closed', '5': 'closed', 'in progress': 'in_progress', new: 'new', assigned: 'assigned',
    'waiting on customer': 'pending', 'waiting on third party': 'pending', 'awaiting customer': 'pending', 'on hold': 'pending',
    cancelled: 'cancelled', canceled: 'cancelled', deleted: 'cancelled', spam: 'cancelled',
  },
  patterns: [['^(waiting|awaiting|on hold|pending)', 'pending']],
};

/** `Resolution Status` (Within SLA / SLA Violated) and the API's `is_escalated` (true = breached). */
const slaStatus: Vocab = {
  map: { 'within sla': true, 'sla violated': false, violated: false, true: false, false: true },
  patterns: [['violat|breach|overdue', false], ['within', true]],
  otherwise: null,
};

const commonTicket: Record<string, FieldRule> = {
  source_id: ['ticket id', 'id', 'display id'],
  title: ['subject'],
  description: ['description', 'description text'],
  status: { from: 'status', vocab: 'status' },
  priority: { from: 'priority', vocab: 'priority' },
  assignment_group: ['group', 'group name'],
  assignee: ['agent', 'agent name'],
  opened_at: ['created time', 'created at'],
  first_response_at: ['initial response time', 'stats.first responded at', 'first responded at'],
  resolved_at: ['resolved time', 'stats.resolved at', 'resolved at'],
  closed_at: ['closed time', 'stats.closed at', 'closed at'],
  updated_at: ['last updated time', 'last update time', 'updated at'],
  due_at: ['due by time', 'due by'],
  sla_met: { from: ['resolution status', 'is escalated'], vocab: 'sla_status' },
};

export const freshservice: SourceAdapter = {
  id: 'freshservice',
  name: 'Freshservice',
  notes:
    'Ticket CSV export (display labels) and API v2 field names; changes and assets from API field names only [K]. Told apart from Freshdesk by its ITSM columns.',
  signature: {
    ...SHARED,
    'requester vip': 5,
    'major incident type': 5,
    'no. of customers impacted': 5,
    'item category': 5,
    'requester location': 3,
    'association type': 3,
    'experience score': 3,
    'impacted locations': 3,
    'business impact': 2,
    'last updated time': 2,
    'survey result': 2,
    'sub-category': 2,
    'affected ci': 2,
    'requester name': 1,
    'requester email': 1,
    urgency: 1,
    impact: 1,
    item: 1,
    // changes [K]
    'planned start date': 2,
    'planned end date': 2,
    'change type': 1,
    // assets [K]
    'asset type id': 5,
    'usage type': 5,
    'assigned on': 2,
    'acquisition date': 2,
  },
  vocab: {
    kind: {
      map: { incident: 'incident', 'service request': 'service_request', service_request: 'service_request' },
      otherwise: 'other',
    },
    status: ticketStatus,
    priority,
    // impact / urgency: 1 Low, 2 Medium, 3 High [K] → 1 = highest
    level3: { map: { high: 1, medium: 2, low: 3, '3': 1, '2': 2, '1': 3 }, otherwise: null },
    channel: {
      map: {
        email: 'email', '1': 'email', portal: 'portal', '2': 'portal', phone: 'phone', '3': 'phone', chat: 'chat', '4': 'chat',
        'feedback widget': 'portal', '5': 'portal', yammer: 'chat', '6': 'chat', 'aws cloudwatch': 'monitoring', '7': 'monitoring',
        pagerduty: 'monitoring', '8': 'monitoring', walkup: 'walk_in', 'walk-up': 'walk_in', '9': 'walk_in', slack: 'chat', '10': 'chat',
        'ms teams': 'chat', 'microsoft teams': 'chat', 'service desk': 'portal', monitoring: 'monitoring',
      },
    },
    sla_status: slaStatus,
    // `Major incident type`: a chosen type = major; an explicit none = not [?: choices are the tenant's]
    major_incident_type: {
      patterns: [['^\\s*(none|no|not major|not a major incident|n/?a|-+)\\s*$', false]],
      otherwise: true,
    },
    // changes [K]: status 1 Open, 2 Planning, 3 Awaiting Approval, 4 Pending Release, 5 Pending Review, 6 Closed
    change_status: {
      map: {
        open: 'draft', '1': 'draft', planning: 'assess', '2': 'assess', 'awaiting approval': 'authorize', '3': 'authorize',
        'pending release': 'scheduled', '4': 'scheduled', 'pending review': 'review', '5': 'review', closed: 'closed', '6': 'closed',
        rejected: 'cancelled', cancelled: 'cancelled',
      },
    },
    // change_type 1 Minor, 2 Standard, 3 Major, 4 Emergency [K]: minor and major are normal changes of different size
    change_type: {
      map: { minor: 'normal', '1': 'normal', standard: 'standard', '2': 'standard', major: 'normal', '3': 'normal', emergency: 'emergency', '4': 'emergency', normal: 'normal' },
    },
    // risk 1 Low, 2 Medium, 3 High, 4 Very High [K] → 1 = highest
    risk: { map: { 'very high': 1, '4': 1, high: 2, '3': 2, medium: 3, '2': 3, low: 4, '1': 4 }, otherwise: null },
    approval: {
      map: { approved: 'approved', rejected: 'rejected', requested: 'requested', 'pending approval': 'requested', pending: 'requested', 'not requested': 'not_requested' },
    },
    asset_status: {
      map: { 'in use': 'in_use', 'in stock': 'in_stock', missing: 'missing', retired: 'retired', disposed: 'disposed', 'in repair': 'in_maintenance' },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'tickets',
      tokens: { 'ticket id': 3, 'first response time (in hrs)': 2, 'resolution status': 2, urgency: 1 },
      idPrefixes: ['INC-', 'SR-'],
      fields: {
        ...commonTicket,
        kind: { from: ['type', 'ticket type'], vocab: 'kind', value: 'incident' },
        impact: { from: 'impact', vocab: 'level3' },
        urgency: { from: 'urgency', vocab: 'level3' },
        category: ['category'],
        subcategory: ['sub-category', 'sub category'],
        ci_name: ['affected ci'],
        requester: ['requester name', 'requester email'],
        location: ['requester location'],
        channel: { from: 'source', vocab: 'channel' },
        major_incident: { from: ['major incident type', 'custom fields.major incident type'], vocab: 'major_incident_type' },
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'changes',
      tokens: { 'planned start date': 3, 'planned end date': 3, 'change type': 3, risk: 2 },
      idPrefixes: ['CHN-'],
      fields: {
        source_id: ['change id', 'display id', 'id'],
        title: ['subject'],
        change_type: { from: 'change type', vocab: 'change_type' },
        status: { from: 'status', vocab: 'change_status' },
        risk: { from: 'risk', vocab: 'risk' },
        priority: { from: 'priority', vocab: 'priority' },
        approval: { from: 'approval status', vocab: 'approval' },
        category: ['category'],
        assignment_group: ['group', 'group id'],
        assignee: ['agent', 'agent id'],
        requested_by: ['requester', 'requester id'],
        opened_at: ['created time', 'created at'],
        closed_at: ['closed time', 'closed at'],
        planned_start: ['planned start date'],
        planned_end: ['planned end date'],
      },
    },
    {
      object: 'asset',
      table: 'asset',
      sourceTable: 'assets',
      tokens: { 'asset type id': 3, 'usage type': 3, 'asset tag': 2, 'asset state': 2 },
      fields: {
        source_id: { from: ['display id', 'asset tag'], fallback: ['name', 'display name'] },
        name: ['name', 'display name'],
        asset_tag: ['asset tag'],
        serial_number: ['serial number', 'type fields.serial number'],
        class: ['asset type', 'asset type id'],
        status: { from: ['asset state', 'type fields.asset state'], vocab: 'asset_status' },
        model: ['product', 'type fields.product'],
        assigned_to: ['used by', 'user id'],
        support_group: ['managed by group', 'group id'],
        location: ['location', 'location id'],
        department: ['department', 'department id'],
        cost: ['cost', 'type fields.cost'],
        purchase_date: ['acquisition date', 'type fields.acquisition date'],
        warranty_end: ['warranty expiry date', 'type fields.warranty expiry date'],
        updated_at: ['updated at', 'last updated time'],
      },
    },
  ],
};

export const freshdesk: SourceAdapter = {
  id: 'freshdesk',
  name: 'Freshdesk',
  notes:
    'Customer-support ticket CSV export (no ITSM fields); read so that it is not taken for Freshservice. Types are customer-service types (Question, Incident, Problem, Feature Request…).',
  signature: {
    ...SHARED,
    'every response status': 5,
    'survey results': 5,
    'last update time': 2,
    'contact id': 2,
    'full name': 1,
    product: 1,
  },
  vocab: {
    // Freshdesk default types [K]: Question, Incident, Problem, Feature Request, Refund
    kind: { map: { incident: 'incident', question: 'service_request', problem: 'incident', 'service request': 'service_request' }, otherwise: 'other' },
    status: ticketStatus,
    priority,
    channel: {
      map: {
        email: 'email', '1': 'email', portal: 'portal', '2': 'portal', phone: 'phone', '3': 'phone', chat: 'chat', '7': 'chat',
        'feedback widget': 'portal', '9': 'portal', 'outbound email': 'email', '10': 'email', forum: 'portal', twitter: 'other',
        facebook: 'other', whatsapp: 'chat', 'mobihelp': 'portal',
      },
    },
    sla_status: slaStatus,
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'tickets',
      fields: {
        ...commonTicket,
        kind: { from: ['type', 'ticket type'], vocab: 'kind', value: 'incident' },
        requester: ['full name', 'email', 'contact id'],
        channel: { from: 'source', vocab: 'channel' },
      },
    },
  ],
};
