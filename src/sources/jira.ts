import type { SourceAdapter } from './types.js';

/**
 * Jira / Jira Service Management "Export CSV" (all or current fields). Facts: export-formats.md §4.
 * Dates follow the exporting user's format (default `25/Feb/26 10:17 PM`) and zone: pass --timezone.
 * Repeated headers (Labels, Watchers, Comment) are kept as `Labels (2)` … in `extra`.
 * Issue types Incident / Service request map to those kinds; Change and Problem rows go to the change and
 * problem tables; Bug, Story, Task and the rest are tickets of kind `other`.
 * The SLA flag comes from `Time to resolution`: JSM exports the remaining time of the last cycle, and a
 * leading '-' means breached [?: community convention, not documented by Atlassian].
 */
export const jira: SourceAdapter = {
  id: 'jira',
  name: 'Jira / Jira Service Management',
  notes: 'CSV export with display labels. Issue links and changelog (reopens, reassignments) are not in the CSV.',
  signature: {
    'issue key': 5,
    'issue id': 5,
    'issue type': 2,
    'project key': 2,
    'project name': 1,
    'status category': 2,
    'status category changed': 2,
    'affects version/s': 3,
    'affected versions': 3,
    'fix version/s': 3,
    'fix versions': 2,
    'component/s': 2,
    'request type': 3,
    'time to resolution': 3,
    'time to first response': 3,
    'satisfaction rating': 1,
    summary: 2,
    key: 0.5,
    reporter: 0.5,
    resolution: 0.5,
    σ: 0,
  },
  idPattern: '^[A-Z][A-Z0-9_]+-[0-9]+$',
  vocab: {
    kind: {
      map: {
        incident: 'incident', 'service request': 'service_request', 'service request with approvals': 'service_request',
        'it help': 'service_request', 'get it help': 'service_request', 'new feature': 'other',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        open: 'new', new: 'new', 'to do': 'new', backlog: 'new', 'waiting for support': 'new',
        'in progress': 'in_progress', 'work in progress': 'in_progress', 'in review': 'in_progress', 'patch available': 'in_progress',
        pending: 'pending', 'waiting for customer': 'pending', 'on hold': 'pending', escalated: 'in_progress',
        resolved: 'resolved', done: 'resolved', completed: 'resolved', closed: 'closed',
        canceled: 'cancelled', cancelled: 'cancelled', declined: 'cancelled', "won't do": 'cancelled', reopened: 'in_progress',
      },
    },
    priority: {
      map: { highest: 1, blocker: 1, high: 2, critical: 2, medium: 3, major: 3, low: 4, minor: 4, lowest: 5, trivial: 5 },
      patterns: [['^\\s*p?(\\d)', '$1']],
      otherwise: null,
    },
    csat: { map: { '1': 0, '2': 0.25, '3': 0.5, '4': 0.75, '5': 1 }, otherwise: null },
    change_type: {
      map: { standard: 'standard', 'standard change': 'standard', normal: 'normal', 'normal change': 'normal', emergency: 'emergency', 'emergency change': 'emergency' },
    },
    change_status: {
      map: {
        open: 'draft', 'to do': 'draft', planning: 'assess', 'awaiting cab approval': 'authorize', 'awaiting approval': 'authorize',
        'awaiting implementation': 'scheduled', scheduled: 'scheduled', implementing: 'implement', 'in progress': 'implement',
        'peer review / change manager approval': 'review', completed: 'closed', done: 'closed', closed: 'closed', resolved: 'closed',
        canceled: 'cancelled', cancelled: 'cancelled', declined: 'cancelled', failed: 'closed',
      },
    },
    risk: { map: { critical: 1, high: 2, medium: 3, low: 4 }, otherwise: null },
    problem_status: {
      map: {
        open: 'new', 'to do': 'new', 'under investigation': 'root_cause_analysis', 'under review': 'assess',
        'in progress': 'fix_in_progress', resolved: 'resolved', done: 'resolved', completed: 'resolved', closed: 'closed',
        canceled: 'cancelled', cancelled: 'cancelled',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'issues',
      fields: {
        source_id: ['issue key', 'key'],
        kind: { from: 'issue type', vocab: 'kind', value: 'other' },
        title: ['summary'],
        description: ['description'],
        status: { from: 'status', vocab: 'status' },
        priority: { from: 'priority', vocab: 'priority' },
        category: ['component/s', 'components', 'category'],
        assignment_group: ['team', 'assignment group'],
        assignee: ['assignee'],
        requester: ['reporter'],
        opened_by: ['creator'],
        opened_at: ['created'],
        first_response_at: ['[chart] date of first response'],
        resolved_at: ['resolved'],
        updated_at: ['updated'],
        due_at: ['due date'],
        sla_met: { from: 'time to resolution', parse: 'signed_duration' },
        resolution_code: ['resolution'],
        related_ticket_ref: ['parent key', 'parent'],
        csat_score: { from: 'satisfaction rating', vocab: 'csat' },
        // the issue's own logged work, in seconds in the CSV (REST `timespent` too); not `Σ Time Spent`, which adds
        // the sub-tasks' time while the sub-tasks are rows of their own: a sum over tickets would count it twice
        handle_time_hours: { from: ['time spent', 'timespent'], parse: 'duration', scale: 1 / 3600 },
      },
      routes: [
        {
          column: 'issue type',
          values: ['change', 'normal change', 'standard change', 'emergency change'],
          mapping: {
            object: 'change',
            table: 'change',
            sourceTable: 'issues (Change)',
            fields: {
              source_id: ['issue key', 'key'],
              title: ['summary'],
              change_type: { from: ['change type', 'issue type'], vocab: 'change_type' },
              status: { from: 'status', vocab: 'change_status' },
              risk: { from: 'change risk', vocab: 'risk' },
              priority: { from: 'priority', vocab: 'priority' },
              category: ['component/s', 'components'],
              service: ['affected services'],
              assignee: ['assignee'],
              requested_by: ['reporter'],
              opened_at: ['created'],
              closed_at: ['resolved'],
              planned_start: ['change start date'],
              planned_end: ['change completion date'],
            },
          },
        },
        {
          column: 'issue type',
          values: ['problem'],
          mapping: {
            object: 'problem',
            table: 'problem',
            sourceTable: 'issues (Problem)',
            fields: {
              source_id: ['issue key', 'key'],
              title: ['summary'],
              status: { from: 'status', vocab: 'problem_status' },
              priority: { from: 'priority', vocab: 'priority' },
              category: ['component/s', 'components'],
              assignee: ['assignee'],
              opened_at: ['created'],
              resolved_at: ['resolved'],
            },
          },
        },
      ],
    },
  ],
};
