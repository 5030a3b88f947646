import type { SourceAdapter } from './types.js';

/**
 * Znuny / ((OTRS)) Community Edition / OTOBO: the agent ticket search export (CSV/Excel) and the statistics
 * "Ticketlist" export, plus OTRS::ITSM change lists. Facts: export-formats.md §11.
 *
 * Verified [V]: the default SearchCSVData keys (`TicketNumber, Age, Created, Closed, FirstLock, FirstResponse,
 * State, Priority, Queue, Lock, Owner, …, SolutionInMin, SolutionDiffInMin, FirstResponseInMin,
 * FirstResponseDiffInMin`), the `Customer Realname` / `Ticket Number` labels, and the Ticketlist labels
 * (`Ticket#`, `Close Time`, `First Lock`, `Accounted time`, `Agent/Owner`, `Customer User`, `StateType`,
 * `SolutionTimeDestinationDate` …).
 * Unverified [K/?], so keep the mapping overridable (`--mapping … extends: otrs`): the state/priority
 * vocabularies (admins rename them), the German labels (Erstellt, Geschlossen, Besitzer, Kundennummer,
 * Erfasste Zeit …; the *InMin keys may also be translated in German exports), the ITSM ticket types and the
 * ITSM change export (ChangeNumber, ChangeTitle, ChangeState …).
 * Priority runs the other way ("5 very high" … "1 very low") and is reversed here. OTRS has no resolved
 * state: resolved_at = closed_at = the close time.
 * SLA: `SolutionDiffInMin` (else `FirstResponseDiffInMin`) < 0 ⇒ breached; an overall "both met" flag would
 * need a rule combining two columns (not in the pipeline yet).
 */
const reversed5 = {
  map: {
    '5 very high': 1, '4 high': 2, '3 normal': 3, '2 low': 4, '1 very low': 5,
    '5 sehr hoch': 1, '4 hoch': 2, '2 niedrig': 4, '1 sehr niedrig': 5,
    'very high': 1, high: 2, normal: 3, low: 4, 'very low': 5,
  },
  patterns: [
    ['^\\s*5', 1],
    ['^\\s*4', 2],
    ['^\\s*3', 3],
    ['^\\s*2', 4],
    ['^\\s*1', 5],
  ] as [string, number][],
  otherwise: null,
};

export const otrs: SourceAdapter = {
  id: 'otrs',
  name: 'Znuny / OTRS / OTOBO',
  notes:
    'Ticket search CSV and statistics Ticketlist exports (English keys/labels, German labels [?]); OTRS::ITSM change list [K]. Priority reversed (5 very high → 1). SLA flag from *DiffInMin < 0.',
  signature: {
    'ticketnumber': 3,
    'ticket#': 3,
    'ticket number': 1,
    'firstresponseinmin': 5,
    'firstresponsediffinmin': 5,
    'solutioninmin': 5,
    'solutiondiffinmin': 5,
    'customer realname': 5,
    'accountedtime': 5,
    'accounted time': 3,
    'statetype': 5,
    'firstlock': 5,
    'first lock': 3,
    'agent/owner': 5,
    'escalationsolutiontime': 5,
    'escalationresponsetime': 5,
    'solutiontimedestinationdate': 5,
    'firstresponsetimedestinationdate': 5,
    'unlocktimeout': 3,
    'untiltime': 3,
    'customer user': 2,
    'customerid': 2,
    'close time': 1,
    'firstresponse': 2,
    'queue': 0.5,
    // German labels [?]
    'erfasste zeit': 3,
    'kundennummer': 2,
    'kundenbenutzer': 2,
    'erste sperrung': 3,
    'erste reaktion': 2,
    // OTRS::ITSM change management [K]
    'changenumber': 2,
    'changetitle': 3,
    'changestate': 3,
    'plannedstarttime': 2,
    'actualstarttime': 2,
  },
  vocab: {
    kind: {
      map: {
        unclassified: 'incident', default: 'incident', incident: 'incident', 'incident::major': 'incident', 'incident::disaster': 'incident',
        servicerequest: 'service_request', 'service request': 'service_request', request: 'service_request',
        problem: 'other', rfc: 'other',
      },
      otherwise: 'other',
    },
    status: {
      map: {
        new: 'new', neu: 'new',
        open: 'in_progress', offen: 'in_progress',
        'pending reminder': 'pending', 'pending auto': 'pending', 'pending auto close+': 'pending', 'pending auto close-': 'pending',
        closed: 'closed', 'closed successful': 'closed', 'closed unsuccessful': 'closed',
        'erfolgreich geschlossen': 'closed', 'erfolglos geschlossen': 'closed',
        merged: 'cancelled', removed: 'cancelled', zusammengefasst: 'cancelled', entfernt: 'cancelled',
      },
      patterns: [
        ['^pending', 'pending'],
        ['^warten', 'pending'],
        ['^closed', 'closed'],
        ['geschlossen', 'closed'],
      ],
    },
    priority: reversed5,
    sla_diff: { patterns: [['^\\s*-', false], ['^\\s*\\+?[0-9]', true]], otherwise: null },
    change_status: {
      map: {
        requested: 'draft', 'pending approval': 'authorize', approved: 'scheduled', 'in progress': 'implement',
        'pending pir': 'review', successful: 'closed', failed: 'closed', rejected: 'cancelled', canceled: 'cancelled',
        cancelled: 'cancelled', retracted: 'cancelled',
      },
    },
    outcome: {
      map: { successful: 'successful', failed: 'unsuccessful', canceled: 'cancelled', cancelled: 'cancelled', retracted: 'cancelled', rejected: 'cancelled' },
      otherwise: null,
    },
    approval: { map: { 'pending approval': 'requested', approved: 'approved', rejected: 'rejected' }, otherwise: null },
  },
  objects: [
    {
      object: 'ticket',
      table: 'ticket',
      sourceTable: 'ticket',
      tokens: { 'firstresponseinmin': 2, 'solutioninmin': 2, 'customer realname': 2, 'ticket#': 2, statetype: 2 },
      fields: {
        source_id: ['ticketnumber', 'ticket#', 'ticket number', 'ticketnummer'],
        kind: { from: ['type', 'typ'], vocab: 'kind', value: 'incident' },
        title: ['title', 'titel', 'subject', 'betreff'],
        status: { from: ['statetype', 'state', 'status'], vocab: 'status' },
        priority: { from: ['priority', 'priorität'], vocab: 'priority' },
        impact: { from: ['dynamicfield itsmimpact', 'itsmimpact'], vocab: 'priority' },
        service: ['service'],
        category: ['service', 'queue'],
        assignment_group: ['queue'],
        assignee: ['owner', 'agent/owner', 'besitzer', 'responsible', 'verantwortlicher'],
        requester: ['customeruserid', 'customer user', 'customer realname', 'customername', 'from', 'kundenbenutzer', 'kunde'],
        opened_at: ['created', 'erstellt'],
        first_response_at: ['firstresponse', 'first response', 'erste reaktion'],
        resolved_at: ['closed', 'close time', 'geschlossen'],
        closed_at: ['closed', 'close time', 'geschlossen'],
        updated_at: ['changed', 'geändert'],
        due_at: ['solutiontimedestinationdate'],
        sla_met: { from: 'solutiondiffinmin', fallback: 'firstresponsediffinmin', vocab: 'sla_diff' },
      },
    },
    {
      object: 'change',
      table: 'change',
      sourceTable: 'ITSMChange',
      tokens: { changenumber: 3, changetitle: 3, changestate: 3 },
      fields: {
        source_id: ['changenumber', 'change#', 'change number'],
        title: ['changetitle', 'change title', 'title'],
        status: { from: ['changestate', 'change state'], vocab: 'change_status' },
        outcome: { from: ['changestate', 'change state'], vocab: 'outcome' },
        approval: { from: ['changestate', 'change state'], vocab: 'approval' },
        priority: { from: 'priority', vocab: 'priority' },
        category: ['category'],
        assignee: ['changebuilder', 'change builder'],
        requested_by: ['changemanager', 'change manager'],
        opened_at: ['createtime', 'created'],
        planned_start: ['plannedstarttime'],
        planned_end: ['plannedendtime'],
        actual_start: ['actualstarttime'],
        actual_end: ['actualendtime'],
        closed_at: ['actualendtime'],
      },
    },
  ],
};
