import type { SourceAdapter } from './types.js';

/**
 * SolarWinds Service Desk (formerly Samanage): incidents from the API (`/incidents.json`, v2.1) flattened to
 * columns, or the UI list export. Facts: export-formats.md §14.1.
 *
 * Verified [V]: API keys `number, name, description, state ("In Progress"), priority ("High"), requester,
 * assignee, due_at, custom_fields_values[{name,value}]`; the api-evangelist schema also lists `id, number,
 * name, description, state, priority, requester{id,name,email}, created_at`.
 * Unverified [K/?], keep the mapping overridable (`--mapping … extends: swsd`): `site, department, category,
 * subcategory, origin, resolution_code, resolution_description, sla_violations, updated_at`, the state and
 * priority vocabularies, and every UI export label (Number, Name/Title, State, …) — a UI CSV without the API
 * keys below is not recognised automatically: pass --source swsd.
 * The signature therefore leans on the API-only keys (`custom_fields_values`, `sla_violations`).
 * SLA: `sla_violations` is a list of violations (shape unverified): not mapped to sla_met.
 */
export const swsd: SourceAdapter = {
  id: 'swsd',
  name: 'SolarWinds Service Desk (Samanage)',
  notes: 'Incidents as API records (flattened); UI export labels unverified (use --source swsd). Priority Critical..Low (None = no priority).',
  signature: {
    'custom fields values': 5,
    'sla violations': 5,
    'resolution description': 3,
    'assignee.group id': 3,
    'origin': 2,
    'requester.email': 1,
    'site': 1,
    'due at': 1,
    'resolution code': 0.5,
    'requester': 0.5,
    'state': 0.5,
  },
  vocab: {
    status: {
      map: {
        new: 'new', assigned: 'assigned', 'in progress': 'in_progress', 'awaiting input': 'pending', 'on hold': 'pending',
        pending: 'pending', resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
      },
      patterns: [['^(awaiting|waiting)', 'pending']],
    },
    priority: { map: { critical: 1, high: 2, medium: 3, low: 4 }, patterns: [['^\\s*p?(\\d)', '$1']], otherwise: null },
    channel: {
      map: {
        web: 'portal', portal: 'portal', 'service portal': 'portal', email: 'email', 'e-mail': 'email', phone: 'phone', api: 'api',
        chat: 'chat', slack: 'chat', 'microsoft teams': 'chat', 'walk-in': 'walk_in', monitoring: 'monitoring', integration: 'api',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'incidents',
      fields: {
        source_id: ['number', 'incident number'],
        kind: { value: 'incident' },
        title: ['name', 'title'],
        description: ['description'],
        status: { from: ['state', 'status'], vocab: 'status' },
        priority: { from: 'priority', vocab: 'priority' },
        category: ['category.name', 'category'],
        subcategory: ['subcategory.name', 'subcategory'],
        assignee: ['assignee.name', 'assignee'],
        assignment_group: ['assignee.group name', 'group'],
        requester: ['requester.name', 'requester'],
        opened_by: ['created_by.name', 'created by'],
        location: ['site.name', 'site'],
        channel: { from: 'origin', vocab: 'channel' },
        opened_at: ['created_at', 'created'],
        updated_at: ['updated_at', 'updated'],
        due_at: ['due_at', 'due date'],
        resolution_code: ['resolution_code', 'resolution code'],
      },
    },
  ],
};
