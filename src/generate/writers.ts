/**
 * Format writers: turn the internal Parquet tables into the files each tool exports. Cosmetic columns
 * (names, labels) are derived here with the same u(i, salt) macros; anything a KPI reads is already in
 * the internal table so that truth.json and the files cannot disagree.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { join } from 'node:path';
import type { Plan } from './sql.js';
import { changeSql, q, strList } from './sql.js';
import { pathLit } from '../store/db.js';
import { CATEGORIES, CHANGE_CATEGORIES, CI_CLASSES, CLUSTERS, CONTACT_CUM, CONTACT_TYPES, DEPARTMENTS, FIRST_NAMES, GROUP_WBS, GROUPS, LOCATIONS, SLA_POLICY_HOURS, REQUEST_SLA_HOURS } from './model.js';

export type Exec = (sql: string) => Promise<void>;

export interface Internal {
  tk: string;
  chg: string;
  prb: string;
  int: string;
}

const SN_DATE = '%Y-%m-%d %H:%M:%S';
const JIRA_DATE = '%d/%b/%y %-I:%M %p';
const HPSM_INC_DATE = '%d/%m/%Y %H:%M:%S';
const HPSM_DATE = '%-d-%-m-%Y %-H:%M';

export const fmt = (x: string, f: string) => `strftime(ts(${x}), '${f}')`;
export const pq = (path: string) => `read_parquet(${pathLit(path)})`;
export const csvOpts = (header: boolean, delim = ',', crlf = false) =>
  `(FORMAT csv, HEADER ${header}, DELIMITER '${delim}', QUOTE '"', ESCAPE '"'${crlf ? ", NEW_LINE '\\r\\n'" : ''})`;

/** Writes header + the given part files into dest (streamed), then removes the parts. */
export async function concat(dest: string, header: string, parts: string[], unquote?: string): Promise<void> {
  const out = createWriteStream(dest);
  await new Promise<void>((res, rej) => out.write(header, (e) => (e ? rej(e) : res())));
  for (const part of parts) {
    if (unquote) await pipeline(createReadStream(part), unquoteStream(unquote), out, { end: false });
    else await pipeline(createReadStream(part), out, { end: false });
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  for (const part of parts) await rm(part, { force: true });
}

/**
 * DuckDB quotes every value containing '#'; HPSM writes `#MULTIVALUE` bare. Streams the file replacing
 * `"<token>"` by `<token>` (ASCII files; the unfinished last line of a chunk is carried over).
 */
function unquoteStream(token: string): Transform {
  const quoted = `"${token}"`;
  let carry = '';
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const text = carry + chunk.toString('latin1');
      // cut after the last line end: a token never spans lines
      const cut = text.lastIndexOf('\n') + 1;
      const head = text.slice(0, cut).split(quoted).join(token);
      carry = text.slice(cut);
      cb(null, Buffer.from(head, 'latin1'));
    },
    flush(cb) {
      cb(null, Buffer.from(carry.split(quoted).join(token), 'latin1'));
    },
  });
}

export const chgNo = (x: string) => `'CHG' || printf('%07d', (${x}) + 1)`;
export const prbNo = (x: string) => `'PRB' || printf('%07d', (${x}) + 1)`;
export const incNoSn = (x: string) => `'INC' || printf('%07d', (${x}) - (${x}) // 4 + 1)`;
export const reqNoSn = (x: string) => `'RITM' || printf('%07d', (${x}) // 4 + 1)`;
export const jiraKey = (x: string) => `'ITSD-' || ((${x}) + 1)`;
export const hpsmIncNo = (x: string) => `'IM' || printf('%07d', (${x}) + 1)`;

const PRI_SN = strList(['1 - Critical', '2 - High', '3 - Moderate', '4 - Low', '5 - Planning']);
const IU_SN = strList(['1 - High', '2 - Medium', '3 - Low']);
// (impact, urgency) pairs consistent with ServiceNow's priority matrix
const IU_PAIRS = '[[11], [12, 21], [13, 22, 31], [23, 32, 33], [33]]';
const CLOSE_CODES_SN = strList([
  'Solved (Permanently)', 'Solved (Permanently)', 'Solved (Work Around)', 'Solved Remotely (Permanently)', 'Solved Remotely (Permanently)',
  'Solved Remotely (Work Around)', 'Not Solved (Not Reproducible)', 'Closed/Resolved by Caller',
]);
export const DESC_TAIL = strList(['Please help.', 'Urgent, users are blocked.', 'Bitte um Rückmeldung.', 'Started today.', 'Happens several times a day.', 'Workaround: restart, but it comes back.', '']);

export function updated(p: Plan): string {
  return `coalesce(closed, resolved, opened + floor(u(i, 'upd') * (${p.o.t1} - opened))::BIGINT)`;
}

// ---------------------------------------------------------------- ServiceNow
export async function writeServiceNow(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const files: string[] = [];
  const inc = join(out, 'incident.csv');
  const contact = `CASE WHEN cl = 1 THEN 'Monitoring' ELSE wpick(${strList(CONTACT_TYPES)}, [${CONTACT_CUM.join(', ')}], u(i, 'ct')) END`;
  await exec(`COPY (SELECT
    ${incNoSn('i')} AS number,
    short_description,
    short_description || chr(10) || chr(10) || 'Affected user: ' || person(usr) || '. ' || pick(${DESC_TAIL}, u(i, 'desc')) AS description,
    CASE WHEN canceled THEN 'Canceled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved' ELSE state_open END AS state,
    ${PRI_SN}[priority] AS priority,
    ${IU_SN}[pick(${IU_PAIRS}[priority], u(i, 'iu')) // 10] AS impact,
    ${IU_SN}[pick(${IU_PAIRS}[priority], u(i, 'iu')) % 10] AS urgency,
    ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] AS category,
    subcategory, business_service, ci AS cmdb_ci, grp AS assignment_group, assigned_to,
    CASE WHEN contact_type = 'Monitoring' THEN 'Event Management' ELSE person(usr) END AS caller_id,
    CASE WHEN contact_type = 'Monitoring' THEN 'Event Management' WHEN contact_type IN ('Self-service', 'Email') THEN person(usr)
         ELSE agent('Service Desk', u(i, 'ob')) END AS opened_by,
    ${strList(LOCATIONS)}[1 + usr % ${LOCATIONS.length}] AS location,
    contact_type,
    ${fmt('opened', SN_DATE)} AS opened_at, ${fmt('resolved', SN_DATE)} AS resolved_at, ${fmt('closed', SN_DATE)} AS closed_at,
    ${fmt(updated(p), SN_DATE)} AS sys_updated_on,
    made_sla, reassignment_count, reopen_count,
    CASE WHEN resolved IS NOT NULL THEN pick(${CLOSE_CODES_SN}, u(i, 'cc')) END AS close_code,
    ${prbNo('problem')} AS problem_id, ${chgNo('rfc_chg')} AS rfc, ${chgNo('caused_chg')} AS caused_by,
    CASE WHEN resolved IS NOT NULL THEN coalesce(assigned_to, agent(grp, u(i, 'agent'))) END AS resolved_by,
    md5('${o.seed}-inc-' || i) AS sys_id
  FROM (SELECT *, ${contact} AS contact_type FROM ${pq(x.tk)} WHERE kind = 'incident')) TO ${q(inc)} ${csvOpts(true)}`);
  files.push(inc);

  const req = join(out, 'sc_req_item.csv');
  await exec(`COPY (SELECT
    ${reqNoSn('i')} AS number, short_description,
    CASE WHEN canceled THEN 'Closed Incomplete' WHEN resolved IS NOT NULL THEN 'Closed Complete' WHEN state_open = 'New' THEN 'Open' ELSE 'Work in Progress' END AS state,
    ${PRI_SN}[priority] AS priority, cat_item, grp AS assignment_group, assigned_to, person(usr) AS requested_for,
    ${fmt('opened', SN_DATE)} AS opened_at, ${fmt('coalesce(resolved, CASE WHEN canceled THEN closed END)', SN_DATE)} AS closed_at,
    made_sla, md5('${o.seed}-req-' || i) AS sys_id
  FROM ${pq(x.tk)} WHERE kind = 'service_request') TO ${q(req)} ${csvOpts(true)}`);
  files.push(req);

  const chg = join(out, 'change_request.csv');
  await exec(`COPY (SELECT
    ${chgNo('c')} AS number, short_description, type, state,
    CASE type WHEN 'Standard' THEN 'Low' WHEN 'Emergency' THEN pick(['High', 'Very High'], u(c, 'c.risk'))
         ELSE wpick(['Low', 'Moderate', 'High'], [0.4, 0.85, 1.0], u(c, 'c.risk')) END AS risk,
    CASE type WHEN 'Emergency' THEN pick(['1 - Critical', '2 - High'], u(c, 'c.pri')) ELSE wpick(['2 - High', '3 - Moderate', '4 - Low'], [0.1, 0.6, 1.0], u(c, 'c.pri')) END AS priority,
    CASE WHEN type = 'Standard' AND state <> 'Canceled' THEN 'Approved'
         WHEN state IN ('New', 'Assess') THEN 'Not Yet Requested'
         WHEN state = 'Authorize' THEN 'Requested'
         WHEN state = 'Canceled' THEN CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 'Rejected' ELSE 'Not Yet Requested' END
         ELSE 'Approved' END AS approval,
    close_code, category, ci AS cmdb_ci,
    pick(${strList(['Email', 'SAP ERP', 'HR Portal', 'Collaboration', 'Intranet', 'Corporate Network', 'Data Platform', 'End User Computing'])}, u(c, 'c.svc')) AS business_service,
    grp AS assignment_group, agent(grp, u(c, 'c.agent')) AS assigned_to, person(7 + floor(u(c, 'c.req') * 500)::BIGINT * 13) AS requested_by,
    ${fmt('opened', SN_DATE)} AS opened_at, ${fmt('closed', SN_DATE)} AS closed_at,
    ${fmt('pstart', SN_DATE)} AS start_date, ${fmt('pend', SN_DATE)} AS end_date,
    ${fmt('wstart', SN_DATE)} AS work_start, ${fmt('wend', SN_DATE)} AS work_end,
    md5('${o.seed}-chg-' || c) AS sys_id
  FROM ${pq(x.chg)}) TO ${q(chg)} ${csvOpts(true)}`);
  files.push(chg);

  const prb = join(out, 'problem.csv');
  await exec(`COPY (SELECT
    ${prbNo('pp')} AS number, short_description, state,
    ${PRI_SN}[priority] AS priority,
    (has_workaround AND state NOT IN ('New', 'Assess')) AS known_error,
    ci AS cmdb_ci, grp AS assignment_group, agent(grp, u(pp, 'p.agent')) AS assigned_to,
    CASE WHEN resolved IS NOT NULL THEN pick(${strList(['Memory leak in service after patch', 'Misconfigured load balancer health check', 'Expired certificate in chain', 'Faulty firmware on controller', 'Undersized connection pool', 'Scheduled job overlaps with backup window'])}, u(pp, 'p.cause')) END AS cause_notes,
    CASE WHEN has_workaround AND state NOT IN ('New', 'Assess') THEN pick(${strList(['Restart the service', 'Clear the local cache and log on again', 'Fail over to the secondary node', 'Increase the quota temporarily', 'Use the web client instead'])}, u(pp, 'p.wa')) END AS workaround,
    ${chgNo('rfc_chg')} AS rfc,
    ${fmt('opened', SN_DATE)} AS opened_at, ${fmt('resolved', SN_DATE)} AS resolved_at, ${fmt('closed', SN_DATE)} AS closed_at,
    md5('${o.seed}-prb-' || pp) AS sys_id
  FROM ${pq(x.prb)}) TO ${q(prb)} ${csvOpts(true)}`);
  files.push(prb);

  const ast = join(out, 'alm_hardware.csv');
  const bs = p.blockStart;
  const cls = `len(list_filter([${bs.slice(1).join(', ')}], _bq -> _bq <= a))`;
  const models = `[${CI_CLASSES.map((c) => strList(c.models)).join(', ')}]`;
  await exec(`COPY (SELECT
    'P' || (1000000 + a) AS asset_tag,
    'P' || (1000000 + a) || ' - ' || model AS display_name,
    upper(substr(md5('${o.seed}-sn-' || a), 1, 10)) AS serial_number,
    ${strList(CI_CLASSES.map((c) => c.modelCategory))}[1 + k] AS model_category,
    model, install_status,
    CASE WHEN k IN (0, 1, 5) AND install_status IN ('In use', 'In maintenance') THEN person(floor(nusers() * u(a, 'a.usr'))::BIGINT) END AS assigned_to,
    agent(${q('Field Services')}, u(a, 'a.own')) AS owned_by,
    CASE WHEN k IN (0, 1, 5) THEN pick(${strList(DEPARTMENTS)}, u(a, 'a.dep')) ELSE 'IT' END AS department,
    pick(${strList(LOCATIONS)}, u(a, 'a.loc')) AS location,
    printf('%.2f', ${strList(CI_CLASSES.map((c) => String(c.costMin)))}[1 + k]::DOUBLE + u(a, 'a.cost') * (${strList(CI_CLASSES.map((c) => String(c.costMax - c.costMin)))}[1 + k]::DOUBLE)) AS cost,
    strftime(ts(purchased), '%Y-%m-%d') AS purchased_on,
    strftime(ts(purchased + ${strList(CI_CLASSES.map((c) => String(c.warrantyYears)))}[1 + k]::BIGINT * 31536000), '%Y-%m-%d') AS warranty_expiration,
    ci_name(a) AS ci,
    ${fmt(`${o.t0} + floor(u(a, 'a.upd') * ${o.t1 - o.t0})::BIGINT`, SN_DATE)} AS sys_updated_on
  FROM (SELECT a, ${cls} AS k, pick(${models}[1 + ${cls}], u(a, 'a.model')) AS model,
          wpick(['In use', 'In stock', 'In maintenance', 'Retired', 'Missing'], [0.8, 0.9, 0.93, 0.98, 1.0], u(a, 'a.st')) AS install_status,
          ${o.t0} - floor(u(a, 'a.buy') * 4 * 31536000)::BIGINT AS purchased
        FROM range(${p.nAst}) t(a))) TO ${q(ast)} ${csvOpts(true)}`);
  files.push(ast);
  return files;
}

// ---------------------------------------------------------------- Jira
export const JIRA_HEADER = [
  'Summary', 'Issue key', 'Issue id', 'Issue Type', 'Status', 'Project key', 'Project name', 'Priority', 'Resolution', 'Assignee',
  'Reporter', 'Created', 'Updated', 'Resolved', 'Description', 'Labels', 'Labels', 'Component/s', 'Custom field (Request Type)',
  'Custom field (Time to first response)', 'Custom field (Time to resolution)', 'Satisfaction rating', 'Status Category',
];
const JIRA_PRI = strList(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
/** signed h:mm of a remaining time in seconds (minute-aligned) */
const hmm = (s: string) => `CASE WHEN (${s}) < 0 THEN '-' ELSE '' END || (abs(${s}) // 3600)::VARCHAR || ':' || printf('%02d', (abs(${s}) % 3600) // 60)`;

export async function writeJira(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const N = p.nTk;
  const dest = join(out, 'Jira.csv');
  const parts = [join(out, '.part-1.csv'), join(out, '.part-2.csv'), join(out, '.part-3.csv')];
  const policy = `[${[1, 2, 3, 4, 5].map((k) => SLA_POLICY_HOURS[String(k)]).join(', ')}]`;
  const status = `CASE WHEN canceled THEN 'Canceled' WHEN resolved IS NOT NULL AND resolved + 259200 < ${o.t1} THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
      WHEN kind = 'incident' THEN CASE state_open WHEN 'New' THEN 'Open' WHEN 'On Hold' THEN 'Pending' ELSE 'Work in progress' END
      ELSE CASE state_open WHEN 'New' THEN 'Waiting for support' WHEN 'On Hold' THEN 'Waiting for customer' ELSE 'In Progress' END END`;
  const elapsed = `(coalesce(resolved, CASE WHEN canceled THEN opened + cancel_s END, ${o.t1}) - opened)`;
  const frs = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  await exec(`COPY (SELECT
    short_description AS "Summary", ${jiraKey('i')} AS "Issue key", ${10001} + i AS "Issue id",
    CASE kind WHEN 'incident' THEN 'Incident' ELSE 'Service request' END AS "Issue Type",
    ${status} AS "Status", 'ITSD' AS pk, 'IT Service Desk' AS pn,
    ${JIRA_PRI}[priority] AS "Priority",
    CASE WHEN canceled THEN 'Won''t Do' WHEN resolved IS NOT NULL THEN wpick(['Done', 'Cannot Reproduce', 'Duplicate'], [0.9, 0.95, 1.0], u(i, 'res')) END AS "Resolution",
    assigned_to AS "Assignee", person(usr) AS "Reporter",
    ${fmt('opened', JIRA_DATE)} AS "Created", ${fmt(updated(p), JIRA_DATE)} AS "Updated", ${fmt('resolved', JIRA_DATE)} AS "Resolved",
    short_description || chr(10) || pick(${DESC_TAIL}, u(i, 'desc')) AS "Description",
    CASE WHEN priority = 1 THEN 'major-incident' WHEN u(i, 'lab') < 0.08 THEN 'vip' WHEN u(i, 'lab') < 0.15 THEN 'remote' END AS l1,
    CASE WHEN priority = 1 AND u(i, 'lab2') < 0.5 THEN 'customer-impact' END AS l2,
    CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.jira))}[cat + 1] END AS "Component/s",
    CASE WHEN kind = 'incident' THEN pick(['Report a system problem', 'Get IT help'], u(i, 'rt')) ELSE pick(${strList(['Get IT help', 'Request new software', 'Request new hardware', 'Fix an account problem', 'Onboard new employees', 'Get a guest wifi account', 'Request admin access', 'Set up VPN to the office'])}, u(i, 'rt')) END AS rt,
    CASE WHEN state_open = 'New' AND ${frs} > ${o.t1} - opened THEN ${hmm(`(CASE WHEN kind = 'incident' THEN 14400 ELSE 28800 END) - (${o.t1} - opened)`)}
         ELSE ${hmm(`(CASE WHEN kind = 'incident' THEN 14400 ELSE 28800 END) - least(${frs}, ${elapsed})`)} END AS ttfr,
    ${hmm(`target_s - ${elapsed}`)} AS ttr,
    CASE WHEN resolved IS NOT NULL AND u(i, 'csat') < 0.3 THEN wpick([5, 4, 3, 2, 1], [0.55, 0.8, 0.9, 0.95, 1.0], u(i, 'csat2')) END AS csat,
    CASE WHEN canceled OR resolved IS NOT NULL THEN 'Done' WHEN state_open = 'New' THEN 'To Do' ELSE 'In Progress' END AS sc
  FROM ${pq(x.tk)}) TO ${q(parts[0]!)} ${csvOpts(false)}`);
  void policy;
  void REQUEST_SLA_HOURS;

  const chgStatus = `CASE state WHEN 'New' THEN 'Planning' WHEN 'Assess' THEN 'Planning' WHEN 'Authorize' THEN 'Awaiting CAB approval'
      WHEN 'Scheduled' THEN 'Awaiting implementation' WHEN 'Implement' THEN 'Implementing' WHEN 'Review' THEN 'Peer review / change manager approval'
      WHEN 'Closed' THEN CASE WHEN outcome = 'Unsuccessful' THEN 'Failed' ELSE 'Completed' END
      ELSE CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 'Declined' ELSE 'Canceled' END END`;
  await exec(`COPY (SELECT
    short_description, 'ITCM-' || (c + 1), ${10001 + N} + c, 'Change', ${chgStatus}, 'ITCM', 'IT Change Management',
    CASE type WHEN 'Emergency' THEN 'Highest' ELSE wpick(['High', 'Medium', 'Low'], [0.1, 0.6, 1.0], u(c, 'c.pri')) END,
    CASE WHEN state = 'Closed' THEN 'Done' WHEN state = 'Canceled' THEN CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 'Declined' ELSE 'Won''t Do' END END,
    agent(grp, u(c, 'c.agent')), person(7 + floor(u(c, 'c.req') * 500)::BIGINT * 13),
    ${fmt('opened', JIRA_DATE)}, ${fmt('coalesce(closed, wend, wstart, opened)', JIRA_DATE)}, ${fmt('closed', JIRA_DATE)},
    type || ' change on ' || ci || '. Planned window ' || strftime(ts(pstart), '%Y-%m-%d %H:%M') || ' - ' || strftime(ts(pend), '%Y-%m-%d %H:%M') || ' UTC.',
    lower(type) || '-change', NULL, category, 'Request a change', NULL, NULL, NULL,
    CASE WHEN state IN ('Closed', 'Canceled') THEN 'Done' WHEN state IN ('New', 'Assess') THEN 'To Do' ELSE 'In Progress' END
  FROM ${pq(x.chg)}) TO ${q(parts[1]!)} ${csvOpts(false)}`);

  const prbStatus = `CASE state WHEN 'New' THEN 'Open' WHEN 'Assess' THEN 'Under review' WHEN 'Root Cause Analysis' THEN 'Under investigation'
      WHEN 'Fix in Progress' THEN 'Under investigation' ELSE 'Completed' END`;
  await exec(`COPY (SELECT
    short_description, 'ITPM-' || (pp + 1), ${10001 + N + p.nChg} + pp, 'Problem', ${prbStatus}, 'ITPM', 'IT Problem Management',
    ${JIRA_PRI}[priority], CASE WHEN resolved IS NOT NULL THEN CASE WHEN has_workaround THEN 'Known Error' ELSE 'Done' END END,
    agent(grp, u(pp, 'p.agent')), agent('Service Desk', u(pp, 'p.rep')),
    ${fmt('opened', JIRA_DATE)}, ${fmt('coalesce(closed, resolved, opened)', JIRA_DATE)}, ${fmt('resolved', JIRA_DATE)},
    'Problem record for ' || ci, 'problem', NULL, NULL, NULL, NULL, NULL, NULL,
    CASE WHEN resolved IS NOT NULL THEN 'Done' WHEN state = 'New' THEN 'To Do' ELSE 'In Progress' END
  FROM ${pq(x.prb)}) TO ${q(parts[2]!)} ${csvOpts(false)}`);
  await concat(dest, JIRA_HEADER.join(',') + '\n', parts);
  return [dest];
}

// ---------------------------------------------------------------- HP Service Manager (BPI 2014 layout)
export const HPSM_INCIDENT_HEADER =
  'CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Incident ID;Status;Impact;Urgency;Priority;Category;KM number;Alert Status;# Reassignments;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;# Related Interactions;Related Interaction;# Related Incidents;# Related Changes;Related Change;CI Name (CBy);CI Type (CBy);CI Subtype (CBy);ServiceComp WBS (CBy)' +
  ';'.repeat(50);
export const HPSM_INTERACTION_HEADER =
  'CI Name (aff);CI Type (aff);CI Subtype (aff);Service Comp WBS (aff);Interaction ID;Status;Impact;Urgency;Priority;Category;KM number;Open Time (First Touch);Close Time;Closure Code;First Call Resolution;Handle Time (secs);Related Incident';
export const HPSM_CHANGE_HEADER =
  'CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Change ID;Change Type;Risk Assessment;Emergency Change;CAB-approval needed;Planned Start;Planned End;Scheduled Downtime Start;Scheduled Downtime End;Actual Start;Actual End;Requested End Date;Change record Open Time;Change record Close Time;Originated from;# Related Interactions;# Related Incidents';

const HPSM_CLOSURE = strList(['Other', 'Other', 'Other', 'Software', 'Software', 'Software', 'User error', 'No error - works as designed', 'Hardware', 'Data', 'Unknown', 'Operator error', 'User manual not used', 'Inquiry', 'Referred']);

function hpsmCiType(ci: string, field: 'type' | 'sub'): string {
  const types = strList(CI_CLASSES.map((c) => (field === 'type' ? c.hpsmType : c.hpsmSubtype)));
  const appType = field === 'type' ? `'application'` : `CASE WHEN left(${ci}, 3) = 'WBA' THEN 'Web Based Application' ELSE 'Server Based Application' END`;
  const lsr = field === 'type' ? `'computer'` : `'Linux Server'`;
  const prefixes = strList(CI_CLASSES.map((c) => c.hpsmPrefix));
  return `CASE WHEN ${ci} IS NULL THEN NULL WHEN left(${ci}, 3) IN ('WBA', 'SBA') THEN ${appType} WHEN left(${ci}, 3) = 'LSR' THEN ${lsr}
    ELSE ${types}[list_position(${prefixes}, left(${ci}, 3))] END`;
}

export async function writeHpsm(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const files: string[] = [];
  const wbs = `${strList(GROUP_WBS)}[list_position(${strList(GROUPS)}, grp)]`;
  const km = `CASE WHEN cl > 0 THEN 'KM000900' || cl ELSE 'KM' || printf('%07d', 1 + floor(2000 * pow(u(i, 'km'), 1.5))::BIGINT) END`;
  const empties = Array.from({ length: 50 }, (_, k) => `NULL AS e${k}`).join(', ');
  const inc = join(out, 'Detail Incident.csv');
  const part = join(out, '.part-inc.csv');
  await exec(`COPY (SELECT
    ci, ${hpsmCiType('ci', 'type')}, ${hpsmCiType('ci', 'sub')}, ${wbs},
    ${hpsmIncNo('i')}, CASE WHEN resolved IS NOT NULL THEN 'Closed' ELSE 'Work in progress' END,
    priority, priority, priority, hpsm_category, ${km}, 'closed', reassignment_count,
    ${fmt('opened', HPSM_INC_DATE)}, ${fmt('CASE WHEN reopen_count > 0 THEN reopen_at0 END', HPSM_INC_DATE)},
    ${fmt('resolved', HPSM_INC_DATE)}, ${fmt(`CASE WHEN resolved IS NOT NULL THEN least(${p.o.t1 - 1}, resolved + 10 + floor(u(i, 'hcl') * 290)::BIGINT) END`, HPSM_INC_DATE)},
    replace(printf('%.6f', dur_s / 3600.0 * (0.05 + 0.3 * u(i, 'ht'))), '.', ','),
    CASE WHEN resolved IS NOT NULL THEN pick(${HPSM_CLOSURE}, u(i, 'cc')) END,
    CASE WHEN len(rel) > 0 THEN len(rel) END,
    CASE WHEN len(rel) = 1 THEN 'SD' || printf('%07d', rel[1] + 1) WHEN len(rel) > 1 THEN '#MULTIVALUE' END,
    NULL, CASE WHEN caused_chg IS NOT NULL THEN 1 END, CASE WHEN caused_chg IS NOT NULL THEN 'C' || printf('%08d', caused_chg + 1) END,
    ci, ${hpsmCiType('ci', 'type')}, ${hpsmCiType('ci', 'sub')}, ${wbs},
    ${empties}
  FROM ${pq(x.tk)}) TO ${q(part)} ${csvOpts(false, ';', true)}`);
  await concat(inc, HPSM_INCIDENT_HEADER + '\r\n', [part], '#MULTIVALUE');
  files.push(inc);

  const it = join(out, 'Detail Interaction.csv');
  const part2 = join(out, '.part-int.csv');
  await exec(`COPY (SELECT
    ci, ${hpsmCiType('ci', 'type')}, ${hpsmCiType('ci', 'sub')}, ${strList(GROUP_WBS)}[1 + floor(u(k, 'i.wbs') * ${GROUP_WBS.length})::BIGINT],
    'SD' || printf('%07d', k + 1), 'Closed', priority, priority, priority, category, 'KM' || printf('%07d', km + 1),
    ${fmt('opened', HPSM_DATE)}, ${fmt('closed', HPSM_DATE)},
    pick(${HPSM_CLOSURE}, u(k, 'i.cc')), CASE WHEN fcr THEN 'Y' ELSE 'N' END, handle_s,
    CASE WHEN related IS NOT NULL THEN ${hpsmIncNo('related')} END
  FROM ${pq(x.int)}) TO ${q(part2)} ${csvOpts(false, ';', true)}`);
  await concat(it, HPSM_INTERACTION_HEADER + '\r\n', [part2]);
  files.push(it);

  const ch = join(out, 'Detail Change.csv');
  const part3 = join(out, '.part-chg.csv');
  // one row per change × affected CI: rows r of range(5 n) with r % 5 < n_ci of change r // 5 (order-preserving filter)
  await exec(`COPY (SELECT
    ci_r, ${hpsmCiType('ci_r', 'type')}, ${hpsmCiType('ci_r', 'sub')}, ${strList(GROUP_WBS)}[list_position(${strList(GROUPS)}, grp)],
    'C' || printf('%08d', c + 1),
    CASE type WHEN 'Standard' THEN 'Standard Change Type ' || (1 + floor(u(c, 'h.ct') * 140)::BIGINT)
              WHEN 'Normal' THEN 'Release Type ' || printf('%02d', 1 + floor(u(c, 'h.ct') * 14)::BIGINT)
              ELSE 'Standard Activity Type ' || printf('%02d', 1 + floor(u(c, 'h.ct') * 12)::BIGINT) END,
    wpick(['Minor Change', 'Business Change', 'Major Business Change'], [0.94, 0.996, 1.0], u(c, 'h.risk')),
    CASE WHEN type = 'Emergency' THEN 'Y' ELSE 'N' END,
    CASE WHEN type = 'Normal' AND u(c, 'h.cab') < 0.4 THEN 'Y' ELSE 'N' END,
    ${fmt('pstart', HPSM_DATE)}, ${fmt('pend', HPSM_DATE)},
    CASE WHEN u(c, 'h.sd') < 0.2 THEN ${fmt('pstart', HPSM_DATE)} END, CASE WHEN u(c, 'h.sd') < 0.2 THEN ${fmt('pend', HPSM_DATE)} END,
    ${fmt('wstart', HPSM_DATE)}, ${fmt('wend', HPSM_DATE)},
    ${fmt('tmin(pend + floor(u(c, \'h.req\') * 2592000)::BIGINT)', HPSM_DATE)},
    ${fmt('opened', HPSM_DATE)}, ${fmt('closed', HPSM_DATE)},
    wpick(['Problem', 'Incident', 'Interaction'], [0.64, 0.9999, 1.0], u(c, 'h.org')), NULL, NULL
  FROM (SELECT *, CASE WHEN slot = 0 THEN ci ELSE ci_name(c_ci(c, slot::VARCHAR)) END AS ci_r FROM (${changeSql(p, true)}))) TO ${q(part3)} ${csvOpts(false, ';', true)}`);
  void CHANGE_CATEGORIES;
  void CLUSTERS;
  void FIRST_NAMES;
  await concat(ch, HPSM_CHANGE_HEADER + '\r\n', [part3]);
  files.push(ch);
  return files;
}
