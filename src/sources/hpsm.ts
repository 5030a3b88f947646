import type { SourceAdapter } from './types.js';

/**
 * HP Service Manager (Micro Focus / OpenText SMAX lineage) exports in the layout of the BPI Challenge 2014
 * files (Rabobank Group ICT): `;`-separated, latin-1, decimal commas, `dd/mm/yyyy HH:MM:SS` and
 * `d-m-yyyy H:MM` dates. Interactions are service-desk contacts with their own first-call-resolution flag;
 * a change with several affected CIs is one row per CI. Priority 1..5, 1 = most urgent.
 * Verified on the BPI files; other HPSM installations name columns after their own forms.
 */
const ciColumns = {
  ci_name: ['ci name (aff)'],
  ci_type: ['ci type (aff)'],
  service: ['service component wbs (aff)', 'service comp wbs (aff)'],
};

export const hpsm: SourceAdapter = {
  id: 'hpsm',
  name: 'HP Service Manager',
  notes: 'BPI Challenge 2014 layout (incident, interaction, change). Change type and risk use the export labels as given.',
  signature: {
    'ci name (aff)': 5,
    'ci type (aff)': 5,
    'ci subtype (aff)': 5,
    'service component wbs (aff)': 5,
    'service comp wbs (aff)': 5,
    'incident id': 2,
    'interaction id': 5,
    'change id': 2,
    'km number': 5,
    '# reassignments': 5,
    'handle time (hours)': 5,
    'handle time (secs)': 5,
    'open time (first touch)': 5,
    'first call resolution': 2,
    'cab-approval needed': 5,
    'emergency change': 2,
    'change record open time': 5,
    '# related interactions': 2,
    '# related incidents': 2,
  },
  vocab: {
    status: {
      map: {
        open: 'new', 'work in progress': 'in_progress', assigned: 'assigned', suspended: 'pending', 'pending-customer': 'pending',
        resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
      },
    },
    change_type: { map: { standard: 'standard', normal: 'normal', emergency: 'emergency' } },
    risk: { map: { 'major business change': 2, 'business change': 3, 'minor change': 4 }, otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Detail Incident',
      tokens: { 'incident id': 5, 'reopen time': 3, '# reassignments': 3, 'related interaction': 2 },
      idPrefixes: ['IM'],
      fields: {
        source_id: ['incident id'],
        kind: { value: 'incident' },
        status: { from: 'status', vocab: 'status' },
        impact: { from: 'impact', vocab: 'leading_int' },
        urgency: { from: 'urgency', vocab: 'leading_int' },
        priority: { from: 'priority', vocab: 'leading_int' },
        category: ['category'],
        ...ciColumns,
        knowledge_ref: ['km number'],
        reassignment_count: ['# reassignments'],
        opened_at: ['open time'],
        reopened_at: ['reopen time'],
        reopen_count: { from: 'reopen time', parse: 'present' },
        resolved_at: ['resolved time'],
        closed_at: ['close time'],
        handle_time_hours: ['handle time (hours)'],
        resolution_code: ['closure code'],
        related_ticket_ref: ['related interaction'],
        change_ref: ['related change'],
      },
    },
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Detail Interaction',
      tokens: { 'interaction id': 5, 'first call resolution': 5, 'open time (first touch)': 3 },
      idPrefixes: ['SD'],
      fields: {
        source_id: ['interaction id'],
        kind: { value: 'interaction' },
        status: { from: 'status', vocab: 'status' },
        impact: { from: 'impact', vocab: 'leading_int' },
        urgency: { from: 'urgency', vocab: 'leading_int' },
        priority: { from: 'priority', vocab: 'leading_int' },
        category: ['category'],
        ...ciColumns,
        knowledge_ref: ['km number'],
        opened_at: ['open time (first touch)', 'open time'],
        closed_at: ['close time'],
        resolution_code: ['closure code'],
        first_contact_resolved: { from: 'first call resolution', vocab: 'bool' },
        handle_time_hours: { from: 'handle time (secs)', scale: 1 / 3600 },
        related_ticket_ref: ['related incident'],
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'Detail Change',
      tokens: { 'change id': 5, 'change type': 3, 'cab-approval needed': 3, 'planned start': 2 },
      idPrefixes: ['C'],
      fields: {
        source_id: ['change id'],
        change_type: { from: 'change type', vocab: 'change_type' },
        risk: { from: 'risk assessment', vocab: 'risk' },
        emergency: { from: 'emergency change', vocab: 'bool' },
        cab_required: { from: 'cab-approval needed', vocab: 'bool' },
        category: ['change type'],
        ...ciColumns,
        origin: ['originated from'],
        opened_at: ['change record open time'],
        closed_at: ['change record close time'],
        planned_start: ['planned start'],
        planned_end: ['planned end'],
        actual_start: ['actual start'],
        actual_end: ['actual end'],
      },
      perRowCi: { ci_name: 'ci name (aff)', ci_type: 'ci type (aff)', ci_subtype: 'ci subtype (aff)', service: 'service component wbs (aff)' },
    },
  ],
};
