import type { SourceAdapter } from './types.js';

/**
 * ManageEngine ServiceDesk Plus (on-premises and Cloud). Facts: export-formats.md §8.
 *
 * Requests: the list/report export with display labels (`Request ID, Subject, Request Status, Technician,
 * DueBy Time, Response DueBy Time, First Response Overdue Status, Overdue Status, ReOpened …`) [V: column
 * lists of real exports], and the API v3 field names (`id, subject, is_overdue, is_first_response_overdue,
 * first_response_due_by_time, responded_time …`, flattened `status.name` …) [V].
 * Unverified [K]/[?] — no real export file with data rows was found; keep the mapping overridable
 * (`--mapping … extends: sdp`):
 * - the date format follows the technician's personal setting (`MMM d, yyyy hh:mm a`, `dd/MM/yyyy hh:mm a` …)
 *   and zone [?]; the API's epoch-millisecond `value`s are not dates to the reader (use `display_value`);
 * - status values beyond Open/Closed/Resolved/Cancelled (On Hold …) [K]; `Open` has no new-vs-worked split and
 *   is read as in_progress;
 * - priority labels are configured per instance; the defaults High > Medium > Normal > Low are assumed, Urgent /
 *   Critical above them [K]; impact/urgency labels likewise [K];
 * - `Overdue Status` / `First Response Overdue Status` are true/false [V labels, K values]: sla_met = NOT overdue;
 * - `ReOpened` is a flag: reopen_count is 0/1 (the count is in the history only);
 * - `Request Mode` values (E-Mail, Web Form, Phone Call …) [K];
 * - changes and assets: column lists from prior knowledge only (§8.4, [K]); closure codes [?].
 * Problems: no known export columns, not read.
 */
export const sdp: SourceAdapter = {
  id: 'sdp',
  name: 'ManageEngine ServiceDesk Plus',
  notes: 'Request list/report export (display labels) and API v3 field names; changes and assets from known column lists [K].',
  signature: {
    'request id': 2,
    'dueby time': 5,
    'response dueby time': 5,
    'first response overdue status': 5,
    'overdue status': 3,
    'request status': 5,
    'request mode': 5,
    'request closure code': 5,
    'request age after sla violation': 5,
    'request age after sla response violation': 5,
    'sla violated technician': 5,
    technician: 2,
    'completed time': 2,
    'responded date': 2,
    reopened: 2,
    'time elapsed': 2,
    'service category': 2,
    'pending status': 2,
    'sla response time': 2,
    'sla resolution time': 2,
    'sla name': 1,
    'request type': 1,
    'resolved time': 0.5,
    'root cause': 0.5,
    // API v3
    'is first response overdue': 5,
    'first response due by time': 5,
    'has request caused by change': 5,
    'has request initiated change': 5,
    'is service request': 3,
    'is reopened': 3,
    'is overdue': 2,
    'responded time': 2,
    // changes [K]
    'reason for change': 5,
    'services affected': 3,
    'change owner': 3,
    'change manager': 2,
    'scheduled start time': 2,
    'scheduled end time': 2,
    // assets [K]
    'asset name': 3,
    'product type': 3,
    'asset state': 3,
    'serial no': 2,
  },
  vocab: {
    kind: {
      map: {
        incident: 'incident', 'service request': 'service_request', request: 'service_request',
        'request for information': 'service_request', true: 'service_request', false: 'incident',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        open: 'in_progress', 'in progress': 'in_progress', assigned: 'assigned', 'on hold': 'pending', onhold: 'pending',
        pending: 'pending', resolved: 'resolved', closed: 'closed', completed: 'closed', canceled: 'cancelled', cancelled: 'cancelled',
      },
      patterns: [['^(waiting|awaiting|on hold)', 'pending']],
    },
    priority: {
      map: { urgent: 1, critical: 1, high: 1, medium: 2, normal: 3, low: 4 },
      patterns: [['^\\s*p?([1-5])\\b', '$1'], ['^(urgent|critical)', '1'], ['^high', '1'], ['^medium', '2'], ['^normal', '3'], ['^low', '4']],
      otherwise: null,
    },
    level3: {
      patterns: [['^\\s*([1-5])\\b', '$1'], ['^(urgent|critical|high)', '1'], ['^(medium|normal)', '2'], ['^low', '3'], ['affects business', '1'], ['affects department|affects group', '2'], ['affects user', '3']],
      otherwise: null,
    },
    channel: {
      map: {
        'e-mail': 'email', email: 'email', 'web form': 'portal', 'self-service portal': 'portal', portal: 'portal', web: 'portal',
        'phone call': 'phone', phone: 'phone', chat: 'chat', 'live chat': 'chat', 'walk-in': 'walk_in', 'walk in': 'walk_in',
        'mobile app': 'portal', mobile: 'portal', api: 'api', monitoring: 'monitoring', 'monitoring tool': 'monitoring',
      },
    },
    // Overdue = breached → sla_met is the negation.
    not_overdue: { map: { true: false, false: true, yes: false, no: true, '1': false, '0': true, overdue: false }, otherwise: null },
    flag01: { map: { true: 1, false: 0, yes: 1, no: 0, '1': 1, '0': 0 }, otherwise: null },
    change_type: {
      map: { standard: 'standard', minor: 'normal', major: 'normal', significant: 'normal', normal: 'normal', emergency: 'emergency' },
    },
    change_stage: {
      map: {
        submission: 'draft', planning: 'assess', approval: 'authorize', implementation: 'implement', review: 'review', close: 'closed',
        closed: 'closed', completed: 'closed', rejected: 'cancelled', canceled: 'cancelled', cancelled: 'cancelled',
      },
    },
    outcome: {
      map: {
        successful: 'successful', success: 'successful', 'successful with issues': 'successful_with_issues', failed: 'unsuccessful',
        unsuccessful: 'unsuccessful', 'rolled back': 'backed_out', 'backed out': 'backed_out', cancelled: 'cancelled', canceled: 'cancelled',
      },
      otherwise: null,
    },
    risk: { map: { 'very high': 1, critical: 1, high: 2, medium: 3, moderate: 3, low: 4 }, otherwise: null },
    asset_status: {
      map: { 'in use': 'in_use', 'in store': 'in_stock', 'in repair': 'in_maintenance', expired: 'retired', disposed: 'disposed', missing: 'missing' },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'requests',
      tokens: { 'request id': 3, 'request status': 3, 'dueby time': 2, 'overdue status': 2, 'is overdue': 2 },
      fields: {
        source_id: ['request id', 'id'],
        kind: { from: ['request type', 'request type.name', 'is service request'], vocab: 'kind', value: 'incident' },
        title: ['subject'],
        description: ['description'],
        status: { from: ['request status', 'status.name', 'status'], vocab: 'status' },
        priority: { from: ['priority', 'priority.name'], vocab: 'priority' },
        impact: { from: ['impact', 'impact.name'], vocab: 'level3' },
        urgency: { from: ['urgency', 'urgency.name'], vocab: 'level3' },
        category: ['category', 'category.name'],
        subcategory: ['subcategory', 'subcategory.name'],
        service: ['service category', 'service category.name'],
        assignment_group: ['group', 'group.name'],
        assignee: ['technician', 'technician.name'],
        requester: ['requester', 'requester.name'],
        opened_by: ['created by'],
        location: ['site', 'site.name'],
        channel: { from: ['request mode', 'mode', 'mode.name'], vocab: 'channel' },
        opened_at: ['created time', 'created time.display value'],
        first_response_at: ['responded date', 'responded time', 'responded time.display value'],
        resolved_at: ['resolved time', 'resolved time.display value'],
        closed_at: ['completed time', 'completed time.display value'],
        updated_at: ['last update time', 'last updated time', 'last updated time.display value'],
        due_at: ['dueby time', 'due by time', 'due by time.display value'],
        sla_met: { from: ['overdue status', 'is overdue'], vocab: 'not_overdue' },
        reopen_count: { from: ['reopened', 'is reopened'], vocab: 'flag01' },
        resolution_code: ['request closure code', 'closure info.closure code', 'closure code'],
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'changes',
      tokens: { 'change id': 3, 'reason for change': 3, stage: 2, 'change type': 2, 'scheduled start time': 2 },
      fields: {
        source_id: ['change id'],
        title: ['title'],
        change_type: { from: 'change type', vocab: 'change_type' },
        status: { from: ['stage', 'status'], vocab: 'change_stage' },
        risk: { from: 'risk', vocab: 'risk' },
        priority: { from: 'priority', vocab: 'priority' },
        outcome: { from: 'closure code', vocab: 'outcome' },
        category: ['category'],
        ci_name: ['assets'],
        service: ['services affected'],
        assignment_group: ['group'],
        assignee: ['change owner'],
        requested_by: ['change requester', 'requested by'],
        opened_at: ['created time'],
        closed_at: ['completed time'],
        planned_start: ['scheduled start time'],
        planned_end: ['scheduled end time'],
      },
    },
    {
      object: 'asset',
      table: 'asset',
      sourceTable: 'assets',
      tokens: { 'asset name': 3, 'product type': 3, 'asset state': 3 },
      fields: {
        source_id: { from: ['asset name'], fallback: ['asset tag', 'serial no'] },
        name: ['asset name'],
        asset_tag: ['asset tag'],
        serial_number: ['serial no', 'serial number'],
        class: ['product type'],
        status: { from: 'asset state', vocab: 'asset_status' },
        model: ['product'],
        manufacturer: ['manufacturer'],
        assigned_to: ['user'],
        location: ['location', 'site'],
        department: ['department'],
        purchase_date: ['purchase date', 'acquisition date'],
        warranty_end: ['warranty expiry date'],
      },
    },
  ],
};
