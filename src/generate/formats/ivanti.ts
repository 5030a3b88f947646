/**
 * Ivanti Neurons for ITSM / Service Manager (HEAT lineage; adapter src/sources/ivanti.ts, export-formats.md
 * §13.1): the OData business objects exported flat with their field names, one file per object:
 * `Incident` (`RecId, IncidentNumber, Subject, Symptom, Status, Priority, … OwnerTeam, ProfileFullName,
 * CreatedDateTime, RespondedDateTime, ResolvedDateTime, ClosedDateTime, CauseCode, FirstCallResolution, SLA,
 * SLADisplayText, ProblemLink_RecID …` [V]), `ServiceReq` (`ServiceReqNumber`), `Change` (`ChangeNumber,
 * TypeOfChange, Risk, ScheduledStartDate …` [K]) and `Problem` (`ProblemNumber` [K]). Dates ISO UTC
 * (`2025-01-05T14:04:00Z`), Priority "1".."5" (1 highest), statuses Logged / Active / Waiting for Customer /
 * Resolved / Closed / Cancelled, TypeOfIncident Failure.
 * Null in truth.json: SLA attainment (met/breached lives in escalation-watch records, not on the incident), FCR
 * (FirstCallResolution is an agent checkbox the adapter reads for interactions only; no reassignment count) and
 * reopen rate (no reopen count), change success rate (a Change record has no outcome field the adapter reads).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%dT%H:%M:%SZ';
const LEVEL = strList(['High', 'High', 'Medium', 'Low', 'Low']);
const recId = (prefix: string, x: string) => `upper(md5('${prefix}' || (${x})))`;
export const IVANTI_INCIDENT_HEADER = [
  'RecId', 'IncidentNumber', 'Subject', 'Symptom', 'Status', 'Priority', 'Urgency', 'Impact', 'Category', 'Subcategory', 'Service',
  'TypeOfIncident', 'Source', 'Owner', 'OwnerTeam', 'OwnerEmail', 'ProfileFullName', 'ProfileLink_RecID', 'Email', 'CustomerDepartment',
  'CustomerLocation', 'CreatedBy', 'CreatedDateTime', 'LastModBy', 'LastModDateTime', 'RespondedBy', 'RespondedDateTime', 'ResolvedBy',
  'ResolvedDateTime', 'ClosedBy', 'ClosedDateTime', 'Resolution', 'CauseCode', 'FirstCallResolution', 'SLA', 'SLADisplayText',
  'ProblemLink_RecID', 'IsVIP',
] as const;
export const IVANTI_SERVICEREQ_HEADER = [
  'RecId', 'ServiceReqNumber', 'Subject', 'Symptom', 'Status', 'Priority', 'Urgency', 'Impact', 'Category', 'Service', 'Source', 'Owner',
  'OwnerTeam', 'ProfileFullName', 'ProfileLink_RecID', 'CustomerLocation', 'CreatedBy', 'CreatedDateTime', 'LastModDateTime',
  'RespondedDateTime', 'ResolvedDateTime', 'ClosedDateTime',
] as const;
export const IVANTI_CHANGE_HEADER = [
  'RecId', 'ChangeNumber', 'Subject', 'Description', 'TypeOfChange', 'Status', 'Risk', 'Priority', 'Category', 'Service', 'Owner',
  'OwnerTeam', 'RequestorFullName', 'CreatedDateTime', 'LastModDateTime', 'ScheduledStartDate', 'ScheduledEndDate', 'ActualStartDate',
  'ActualEndDate', 'ClosedDateTime',
] as const;
export const IVANTI_PROBLEM_HEADER = [
  'RecId', 'ProblemNumber', 'Subject', 'Description', 'Status', 'Priority', 'Category', 'Service', 'Owner', 'OwnerTeam', 'RootCause',
  'Workaround', 'CreatedDateTime', 'LastModDateTime', 'ResolvedDateTime', 'ClosedDateTime',
] as const;

export async function writeIvanti(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const status = `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
    WHEN state_open = 'New' THEN 'Logged' WHEN state_open = 'On Hold' THEN 'Waiting for Customer' ELSE 'Active' END`;
  const source = `pick(['Phone', 'Email', 'Self Service', 'Chat', 'Walk-in', 'Event'], u(i, 'iv.src'))`;
  const loc = `pick(${strList(['Amsterdam HQ', 'Utrecht Campus', 'Berlin Office', 'London Office'])}, u(i, 'iv.loc'))`;
  const common = {
    Subject: `short_description`,
    Symptom: `short_description || chr(10) || 'Reported by ' || person(usr)`,
    Status: status,
    Priority: `priority::VARCHAR`,
    Urgency: `${LEVEL}[priority]`,
    Impact: `${LEVEL}[least(5, priority + 1)]`,
    Service: `business_service`,
    Source: source,
    Owner: `assigned_to`,
    OwnerTeam: `grp`,
    ProfileFullName: `person(usr)`,
    ProfileLink_RecID: recId('usr', 'usr'),
    CustomerLocation: loc,
    CreatedBy: `CASE WHEN u(i, 'iv.cb') < 0.3 THEN person(usr) ELSE agent('Service Desk', u(i, 'iv.cb2')) END`,
    CreatedDateTime: fmt('opened', DATE),
    LastModDateTime: fmt(updated(p), DATE),
    RespondedDateTime: fmt(responded, DATE),
    ResolvedDateTime: fmt('resolved', DATE),
    ClosedDateTime: fmt('closed', DATE),
  };
  const files: string[] = [];
  files.push(await writeCsv(exec, out, 'ivanti_incidents.csv', IVANTI_INCIDENT_HEADER, [{
    from: `${pq(x.tk)} WHERE kind = 'incident'`,
    cells: {
      ...common,
      RecId: recId('inc', 'i'),
      IncidentNumber: TRAITS.ivanti!.ticketId('i'),
      Category: `${strList(CATEGORIES.map((c) => c.name))}[cat + 1]`,
      Subcategory: `subcategory`,
      TypeOfIncident: `'Failure'`,
      OwnerEmail: `lower(replace(assigned_to, ' ', '.')) || '@example.com'`,
      Email: `lower(replace(person(usr), ' ', '.')) || '@example.com'`,
      CustomerDepartment: `pick(['Finance', 'Sales', 'HR', 'Operations', 'IT', 'Legal'], u(i, 'iv.dep'))`,
      LastModBy: `coalesce(assigned_to, 'InternalServices')`,
      RespondedBy: `CASE WHEN ${responded} IS NOT NULL THEN assigned_to END`,
      ResolvedBy: `CASE WHEN resolved IS NOT NULL THEN assigned_to END`,
      ClosedBy: `CASE WHEN closed IS NOT NULL AND NOT canceled THEN 'InternalServices' WHEN canceled THEN agent('Service Desk', u(i, 'iv.cx')) END`,
      Resolution: `CASE WHEN resolved IS NOT NULL THEN 'Resolved: ' || lower(short_description) END`,
      CauseCode: `CASE WHEN resolved IS NOT NULL THEN pick(['Configuration', 'Hardware Failure', 'Software Bug', 'User Error', 'Network'], u(i, 'cc')) END`,
      FirstCallResolution: `CASE WHEN resolved IS NOT NULL AND reassignment_count = 0 AND resolved - opened < 1800 THEN 'True' ELSE 'False' END`,
      SLA: `'Standard IT SLA'`,
      SLADisplayText: `'Standard IT SLA - Priority ' || priority`,
      ProblemLink_RecID: `CASE WHEN problem IS NOT NULL THEN ${recId('prb', 'problem')} END`,
      IsVIP: `CASE WHEN u(i, 'iv.vip') < 0.05 THEN 'True' ELSE 'False' END`,
    },
  }]));
  files.push(await writeCsv(exec, out, 'ivanti_servicereqs.csv', IVANTI_SERVICEREQ_HEADER, [{
    from: `${pq(x.tk)} WHERE kind = 'service_request'`,
    cells: {
      ...common,
      RecId: recId('req', 'i'),
      ServiceReqNumber: `(i // 4 + 1)::VARCHAR`,
      Status: `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Fulfilled'
        WHEN state_open = 'New' THEN 'Submitted' WHEN state_open = 'On Hold' THEN 'Waiting for Approval' ELSE 'Active' END`,
      Category: `'Service Request'`,
      Service: `cat_item`,
    },
  }]));
  if (p.nChg > 0) {
    files.push(await writeCsv(exec, out, 'ivanti_changes.csv', IVANTI_CHANGE_HEADER, [{
      from: pq(x.chg),
      cells: {
        RecId: recId('chg', 'c'),
        ChangeNumber: `(c + 1)::VARCHAR`,
        Subject: `short_description`,
        Description: `type || ' change on ' || ci`,
        TypeOfChange: `type`,
        Status: `CASE state WHEN 'New' THEN 'Logged' WHEN 'Assess' THEN 'Pending' WHEN 'Authorize' THEN 'Pending Approval' WHEN 'Scheduled' THEN 'Scheduled'
          WHEN 'Implement' THEN 'Implementation' WHEN 'Review' THEN 'Review' WHEN 'Closed' THEN 'Closed' ELSE 'Cancelled' END`,
        Risk: `CASE type WHEN 'Standard' THEN 'Low' WHEN 'Emergency' THEN pick(['High', 'Very High'], u(c, 'c.risk')) ELSE wpick(['Low', 'Medium', 'High'], [0.4, 0.85, 1.0], u(c, 'c.risk')) END`,
        Priority: `CASE type WHEN 'Emergency' THEN '1' ELSE wpick(['2', '3', '4'], [0.1, 0.6, 1.0], u(c, 'c.pri')) END`,
        Category: `category`,
        Service: `pick(${strList(['Email', 'SAP ERP', 'HR Portal', 'Collaboration', 'Intranet', 'Corporate Network', 'Data Platform'])}, u(c, 'c.svc'))`,
        Owner: `agent(grp, u(c, 'c.agent'))`,
        OwnerTeam: `grp`,
        RequestorFullName: `agent('Service Desk', u(c, 'iv.req'))`,
        CreatedDateTime: fmt('opened', DATE),
        LastModDateTime: fmt('coalesce(closed, wend, wstart, opened)', DATE),
        ScheduledStartDate: fmt('pstart', DATE),
        ScheduledEndDate: fmt('pend', DATE),
        ActualStartDate: fmt('wstart', DATE),
        ActualEndDate: fmt('wend', DATE),
        ClosedDateTime: fmt('closed', DATE),
      },
    }]));
  }
  if (p.nPrb > 0) {
    files.push(await writeCsv(exec, out, 'ivanti_problems.csv', IVANTI_PROBLEM_HEADER, [{
      from: pq(x.prb),
      cells: {
        RecId: recId('prb', 'pp'),
        ProblemNumber: `(pp + 1)::VARCHAR`,
        Subject: `short_description`,
        Description: `'Problem record for ' || ci`,
        Status: `CASE state WHEN 'New' THEN 'Logged' WHEN 'Assess' THEN 'Active' WHEN 'Root Cause Analysis' THEN 'Investigation' WHEN 'Fix in Progress' THEN 'Fix in Progress'
          WHEN 'Resolved' THEN 'Resolved' ELSE 'Closed' END`,
        Priority: `priority::VARCHAR`,
        Category: `pick(${strList(CATEGORIES.map((c) => c.name))}, u(pp, 'iv.cat'))`,
        Service: `pick(${strList(['Email', 'SAP ERP', 'HR Portal', 'Collaboration', 'Intranet', 'Corporate Network', 'Data Platform'])}, u(pp, 'iv.svc'))`,
        Owner: `agent(grp, u(pp, 'p.agent'))`,
        OwnerTeam: `grp`,
        RootCause: `CASE WHEN resolved IS NOT NULL THEN pick(['Memory leak in service after patch', 'Expired certificate in chain', 'Undersized connection pool'], u(pp, 'p.cause')) END`,
        Workaround: `CASE WHEN has_workaround THEN 'Restart the service' END`,
        CreatedDateTime: fmt('opened', DATE),
        LastModDateTime: fmt('coalesce(closed, resolved, opened)', DATE),
        ResolvedDateTime: fmt('resolved', DATE),
        ClosedDateTime: fmt('closed', DATE),
      },
    }]));
  }
  return files;
}
