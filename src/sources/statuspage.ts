import type { FieldRule, SourceAdapter } from './types.js';

/**
 * Atlassian Statuspage incidents, as JSON: the public status API v2 (`/api/v2/incidents.json`: `{"page": {…},
 * "incidents": […]}`; `/api/v2/scheduled-maintenances.json`: `{"page": {…}, "scheduled_maintenances": […]}`),
 * the manage API v1 (`/v1/pages/{page_id}/incidents.json`: a top-level array, maintenances among the
 * incidents), or one incident per file (a folder of them). The JSON reader flattens a record; its arrays
 * `incident_updates` and `components` arrive as JSON text and are read by `nested` (load-records.ts).
 *
 * Verified [V] against Atlassian's public documentation and sample responses (doers.statuspage.io API v1
 * incident sample; published v2 responses of real pages):
 * - incident keys `id, name, status, impact, created_at, updated_at, monitoring_at, resolved_at, started_at,
 *   shortlink, page_id, incident_updates, components`; v1 adds `impact_override, postmortem_body,
 *   postmortem_published_at, scheduled_for, scheduled_until, scheduled_remind_prior, backfilled`;
 * - `impact` ∈ none / minor / major / critical; incident `status` ∈ investigating / identified / monitoring /
 *   resolved / postmortem; a maintenance's ∈ scheduled / in_progress / verifying / completed, with
 *   `scheduled_for` / `scheduled_until`;
 * - an update: `id, incident_id, status, body, created_at, updated_at, display_at, affected_components`;
 *   a component: `id, name, status, …`. Times are ISO 8601 with an offset.
 * - an update's `affected_components`: null when the update changed no component, else an array of
 *   `{code, name, old_status, new_status}` where `code` is the component's `id` (published v2 responses of
 *   real pages, e.g. an exchange's page with `{"code": "nctwm9tghxh6", "name": "Market data", "old_status":
 *   "operational", "new_status": "degraded_performance"}`, and typings of public API clients); its `name`
 *   may carry the component's group ("Deposit And Withdraw - Deposit" for the component "Deposit"), so
 *   components are matched by `code` = `id`;
 * - component statuses: operational, degraded_performance, partial_outage, major_outage, under_maintenance
 *   (Atlassian's support page "Show service status with components" names the five; the API's snake_case
 *   values from the same published responses). Component statuses can change during an incident.
 *   (Atlassian's developer reference, developer.statuspage.io, could not be read here; the layout above is
 *   from responses and clients that agree with each other.)
 * Assumed [K], overridable with `--mapping … extends: statuspage`:
 * - every Statuspage incident is a major incident (issue 24: what a status page publishes is what customers
 *   saw), so major_incident = true; impact → ticket impact critical 1 (full outage), major 2 (partial),
 *   minor 3 (degraded), none 4, so `metrics.availability_impact_weights` weighs them (none takes the last weight);
 * - opened = `started_at` (the outage's start), else `created_at`; resolved = `resolved_at`; the first
 *   update's `display_at` (else `created_at`) is the first communication (first_response_at);
 * - an incident's components are the services it affects (ticket_service; `service` = the first listed);
 * - monitoring counts as in progress (the fix is being watched), postmortem as closed;
 * - maintenances (status scheduled / in_progress / verifying / completed) go to the change table as planned
 *   work (planned = scheduled_for → scheduled_until, actual = started_at → resolved_at), never to tickets, so
 *   they are never outages; their updates are not kept as events.
 * - each component status change of an update (`affected_components`) becomes a ticket_event
 *   `component_status` (field = the component, at the update's display time): availability weighs that
 *   component's minutes by its status from then on — major_outage as impact 1, partial_outage 2,
 *   degraded_performance 3, operational and under_maintenance not at all — and by the incident's impact
 *   before its first status (queries/availability.sql). A status set at the incident's resolution is
 *   outside the outage and weighs nothing.
 * Not read: update bodies (free text; in `extra` neither, the arrays are consumed whole).
 */

const common: Record<string, FieldRule> = {
  source_id: ['id'],
  title: ['name'],
  opened_at: ['created_at'],
  updated_at: ['updated_at'],
};

const components = { column: ['components'], name: 'name', id: 'id' };

export const statuspage: SourceAdapter = {
  id: 'statuspage',
  name: 'Atlassian Statuspage',
  notes:
    'Incidents API JSON (v2 public list, v1 manage list, one incident per file): every incident a major incident, components as services, updates as events; scheduled maintenances go to the change table, never outages.',
  signature: {
    'incident updates': 5,
    shortlink: 5,
    'scheduled remind prior': 5,
    'postmortem body': 5,
    'postmortem published at': 5,
    'monitoring at': 3,
    'impact override': 3,
    'scheduled for': 2,
    'scheduled until': 2,
    'page id': 2,
    components: 1,
    'started at': 1,
    impact: 0.5,
    'resolved at': 0.5,
  },
  vocab: {
    status: {
      map: {
        investigating: 'in_progress', identified: 'in_progress', monitoring: 'in_progress', resolved: 'resolved', postmortem: 'closed',
        // a maintenance's, should one reach the ticket table (its updates)
        scheduled: 'new', in_progress: 'in_progress', verifying: 'in_progress', completed: 'resolved',
      },
    },
    impact: { map: { critical: 1, major: 2, minor: 3, none: 4 }, otherwise: null },
    maintenance_status: { map: { scheduled: 'scheduled', in_progress: 'implement', verifying: 'review', completed: 'closed' } },
    // a component's status (affected_components) → the canonical component status availability weighs
    component_status: {
      map: { operational: 'operational', degraded_performance: 'degraded', partial_outage: 'partial_outage', major_outage: 'major_outage', under_maintenance: 'maintenance' },
      otherwise: 'other',
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'incidents',
      tokens: { 'incident updates': 2, impact: 1 },
      fields: {
        ...common,
        kind: { value: 'incident' },
        status: { from: 'status', vocab: 'status' },
        impact: { from: ['impact_override', 'impact'], vocab: 'impact' },
        opened_at: { from: ['started_at'], fallback: ['created_at'] },
        resolved_at: ['resolved_at'],
        major_incident: { value: true },
      },
      nested: {
        updates: {
          column: ['incident_updates'], id: 'id', time: ['display_at', 'created_at'], status: 'status', vocab: 'status',
          components: { key: 'affected_components', code: 'code', name: 'name', old: 'old_status', new: 'new_status', vocab: 'component_status' },
        },
        services: components,
      },
      routes: [
        {
          column: ['status'],
          values: ['scheduled', 'in_progress', 'verifying', 'completed'],
          mapping: {
            object: 'change',
            table: 'change',
            sourceTable: 'scheduled_maintenances',
            fields: {
              ...common,
              status: { from: 'status', vocab: 'maintenance_status' },
              category: { value: 'scheduled maintenance' },
              planned_start: ['scheduled_for'],
              planned_end: ['scheduled_until'],
              actual_start: ['started_at'],
              actual_end: ['resolved_at'],
              closed_at: ['resolved_at'],
            },
            nested: { services: components },
          },
        },
      ],
    },
  ],
};
