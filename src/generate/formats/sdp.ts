/**
 * ManageEngine ServiceDesk Plus (adapter src/sources/sdp.ts, export-formats.md §8): the request list export
 * with its display labels (`Request ID, Subject, Request Status, Technician, DueBy Time, Overdue Status,
 * ReOpened …`) and the change list export (§8.4 [K]: `Change ID, Title, Change Type, Stage, Closure Code …`).
 * Dates in the technician's format, here `MMM d, yyyy hh:mm a` (`Jan 05, 2025 02:04 PM`, UTC). Priority
 * High > Medium > Normal > Low (the defaults), Request Type Incident / Service Request.
 * Supported: SLA (`Overdue Status` false = met), reopen rate (`ReOpened` true/false), change success rate
 * (`Closure Code` Successful / Successful with issues / Failed on completed changes; `Completed Time` = the end
 * of the implementation, the only completion time the list has). FCR is null: no reassignment count.
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%b %d, %Y %I:%M %p';
const PRI = strList(['High', 'Medium', 'Normal', 'Low', 'Low']);
const LEVEL = strList(['High', 'Medium', 'Medium', 'Low', 'Low']);
export const SDP_REQUEST_HEADER = [
  'Request ID', 'Subject', 'Requester', 'Request Type', 'Request Mode', 'Created Time', 'Group', 'Technician', 'Request Status',
  'Priority', 'Impact', 'Urgency', 'Category', 'Subcategory', 'Item', 'Service Category', 'Site', 'DueBy Time', 'Response DueBy Time',
  'Responded Date', 'First Response Overdue Status', 'Overdue Status', 'ReOpened', 'Resolved Time', 'Completed Time', 'Last Update Time',
  'Request Closure Code', 'Time Elapsed',
] as const;
export const SDP_CHANGE_HEADER = [
  'Change ID', 'Title', 'Change Type', 'Stage', 'Status', 'Priority', 'Impact', 'Urgency', 'Risk', 'Category', 'Change Owner',
  'Change Manager', 'Group', 'Scheduled Start Time', 'Scheduled End Time', 'Completed Time', 'Created Time', 'Closure Code',
  'Reason for Change', 'Assets', 'Services Affected',
] as const;

export async function writeSdp(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const req = await writeCsv(exec, out, 'sdp_requests.csv', SDP_REQUEST_HEADER, [{
    from: pq(x.tk),
    cells: {
      'Request ID': `i + 1`,
      Subject: `short_description`,
      Requester: `person(usr)`,
      'Request Type': `CASE WHEN kind = 'service_request' THEN 'Service Request' ELSE 'Incident' END`,
      'Request Mode': `pick(['E-Mail', 'Web Form', 'Phone Call', 'Walk-in', 'Chat'], u(i, 'sd.mode'))`,
      'Created Time': fmt('opened', DATE),
      Group: `grp`,
      Technician: `assigned_to`,
      'Request Status': `CASE WHEN canceled THEN 'Canceled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
        WHEN state_open = 'On Hold' THEN 'On Hold' ELSE 'Open' END`,
      Priority: `${PRI}[priority]`,
      Impact: `${LEVEL}[priority]`,
      Urgency: `${LEVEL}[least(5, priority + 1)]`,
      Category: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Service Request' END`,
      Subcategory: `CASE WHEN kind = 'incident' THEN subcategory END`,
      Item: `CASE WHEN kind = 'service_request' THEN cat_item END`,
      'Service Category': `business_service`,
      Site: `pick(${strList(['Amsterdam HQ', 'Berlin Office', 'London Office', 'Paris Office'])}, u(i, 'sd.site'))`,
      'DueBy Time': fmt('opened + target_s', DATE),
      'Response DueBy Time': fmt('opened + 14400', DATE),
      'Responded Date': fmt(responded, DATE),
      'First Response Overdue Status': `CASE WHEN ${responded} IS NULL THEN NULL WHEN ${responded} - opened > 14400 THEN 'true' ELSE 'false' END`,
      'Overdue Status': `CASE WHEN made_sla THEN 'false' ELSE 'true' END`,
      ReOpened: `CASE WHEN reopen_count > 0 THEN 'true' ELSE 'false' END`,
      'Resolved Time': fmt('resolved', DATE),
      'Completed Time': fmt('closed', DATE),
      'Last Update Time': fmt(updated(p), DATE),
      'Request Closure Code': `CASE WHEN canceled THEN 'Canceled' WHEN closed IS NOT NULL THEN pick(['Success', 'Success', 'Success', 'Partial Success', 'Unable to Reproduce'], u(i, 'cc')) END`,
      'Time Elapsed': `CASE WHEN resolved IS NOT NULL THEN printf('%d hrs %d mins', (resolved - opened) // 3600, (resolved - opened) % 3600 // 60) END`,
    },
  }]);
  const files = [req];
  if (p.nChg > 0) {
    const chg = await writeCsv(exec, out, 'sdp_changes.csv', SDP_CHANGE_HEADER, [{
      from: pq(x.chg),
      cells: {
        'Change ID': `c + 1`,
        Title: `short_description`,
        'Change Type': `CASE type WHEN 'Normal' THEN pick(['Minor', 'Major', 'Significant'], u(c, 'c.sz')) ELSE type END`,
        Stage: `CASE state WHEN 'New' THEN 'Submission' WHEN 'Assess' THEN 'Planning' WHEN 'Authorize' THEN 'Approval' WHEN 'Scheduled' THEN 'Implementation'
          WHEN 'Implement' THEN 'Implementation' WHEN 'Review' THEN 'Review' WHEN 'Closed' THEN 'Close' ELSE 'Canceled' END`,
        Status: `CASE state WHEN 'Closed' THEN 'Completed' WHEN 'Canceled' THEN 'Canceled' WHEN 'Scheduled' THEN 'Scheduled' ELSE 'In Progress' END`,
        Priority: `CASE type WHEN 'Emergency' THEN 'High' ELSE wpick(['High', 'Medium', 'Low'], [0.1, 0.6, 1.0], u(c, 'c.pri')) END`,
        Impact: `pick(['High', 'Medium', 'Low'], u(c, 'sd.imp'))`,
        Urgency: `CASE type WHEN 'Emergency' THEN 'High' ELSE pick(['Medium', 'Low'], u(c, 'sd.urg')) END`,
        Risk: `CASE type WHEN 'Standard' THEN 'Low' WHEN 'Emergency' THEN pick(['High', 'Very High'], u(c, 'c.risk')) ELSE wpick(['Low', 'Medium', 'High'], [0.4, 0.85, 1.0], u(c, 'c.risk')) END`,
        Category: `category`,
        'Change Owner': `agent(grp, u(c, 'c.agent'))`,
        'Change Manager': `agent('Service Desk', u(c, 'sd.mgr'))`,
        Group: `grp`,
        'Scheduled Start Time': fmt('pstart', DATE),
        'Scheduled End Time': fmt('pend', DATE),
        'Completed Time': fmt(`CASE WHEN state IN ('Review', 'Closed') THEN wend END`, DATE),
        'Created Time': fmt('opened', DATE),
        'Closure Code': `CASE close_code WHEN 'Successful' THEN 'Successful' WHEN 'Successful with issues' THEN 'Successful with issues' WHEN 'Unsuccessful' THEN 'Failed' END`,
        'Reason for Change': `pick(['Security patch', 'New feature', 'Capacity', 'End of support', 'Fix for a known error'], u(c, 'sd.why'))`,
        Assets: `ci`,
        'Services Affected': `pick(${strList(['Email', 'SAP ERP', 'HR Portal', 'Collaboration', 'Intranet', 'Corporate Network', 'Data Platform', 'End User Computing'])}, u(c, 'c.svc'))`,
      },
    }]);
    files.push(chg);
  }
  return files;
}
