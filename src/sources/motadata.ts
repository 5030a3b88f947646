import type { SourceAdapter } from './types.js';

/**
 * Motadata ServiceOps: requests (incidents `INC-…`, service requests `SR-…`) as returned by its REST API
 * (`/api/v1/request`, `/api/v1/service_catalog/servicerequest`) and flattened to columns. Not covered by
 * export-formats.md.
 *
 * Verified [V] from a public API specification generated against a live instance
 * (war10ck89/Motadata-ServiceOps: 1-ServiceOps-API-Specification-Generator/output/27-Aug-25-19-54-API_Specs.md
 * @817711276ec86c4b1bda05e95b8f3f7aecb2f417), response keys: `id, name ("INC-46" / "SR-47"), subject,
 * description, statusName ("Open"), priorityName, urgencyName, impactName ("Low"), categoryName,
 * departmentName, locationName, requesterName, requesterEmail, createdByName, updatedByName, source ("Email",
 * "External"), supportLevel ("tier0"), spam, customField, createdTime / updatedTime (epoch milliseconds),
 * serviceName, serviceCategoryName (service requests)`.
 * Unverified [?], keep the mapping overridable (`--mapping … extends: motadata`): status and priority names
 * beyond "Open"/"Low", the technician/group keys (`technicianName`, `groupName`), and the UI list export
 * (no sample found). Signature tokens are the verified keys only; strong: `supportLevel`.
 * Dates: createdTime/updatedTime are epoch milliseconds, read as dates by the ingest's epoch parse rule
 * (opened_at, updated_at). The verified record has no resolution time: no MTTR from this export.
 * Jira's id pattern also matches `INC-46`: the Motadata keys outweigh it.
 */
export const motadata: SourceAdapter = {
  id: 'motadata',
  name: 'Motadata ServiceOps',
  notes: 'REST request records (incidents INC-, service requests SR-). createdTime/updatedTime are epoch milliseconds. No resolution time.',
  signature: {
    'supportlevel': 5,
    'urgencyname': 3,
    'impactname': 3,
    'createdbyname': 3,
    'updatedbyname': 3,
    'servicecategoryname': 3,
    'requesteremail': 2,
    'requestername': 2,
    'statusname': 2,
    'priorityname': 2,
    'departmentname': 2,
    'locationname': 2,
    'categoryname': 1,
    'customfield': 1,
    'spam': 1,
  },
  vocab: {
    kind_by_prefix: {
      patterns: [
        ['^inc', 'incident'],
        ['^sr', 'service_request'],
      ],
      // an id without a known prefix takes the object's kind (the rule's value), as in ServiceNow
      otherwise: null,
    },
    status: {
      map: {
        open: 'new', new: 'new', assigned: 'assigned', 'in progress': 'in_progress', pending: 'pending', 'on hold': 'pending',
        resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', canceled: 'cancelled',
      },
      patterns: [['^(awaiting|waiting)', 'pending']],
    },
    priority: { map: { urgent: 1, critical: 1, high: 2, medium: 3, low: 4 }, patterns: [['^\\s*p?(\\d)', '$1']], otherwise: null },
    level: { map: { high: 1, medium: 2, low: 3, 'on users': 1, 'on department': 2, 'on business': 1 }, otherwise: null },
    channel: {
      map: {
        email: 'email', 'e-mail': 'email', portal: 'portal', 'self service portal': 'portal', 'support portal': 'portal', web: 'portal',
        phone: 'phone', 'phone call': 'phone', chat: 'chat', 'chat bot': 'chat', 'walk-in': 'walk_in', external: 'api', api: 'api',
        monitoring: 'monitoring',
      },
    },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'request',
      idPrefixes: ['INC-', 'SR-'],
      fields: {
        source_id: ['name'],
        kind: { from: 'name', vocab: 'kind_by_prefix', value: 'incident' },
        title: ['subject'],
        description: ['description'],
        status: { from: 'statusname', vocab: 'status' },
        priority: { from: 'priorityname', vocab: 'priority' },
        impact: { from: 'impactname', vocab: 'level' },
        urgency: { from: 'urgencyname', vocab: 'level' },
        category: ['categoryname', 'servicecategoryname'],
        service: ['servicename'],
        assignment_group: ['groupname', 'techniciangroupname'],
        assignee: ['technicianname'],
        requester: ['requestername', 'requesteremail'],
        opened_by: ['createdbyname'],
        location: ['locationname'],
        channel: { from: 'source', vocab: 'channel' },
        opened_at: ['createdtime'],
        updated_at: ['updatedtime'],
      },
    },
  ],
};
