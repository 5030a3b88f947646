import type { SourceAdapter } from './types.js';

/**
 * TOPdesk incidents (REST `/tas/api/incidents` records flattened to columns, or list exports with English or
 * Dutch labels) and operator changes. Facts: export-formats.md §12.
 *
 * Verified [V]: the REST incident key set (`number, briefDescription, request, callType, entryType, category,
 * subcategory, object, impact, urgency, priority, targetDate, operator, operatorGroup, processingStatus,
 * responseDate, completedDate, closedDate, closureCode, callDate, creationDate, modificationDate, majorCall …`),
 * ISO dates with offset (`2021-02-11T06:32:36.303+0000`), entry type `Automation`, processing status `Logged`.
 * Unverified [?], keep the mapping overridable (`--mapping … extends: topdesk`): the Dutch UI labels
 * (Incidentnummer, Korte omschrijving, Aanmelddatum, Operatorgroep/Behandelaarsgroep, Streefdatum, Melder,
 * Soort melding, Soort binnenkomst, Datum gereed, Datum afgemeld …) and English UI labels; processing status,
 * call type and priority names (all configurable per instance); the change API fields [K].
 * `completed` / `closed` (and the Dutch `Gereed` / `Afgemeld`) are checkboxes in TOPdesk, not dates: only the
 * *Date columns fill resolved_at / closed_at.
 * No SLA flag is exported: met/breached is completedDate ≤ targetDate, a comparison of two columns that the
 * mapping rules cannot express yet (pipeline change) — `kpi` policy-based SLA can recompute it.
 *
 * Major incidents (issue 24): verified [V] that an incident record carries `majorCall`, a boolean (true: the
 * incident is itself a major call, TOPdesk's major incident), and `majorCallObject`, the major call a related
 * incident is linked to (`{ id, name, status, majorIncident }`, name = its number) [V: the REST key set of
 * export-formats.md §12.1; typed as bool / object in public API clients and the XSOAR integration's context
 * fields `MajorCall` Boolean, `MajorCallObject.Name/Id/Status/MajorIncident`]. So `majorCall` → major_incident
 * (true / false; its text in major_incident_raw) and `majorCallObject.name` → related_ticket_ref: an incident
 * linked to a major call is not itself one. Assumed [?]: the English UI label `Major call` and its yes/no or
 * ja/nee values in a list export; the Dutch label is not known and is not guessed.
 */
export const topdesk: SourceAdapter = {
  id: 'topdesk',
  name: 'TOPdesk',
  notes:
    'Incidents (REST keys, English and Dutch [?] labels) and operator changes [K]. No SLA flag in the export (targetDate vs completedDate). Assets (template-specific fields) are not mapped.',
  signature: {
    'briefdescription': 5,
    'calldate': 5,
    'operatorgroup': 5,
    'processingstatus': 5,
    'processingstatus.name': 5,
    'operatorgroup.name': 5,
    'caller.dynamicname': 5,
    'callerbranch': 5,
    'majorcall': 5,
    'majorcallobject': 3,
    'completeddate': 3,
    'calltype': 3,
    'entrytype': 3,
    'closurecode': 3,
    'onholdduration': 3,
    'targetdate': 2,
    'responsedate': 2,
    'closeddate': 1,
    'externalnumber': 1,
    // English UI labels [?]
    'brief description': 3,
    'call date': 3,
    'operator group': 3,
    'processing status': 3,
    'call type': 2,
    'entry type': 2,
    // Dutch UI labels [?]
    'incidentnummer': 5,
    'korte omschrijving': 5,
    'aanmelddatum': 5,
    'operatorgroep': 5,
    'behandelaarsgroep': 5,
    'streefdatum': 3,
    'soort melding': 3,
    'soort binnenkomst': 3,
    'verwerkingsstatus': 3,
    'afmelddatum': 3,
    'datum afgemeld': 3,
    'datum gereed': 3,
    'gereed': 1,
    'afgemeld': 1,
    'melder': 1,
    // changes [K]
    'plannedimplementationdate': 3,
    'plannedfinaldate': 3,
    'currentphase': 3,
  },
  vocab: {
    kind: {
      map: {
        incident: 'incident', storing: 'incident', verstoring: 'incident', 'major incident': 'incident',
        request: 'service_request', 'service request': 'service_request', verzoek: 'service_request', aanvraag: 'service_request',
        question: 'service_request', vraag: 'service_request', 'request for information': 'service_request',
        complaint: 'other', klacht: 'other',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        logged: 'new', registered: 'new', aangemeld: 'new', geregistreerd: 'new', new: 'new', nieuw: 'new',
        'in progress': 'in_progress', 'in behandeling': 'in_progress',
        scheduled: 'assigned', ingepland: 'assigned', assigned: 'assigned', toegewezen: 'assigned',
        'on hold': 'pending', 'in de wacht': 'pending',
        completed: 'resolved', gereed: 'resolved', resolved: 'resolved', opgelost: 'resolved',
        closed: 'closed', afgemeld: 'closed', gesloten: 'closed',
        cancelled: 'cancelled', canceled: 'cancelled', geannuleerd: 'cancelled', vervallen: 'cancelled',
      },
      patterns: [
        ['^waiting', 'pending'],
        ['^wachten', 'pending'],
      ],
    },
    // configurable: P1…P5, "Prio 2", "1 - Kritiek" … the first digit is the level; names as a fallback
    priority: {
      map: {
        critical: 1, kritiek: 1, urgent: 1, 'zeer hoog': 1, high: 2, hoog: 2, medium: 3, normal: 3, normaal: 3, gemiddeld: 3,
        low: 4, laag: 4, 'very low': 5, 'zeer laag': 5,
      },
      patterns: [['^[^0-9]*([0-9])', '$1']],
      otherwise: null,
    },
    level: {
      map: { high: 1, hoog: 1, groot: 1, medium: 2, gemiddeld: 2, normaal: 2, low: 3, laag: 3, klein: 3 },
      patterns: [['^[^0-9]*([0-9])', '$1']],
      otherwise: null,
    },
    channel: {
      map: {
        'e-mail': 'email', email: 'email', mail: 'email', telephone: 'phone', phone: 'phone', telefoon: 'phone', telefonisch: 'phone',
        portal: 'portal', 'self service portal': 'portal', 'self-service portal': 'portal', ssp: 'portal', selfservice: 'portal',
        'self-service': 'portal', web: 'portal', website: 'portal', chat: 'chat', 'walk-in': 'walk_in', balie: 'walk_in', loket: 'walk_in',
        'in person': 'walk_in', persoonlijk: 'walk_in', automation: 'api', automatisch: 'api', api: 'api', monitoring: 'monitoring', event: 'monitoring',
      },
    },
    change_type: { map: { simple: 'standard', eenvoudig: 'standard', extensive: 'normal', uitgebreid: 'normal', emergency: 'emergency', spoed: 'emergency' } },
    change_status: {
      map: {
        rfc: 'draft', requested: 'draft', aangevraagd: 'draft', progress: 'implement', 'in progress': 'implement', 'in behandeling': 'implement',
        evaluation: 'review', evaluatie: 'review', closed: 'closed', completed: 'closed', afgemeld: 'closed', gereed: 'closed',
        canceled: 'cancelled', cancelled: 'cancelled', rejected: 'cancelled', geannuleerd: 'cancelled', afgewezen: 'cancelled',
      },
    },
    rejected: { map: { true: 'rejected', ja: 'rejected', yes: 'rejected' }, otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'incidents',
      tokens: { calldate: 2, 'processingstatus': 2, 'aanmelddatum': 2, 'incidentnummer': 3, calltype: 1 },
      idPrefixes: ['I ', 'I', 'M'],
      fields: {
        source_id: ['number', 'incidentnummer', 'meldingnummer', 'incident number', 'call number'],
        kind: { from: ['calltype.name', 'calltype', 'call type', 'soort melding'], vocab: 'kind', value: 'incident' },
        title: ['briefdescription', 'brief description', 'korte omschrijving'],
        description: ['request', 'verzoek'],
        status: { from: ['processingstatus.name', 'processingstatus', 'processing status', 'verwerkingsstatus', 'status'], vocab: 'status' },
        priority: { from: ['priority.name', 'priority', 'prioriteit'], vocab: 'priority' },
        impact: { from: ['impact.name', 'impact'], vocab: 'level' },
        urgency: { from: ['urgency.name', 'urgency', 'urgentie'], vocab: 'level' },
        category: ['category.name', 'category', 'categorie'],
        subcategory: ['subcategory.name', 'subcategory', 'subcategorie'],
        ci_name: ['object.name', 'object', 'asset.name', 'asset'],
        assignment_group: ['operatorgroup.name', 'operatorgroup', 'operator group', 'operatorgroep', 'behandelaarsgroep'],
        assignee: ['operator.name', 'operator', 'behandelaar'],
        requester: ['caller.dynamicname', 'caller dynamicname', 'caller', 'melder', 'aanmelder'],
        opened_by: ['creator.name', 'creator', 'invoerder'],
        location: ['callerlocation.name', 'callerlocation', 'location.name', 'location', 'vestiging'],
        channel: { from: ['entrytype.name', 'entrytype', 'entry type', 'soort binnenkomst'], vocab: 'channel' },
        opened_at: { from: ['calldate', 'call date', 'aanmelddatum', 'datum aanmelding'], fallback: ['creationdate', 'creation date'] },
        first_response_at: ['responsedate', 'response date', 'reactiedatum'],
        resolved_at: ['completeddate', 'completed date', 'datum gereed', 'gereed datum', 'gereedmelddatum'],
        closed_at: ['closeddate', 'closed date', 'datum afgemeld', 'afmelddatum', 'afgemeld datum'],
        updated_at: ['modificationdate', 'modification date', 'wijzigingsdatum'],
        due_at: ['targetdate', 'target date', 'streefdatum'],
        resolution_code: ['closurecode.name', 'closurecode', 'closure code', 'afmeldcode', 'afhandelingscode'],
        related_ticket_ref: ['mainincident', 'majorcallobject.name', 'majorcallobject'],
        major_incident: { from: ['majorcall', 'major call'], vocab: 'bool' },
        problem_ref: ['problem', 'probleem'],
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'operatorChanges',
      tokens: { changetype: 3, currentphase: 3, plannedimplementationdate: 3, plannedfinaldate: 2 },
      idPrefixes: ['C', 'W'],
      fields: {
        source_id: ['number', 'wijzigingsnummer', 'change number'],
        title: ['briefdescription', 'brief description', 'korte omschrijving'],
        change_type: { from: ['changetype', 'change type', 'soort wijziging'], vocab: 'change_type' },
        status: { from: ['status.name', 'status', 'currentphase'], vocab: 'change_status' },
        approval: { from: ['rejected'], vocab: 'rejected' },
        priority: { from: ['priority.name', 'priority', 'prioriteit'], vocab: 'priority' },
        category: ['category.name', 'category', 'categorie'],
        ci_name: ['object.name', 'object', 'asset.name', 'asset'],
        assignee: ['manager.name', 'manager'],
        requested_by: ['requester.name', 'requester', 'aanvrager'],
        opened_at: ['creationdate', 'calldate', 'aanvraagdatum'],
        planned_start: ['plannedstartdate'],
        planned_end: ['plannedfinaldate', 'plannedimplementationdate'],
        closed_at: ['closeddate', 'datum afgemeld'],
      },
    },
  ],
};
