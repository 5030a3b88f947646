import type { SourceAdapter } from './types.js';

/**
 * SolarWinds Web Help Desk: tickets from the REST API (`ra/Tickets`) flattened to columns. Facts:
 * export-formats.md §14.2.
 *
 * Verified [V] (pvik/WhdApi WhdTicket.java): `id, type, subject, detail, lastUpdated, reportDateUtc,
 * statustype, prioritytype, problemtype, statusTypeId, priorityTypeId, clientReporter, clientTech,
 * displayClient, techGroupLevel, location, room, levelNumber, flaggedByTech, emailClient …`.
 * Unverified [K/?], keep the mapping overridable (`--mapping … extends: whd`): the names of the nested
 * objects' attributes after flattening (statustype.statusTypeName, prioritytype.priorityTypeName,
 * problemtype.detailDisplayName, clientTech.displayName), the vocabularies (Open, Pending, Closed, Resolved,
 * Cancelled; Urgent, High, Medium, Low — all configurable), and `closeDate`, `dueDate`, `firstResponseDate`
 * (seen in list responses only).
 * WHD tickets carry no ITIL type: kind = incident (override with a mapping). No SLA flag (dueDate vs
 * closeDate would need a two-column comparison).
 */
export const whd: SourceAdapter = {
  id: 'whd',
  name: 'SolarWinds Web Help Desk',
  notes: 'REST ticket records (flattened); problemtype = request type (category); techGroupLevel = assigned group. No ITIL type: kind incident.',
  signature: {
    'statustype': 5,
    'prioritytype': 5,
    'problemtype': 5,
    'clienttech': 5,
    'reportdateutc': 5,
    'displayclient': 5,
    'techgrouplevel': 5,
    'statustype.statustypename': 5,
    'prioritytype.prioritytypename': 5,
    'clientreporter': 3,
    'statustypeid': 3,
    'prioritytypeid': 3,
    'flaggedbytech': 3,
    'emailclient': 2,
    'emailtech': 2,
    'levelnumber': 2,
    'lastupdated': 1,
  },
  vocab: {
    status: {
      map: {
        new: 'new', open: 'new', acknowledged: 'assigned', assigned: 'assigned', 'in progress': 'in_progress', 'work in progress': 'in_progress',
        pending: 'pending', 'on hold': 'pending', resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
      },
      patterns: [['^(awaiting|waiting)', 'pending']],
    },
    priority: { map: { urgent: 1, critical: 1, high: 2, medium: 3, normal: 3, low: 4 }, patterns: [['^\\s*p?(\\d)', '$1']], otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'Tickets',
      fields: {
        source_id: ['id', 'ticket number', 'ticket'],
        kind: { value: 'incident' },
        title: ['subject'],
        description: ['detail'],
        status: { from: ['statustype.statustypename', 'statustype', 'status'], vocab: 'status' },
        priority: { from: ['prioritytype.prioritytypename', 'prioritytype', 'priority'], vocab: 'priority' },
        category: ['problemtype.detaildisplayname', 'problemtype.problemtypename', 'problemtype', 'request type'],
        assignment_group: ['techgrouplevel.shortlevelname', 'techgrouplevel', 'tech group level'],
        assignee: ['clienttech.displayname', 'clienttech', 'tech'],
        requester: ['displayclient', 'clientreporter.displayname', 'clientreporter', 'client'],
        location: ['location.locationname', 'location'],
        opened_at: ['reportdateutc', 'report date'],
        first_response_at: ['firstresponsedate'],
        closed_at: ['closedate', 'close date'],
        updated_at: ['lastupdated', 'last updated'],
        due_at: ['duedate', 'due date'],
      },
    },
  ],
};
