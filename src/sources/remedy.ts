import type { FieldRule, SourceAdapter } from './types.js';

/**
 * BMC Remedy ITSM / BMC Helix ITSM. Facts: export-formats.md §5.
 *
 * Two header styles, both mapped (normalisation strips the `*`/`+` markers):
 * - Mid-Tier / Smart Reporting label exports: `Incident ID*+, Summary*, Status*, Priority*, Assigned Group*+,
 *   Assignee+, Reported Date+, Last Resolved Date, SLM Real Time Status, Re-Opened Date, Notes …` [V];
 *   dates in the exporting user's locale and zone (`3/15/2024 10:04:11 AM` typical) — pass --timezone.
 * - AR REST / DB field names: `Incident Number, Description, Detailed Decription (sic), Status_Reason,
 *   Reported Source, Service Type, Total Transfers, Responded Date, HPD_CI, ServiceCI …` [V]; ISO dates in UTC.
 *
 * Verified [V]: field names and labels above, status labels, Impact/Urgency labels and 1000..4000 codes,
 * Service Type labels, `Total Transfers` = reassignments, change `Change Request Status` codes 0..12,
 * `Status Reason` "Successful" on closed changes, `Risk Level 1..5` labels, problem/known-error field names
 * (typos `Invesitgation Status Reason`, `Stastus_Reason` are real).
 * Unverified [K]/[?] — keep the mapping overridable (`--mapping … extends: remedy`):
 * - priority codes 0..3 (Critical..Low) when a DB dump gives numbers; status codes 0..6;
 * - `SLM Real Time Status` values (Within the Service Target / Service Target Warning → met; …Breached /
 *   Missed Goal → not met; No Service Target Assigned → unknown) [K];
 * - `Reported Source` values other than Email and Direct Input [K];
 * - change Class (Standard/Normal/Emergency/Expedited/Latent/No Impact) [K]; completion reasons other than
 *   Successful [K]; Risk Level direction (Risk Level 1 = lowest risk, reversed here) [K];
 * - problem `Investigation Status` / known-error status values [K];
 * - the asset (AST:/CMDB) object entirely [K]: no real asset export was seen.
 * Not exported flat: links to problems/changes (HPD:Associations), reopen counts (only `Re-Opened Date`,
 * read as 0/1), SLM measurements. The requester is `First Name` + `Last Name` in two columns; only a single
 * name column (Customer / Full Name / Internet E-mail) is read until the pipeline can join columns.
 */

const priority: FieldRule = { from: ['priority', 'prioridad'], vocab: 'priority' };

const ticketFields: Record<string, FieldRule> = {
  source_id: ['incident number', 'incident id', 'id de la incidencia'],
  kind: { from: ['service type', 'incident type'], vocab: 'kind', value: 'incident' },
  title: ['description', 'summary', 'resumen'],
  description: ['detailed decription', 'detailed description', 'notes'],
  status: { from: ['status', 'estado'], vocab: 'status' },
  priority,
  impact: { from: 'impact', vocab: 'level4' },
  urgency: { from: 'urgency', vocab: 'level4' },
  category: ['categorization tier 1', 'operational categorization tier 1'],
  subcategory: ['categorization tier 2', 'operational categorization tier 2'],
  service: ['serviceci', 'service', 'servicio'],
  ci_name: ['hpd ci', 'ci'],
  assignment_group: ['assigned group', 'grupo asignado'],
  assignee: ['assignee', 'usuario asignado'],
  requester: ['customer', 'full name', 'internet e-mail'],
  opened_by: ['submitter'],
  location: ['site'],
  channel: { from: ['reported source', 'fuente reportada'], vocab: 'channel' },
  opened_at: { from: ['reported date', 'fecha de notificación'], fallback: ['submit date', 'fecha de envío'] },
  first_response_at: { from: ['responded date'], fallback: ['last acknowledged date'] },
  resolved_at: ['last resolved date'],
  closed_at: ['closed date', 'fecha de cierre'],
  reopened_at: ['re-opened date'],
  reopen_count: { from: 're-opened date', parse: 'present' },
  updated_at: ['last modified date'],
  sla_met: { from: ['slm real time status', 'slastatus', 'estado slm en tiempo real'], vocab: 'slm' },
  reassignment_count: ['total transfers'],
  resolution_code: ['resolution category', 'resolution categorization tier 1', 'resolution method'],
};

const problemCommon: Record<string, FieldRule> = {
  title: ['description', 'summary'],
  priority,
  category: ['categorization tier 1', 'operational categorization tier 1'],
  ci_name: ['hpd ci', 'ci'],
  service: ['serviceci', 'service'],
  assignment_group: ['assigned group'],
  assignee: ['assignee'],
  root_cause: ['root cause'],
  workaround: ['temporary workaround', 'workaround'],
  opened_at: { from: ['submit date'], fallback: ['reported date'] },
  resolved_at: ['completed date', 'last resolved date'],
  closed_at: ['closed date'],
};

export const remedy: SourceAdapter = {
  id: 'remedy',
  name: 'BMC Remedy / Helix ITSM',
  notes:
    'Mid-Tier/Smart Reporting label exports (Incident ID*+ …) and AR REST/DB field names (Incident Number …): incidents (HPD), changes (CHG), problems and known errors (PBM); assets (AST) unverified.',
  signature: {
    // field names (REST / DB)
    'incident number': 5,
    'detailed decription': 5,
    'reported source': 5,
    'last resolved date': 5,
    'hpd ci': 5,
    serviceci: 5,
    'total transfers': 5,
    'assigned support company': 5,
    'assigned support organization': 5,
    'owner support company': 5,
    'last acknowledged date': 5,
    'status reason': 2,
    'service type': 2,
    'submit date': 1,
    'last modified date': 1,
    'priority weight': 3,
    // display labels (Mid-Tier / Smart Reporting)
    'slm real time status': 5,
    're-opened date': 5,
    'resolution categorization tier 1': 5,
    'product categorization tier 1': 5,
    'operational categorization tier 1': 5,
    'impact start date/time': 5,
    'reported date': 3,
    'assigned group': 3,
    'incident type': 2,
    'incident id': 2,
    'owner group': 2,
    'closure source': 3,
    // Spanish labels seen in the wild
    'id de la incidencia': 5,
    'estado slm en tiempo real': 5,
    'grupo asignado': 3,
    'fuente reportada': 3,
    // change
    'infrastructure change id': 5,
    'change request status': 5,
    'change coordinator group': 5,
    'scheduled start date': 2,
    'actual start date': 2,
    'risk level': 2,
    // problem / known error
    'problem investigation id': 5,
    'investigation status': 5,
    'invesitgation status reason': 5,
    'known error id': 5,
    'known error status': 5,
    'stastus reason': 5,
    'investigation driver': 5,
    'temporary workaround': 3,
    'problem id': 2,
    // assets [K]
    'reconciliation identity': 5,
    assetlifecyclestatus: 5,
    'asset lifecycle status': 5,
    'model/version': 3,
  },
  vocab: {
    kind: {
      map: {
        'user service restoration': 'incident', 'infrastructure restoration': 'incident', 'infrastructure event': 'incident',
        'security incident': 'incident', 'user service request': 'service_request',
        '0': 'incident', '1': 'service_request', '2': 'incident', '3': 'incident', '4': 'incident',
      },
      otherwise: 'incident',
    },
    status: {
      map: {
        new: 'new', assigned: 'assigned', 'in progress': 'in_progress', pending: 'pending', resolved: 'resolved',
        closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
        '0': 'new', '1': 'assigned', '2': 'in_progress', '3': 'pending', '4': 'resolved', '5': 'closed', '6': 'cancelled',
        nuevo: 'new', asignado: 'assigned', 'en curso': 'in_progress', pendiente: 'pending', resuelto: 'resolved', cerrado: 'closed', cancelado: 'cancelled',
      },
    },
    // Labels Critical..Low; DB codes 0..3 [K]; `1-Critical` (change) and relabelled `P1..P4` by their digit.
    priority: {
      map: {
        critical: 1, high: 2, medium: 3, low: 4, '0': 1, '1': 2, '2': 3, '3': 4,
        crítica: 1, critica: 1, alta: 2, media: 3, baja: 4,
      },
      patterns: [['^\\s*p?([1-5])\\b', '$1']],
      otherwise: null,
    },
    // Impact / urgency: `1-Extensive/Widespread`, `3000`, `3000 3-Moderate/Limited`.
    level4: { patterns: [['^\\s*([1-4])000\\b', '$1'], ['^\\s*([1-4])', '$1']], otherwise: null },
    channel: {
      map: {
        email: 'email', 'e-mail': 'email', phone: 'phone', 'voice mail': 'phone', 'self service': 'portal', web: 'portal',
        'walk in': 'walk_in', 'walk-in': 'walk_in', chat: 'chat', 'systems management': 'monitoring',
        'bmc impact manager event': 'monitoring', 'direct input': 'other', fax: 'other', 'external escalation': 'other', other: 'other',
      },
    },
    slm: {
      map: {
        'within the service target': true, 'service target warning': true, 'all service targets met': true, met: true,
        'all service targets breached': false, 'missed goal': false, 'missed goals': false, missed: false,
      },
      patterns: [['breach|missed|violat', false]],
      otherwise: null,
    },
    change_class: {
      map: { standard: 'standard', normal: 'normal', emergency: 'emergency', expedited: 'emergency', 'no impact': 'standard', latent: 'other' },
    },
    change_status: {
      map: {
        draft: 'draft', 'request for authorization': 'authorize', 'request for change': 'assess', 'planning in progress': 'assess',
        'scheduled for review': 'assess', 'scheduled for approval': 'authorize', scheduled: 'scheduled',
        'implementation in progress': 'implement', pending: 'other', rejected: 'cancelled', completed: 'review', closed: 'closed',
        cancelled: 'cancelled', canceled: 'cancelled',
        '0': 'draft', '1': 'authorize', '2': 'assess', '3': 'assess', '4': 'assess', '5': 'authorize', '6': 'scheduled',
        '7': 'implement', '8': 'other', '9': 'cancelled', '10': 'review', '11': 'closed', '12': 'cancelled',
      },
    },
    outcome: {
      map: {
        successful: 'successful', 'successful with issues': 'successful_with_issues', unsuccessful: 'unsuccessful',
        'backed out': 'backed_out',
      },
      otherwise: null,
    },
    // Risk Level 1 = lowest risk [K]; canonical risk 1 = highest.
    risk: {
      map: { 'risk level 1': 5, 'risk level 2': 4, 'risk level 3': 3, 'risk level 4': 2, 'risk level 5': 1 },
      otherwise: null,
    },
    problem_status: {
      map: {
        draft: 'new', 'under review': 'assess', 'request for authorization': 'assess', assigned: 'assess',
        'under investigation': 'root_cause_analysis', pending: 'other', completed: 'resolved', rejected: 'cancelled',
        closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
        // known error [K]
        'scheduled for correction': 'fix_in_progress', 'assigned to vendor': 'fix_in_progress', corrected: 'resolved',
        'no action planned': 'other',
      },
    },
    asset_status: {
      map: {
        ordered: 'on_order', received: 'in_stock', 'being assembled': 'in_stock', deployed: 'in_use', 'in repair': 'in_maintenance',
        down: 'in_maintenance', 'end of life': 'retired', transferred: 'other', delete: 'disposed', 'in inventory': 'in_stock',
        'on loan': 'in_use', disposed: 'disposed', reserved: 'in_stock', 'return to vendor': 'retired',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'HPD:Help Desk',
      tokens: { 'incident number': 3, 'incident id': 3, 'service type': 1, 'reported source': 1, 'last resolved date': 2 },
      idPrefixes: ['INC'],
      fields: ticketFields,
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'CHG:Infrastructure Change',
      tokens: { 'infrastructure change id': 5, 'change request status': 3, 'scheduled start date': 2, 'risk level': 2, class: 1 },
      idPrefixes: ['CRQ'],
      fields: {
        source_id: ['infrastructure change id', 'change id'],
        title: ['description', 'summary'],
        change_type: { from: ['class', 'change class'], vocab: 'change_class' },
        status: { from: ['change request status', 'status'], vocab: 'change_status' },
        outcome: { from: ['status reason'], vocab: 'outcome' },
        risk: { from: 'risk level', vocab: 'risk' },
        priority,
        category: ['change type', 'categorization tier 1'],
        ci_name: ['ci name', 'ci'],
        service: ['serviceci', 'service'],
        assignment_group: ['support group name', 'change coordinator group', 'asgrp'],
        assignee: ['change coordinator', 'aschg', 'assignee'],
        requested_by: ['requested by', 'customer'],
        opened_at: ['submit date'],
        closed_at: ['closed date', 'completed date'],
        planned_start: ['scheduled start date'],
        planned_end: ['scheduled end date'],
        actual_start: ['actual start date'],
        actual_end: ['actual end date'],
      },
    },
    {
      object: 'problem',
      table: 'problem',
      sourceTable: 'PBM:Problem Investigation',
      tokens: { 'problem investigation id': 5, 'investigation status': 3, 'investigation driver': 2 },
      idPrefixes: ['PBI'],
      fields: {
        source_id: ['problem investigation id', 'problem id'],
        status: { from: ['investigation status', 'status'], vocab: 'problem_status' },
        ...problemCommon,
      },
    },
    {
      object: 'problem',
      table: 'problem',
      sourceTable: 'PBM:Known Error',
      tokens: { 'known error id': 5, 'known error status': 3 },
      idPrefixes: ['PKE'],
      fields: {
        source_id: ['known error id'],
        status: { from: ['known error status', 'status'], vocab: 'problem_status' },
        known_error: { value: true },
        ...problemCommon,
      },
    },
    {
      object: 'asset',
      table: 'asset',
      sourceTable: 'AST:BaseElement',
      tokens: { 'reconciliation identity': 3, assetlifecyclestatus: 3, 'asset lifecycle status': 3, 'serial number': 1 },
      fields: {
        source_id: { from: ['asset id'], fallback: ['reconciliation identity', 'name', 'ci name'] },
        name: ['name', 'ci name'],
        asset_tag: ['tag number', 'asset id'],
        serial_number: ['serial number'],
        class: ['class id', 'classid', 'class'],
        status: { from: ['assetlifecyclestatus', 'asset lifecycle status', 'status'], vocab: 'asset_status' },
        model_category: ['product categorization tier 1'],
        model: ['model/version', 'product name'],
        manufacturer: ['manufacturer'],
        owner: ['owner'],
        support_group: ['supported by'],
        location: ['site'],
        department: ['department'],
        purchase_date: ['purchase date'],
        warranty_end: ['warranty expiration date'],
        install_date: ['installation date'],
        updated_at: ['last modified date'],
      },
    },
  ],
};
