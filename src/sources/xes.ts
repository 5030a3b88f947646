import type { SourceAdapter } from './types.js';

/**
 * Process-mining event logs: IEEE 1849 XES (converted to CSV on ingest: one row per event, the trace's name
 * as `case:concept:name`, trace attributes prefixed `case:`) and CSV logs with the same standard keys, as
 * process-mining tools export them. A case becomes a ticket, every event an `activity` in ticket_event.
 * Cases are taken as incidents, and an activity whose name contains resolv/solved/fixed/complet resolves
 * the case, one containing clos closes it: override both with --mapping (`extends: xes`, `activity_log:`)
 * for logs of other processes or other activity names.
 */
export const xes: SourceAdapter = {
  id: 'xes',
  name: 'XES / process-mining event log',
  notes: 'IEEE 1849 standard extension keys (concept, time, org, lifecycle); case attributes priority, group, category, ci when named so.',
  signature: {
    'case:concept:name': 5,
    'time:timestamp': 5,
    'concept:name': 2,
    'lifecycle:transition': 2,
    'org:resource': 2,
    'org:group': 1,
  },
  vocab: { kind: { map: { incident: 'incident', request: 'service_request', 'service request': 'service_request' }, otherwise: 'other' } },
  objects: [
    {
      object: 'event_log',
      table: 'ticket',
      sourceTable: 'traces',
      fields: {
        source_id: ['case:concept:name'],
        kind: { from: ['case:kind', 'case:type'], vocab: 'kind', value: 'incident' },
        title: ['case:description', 'case:title'],
        priority: { from: ['case:priority', 'priority'], vocab: 'leading_int' },
        category: ['case:category', 'category'],
        assignment_group: ['case:group', 'org:group'],
        ci_name: ['case:ci', 'case:ci name', 'ci name'],
        service: ['case:service'],
      },
      activityLog: { activity: 'concept:name', time: 'time:timestamp', resource: 'org:resource' },
    },
  ],
};
