import type { SourceAdapter } from './types.js';

/**
 * Cherwell Service Management (now Ivanti Neurons, Cherwell lineage): Incident business-object searches and
 * API records exported with their field names. Facts: export-formats.md §13.2.
 *
 * Verified [V]: the incident field names (`IncidentID, RecID, CreatedDateTime, LastModifiedDateTime,
 * ClosedDateTime, Status, Service, Category, Subcategory, Description, ShortDescription, Priority, Impact,
 * Urgency, IncidentType, OwnedBy, OwnedByTeam, CustomerDisplayName, CallSource, ConfigItemDisplayName, Cause,
 * SLAResolveByDeadline, SLARespondByDeadline, Stat_DateTimeResponded, Stat_DateTimeResolved,
 * Stat_NumberOfTouches, Stat_IncidentReopened, Stat_SLAResponseBreached, Stat_SLAResolutionBreached …`), dates as
 * `M/d/yyyy h:mm tt` in the server's zone (pass --timezone), booleans "True"/"False".
 * Unverified [K/?], keep the mapping overridable (`--mapping … extends: cherwell`): status names (configurable),
 * IncidentType values, CallSource values; `Stat_NumberOfEscalations` ≈ reassignments is doubtful and not mapped.
 * Change / problem / CI objects: no verified export headers found, not mapped.
 * sla_met = NOT Stat_SLAResolutionBreached (else NOT Stat_SLAResponseBreached when the first is empty).
 */
export const cherwell: SourceAdapter = {
  id: 'cherwell',
  name: 'Cherwell Service Management (Ivanti)',
  notes: 'Incident business object with field-name headers; SLA flags from Stat_SLA*Breached; dates M/d/yyyy h:mm tt in server time.',
  signature: {
    'incidentid': 5,
    'ownedbyteam': 5,
    'slaresolvebydeadline': 5,
    'slarespondbydeadline': 5,
    'stat numberoftouches': 5,
    'stat incidentreopened': 5,
    'stat slaresponsebreached': 5,
    'stat slaresolutionbreached': 5,
    'stat datetimeresponded': 5,
    'stat datetimeresolved': 3,
    'stat datetimeclosed': 3,
    'stat numberofescalations': 3,
    'customerdisplayname': 5,
    'customerrecid': 3,
    'configitemdisplayname': 3,
    'callsource': 3,
    'incidenttype': 2,
    'ownedby': 2,
    'lastmodifieddatetime': 2,
    'shortdescription': 2,
    'slaname': 1,
    'createddatetime': 1,
    'closeddatetime': 1,
    'recid': 1,
  },
  vocab: {
    kind: {
      map: { incident: 'incident', 'service request': 'service_request', request: 'service_request', question: 'service_request' },
      otherwise: 'other',
    },
    status: {
      map: {
        new: 'new', logged: 'new', assigned: 'assigned', 'in progress': 'in_progress', reopened: 'in_progress', pending: 'pending',
        'on hold': 'pending', resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled', withdrawn: 'cancelled',
      },
      patterns: [['^(waiting|awaiting)', 'pending']],
    },
    level: { map: { critical: 1, high: 1, medium: 2, moderate: 2, low: 3 }, patterns: [['^\\s*(\\d+)', '$1']], otherwise: null },
    channel: {
      map: {
        phone: 'phone', 'voice mail': 'phone', voicemail: 'phone', email: 'email', 'e-mail': 'email', portal: 'portal',
        'self service': 'portal', 'self-service': 'portal', web: 'portal', chat: 'chat', 'walk in': 'walk_in', 'walk-in': 'walk_in',
        event: 'monitoring', monitoring: 'monitoring', 'event monitoring': 'monitoring', api: 'api',
      },
    },
    not_breached: {
      map: { true: false, false: true, yes: false, no: true, '1': false, '0': true },
      otherwise: null,
    },
    reopened: { map: { true: 1, false: 0, yes: 1, no: 0 }, patterns: [['^\\s*(\\d+)', '$1']], otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Incident',
      fields: {
        source_id: ['incidentid'],
        kind: { from: 'incidenttype', vocab: 'kind', value: 'incident' },
        title: ['shortdescription'],
        description: ['description'],
        status: { from: 'status', vocab: 'status' },
        priority: { from: 'priority', vocab: 'leading_int' },
        impact: { from: 'impact', vocab: 'level' },
        urgency: { from: 'urgency', vocab: 'level' },
        category: ['category'],
        subcategory: ['subcategory'],
        service: ['service'],
        ci_name: ['configitemdisplayname'],
        ci_type: ['configitemtype'],
        assignment_group: ['ownedbyteam', 'assignedteam'],
        assignee: ['ownedby', 'assignedto'],
        requester: ['customerdisplayname'],
        opened_by: ['createdby'],
        channel: { from: 'callsource', vocab: 'channel' },
        opened_at: ['createddatetime'],
        first_response_at: ['stat datetimeresponded'],
        resolved_at: ['stat datetimeresolved'],
        closed_at: ['closeddatetime', 'stat datetimeclosed'],
        updated_at: ['lastmodifieddatetime'],
        due_at: ['slaresolvebydeadline'],
        sla_met: { from: 'stat slaresolutionbreached', fallback: 'stat slaresponsebreached', vocab: 'not_breached' },
        reopen_count: { from: 'stat incidentreopened', vocab: 'reopened' },
        resolution_code: ['cause'],
        resolved_by: ['closedby'],
      },
    },
  ],
};
