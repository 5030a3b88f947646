/**
 * Detection confusion matrix over the committed generator fixtures (issue 5 acceptance): every export file of
 * every tool in fixtures/<tool>/, plus two variants built here, must be detected as its tool and object:
 * - shuffled: the columns of the header and of every row in a seeded permutation (DuckDB reads the file
 *   without a header, all VARCHAR, and writes the columns back in the permuted order);
 * - labels: the other header style of the tool (ServiceNow display labels, Remedy AR field names for the
 *   Mid-Tier label export), where the tool has one; files without one are listed as skipped.
 * Prints the confusion table (tool × detected tool, counts over all files and variants).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { detect } from '../../src/ingest/detect.js';
import { sniffFile } from '../../src/ingest/sniff.js';
import { convertInput } from '../../src/ingest/convert/index.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { ROOT, tempDir } from '../helpers.js';

const FIX = join(ROOT, 'fixtures');
const TOOLS = readdirSync(FIX, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** Expected object (the adapter mapping's sourceTable) per fixture file. */
const EXPECTED_OBJECT: Record<string, string> = {
  'servicenow/incident.csv': 'incident',
  'servicenow/sc_req_item.csv': 'sc_req_item',
  'servicenow/change_request.csv': 'change_request',
  'servicenow/problem.csv': 'problem',
  'servicenow/alm_hardware.csv': 'alm_hardware',
  'jira/Jira.csv': 'issues',
  'hpsm/Detail Incident.csv': 'Detail Incident',
  'hpsm/Detail Interaction.csv': 'Detail Interaction',
  'hpsm/Detail Change.csv': 'Detail Change',
  'remedy/HPD_Help_Desk.csv': 'HPD:Help Desk',
  'remedy/CHG_Infrastructure_Change.csv': 'CHG:Infrastructure Change',
  'remedy/PBM_Problem_Investigation.csv': 'PBM:Problem Investigation',
  'freshservice/freshservice_tickets.csv': 'tickets',
  'zendesk/zendesk_tickets.csv': 'tickets',
  'sdp/sdp_requests.csv': 'requests',
  'sdp/sdp_changes.csv': 'changes',
  'glpi/glpi_tickets.csv': 'glpi_tickets',
  'glpi/glpi_problems.csv': 'glpi_problems',
  'glpi/glpi_changes.csv': 'glpi_changes',
  'topdesk/topdesk_incidents.csv': 'incidents',
  'swsd/swsd_incidents.csv': 'incidents',
  'whd/whd_tickets.csv': 'Tickets',
  'rt/Results.tsv': 'Tickets',
  'motadata/motadata_requests.csv': 'request',
  'ninjaone/ninjaone_tickets.csv': 'tickets',
  'monday/monday_tickets.csv': 'Tickets board',
  'otrs/otrs_tickets.csv': 'ticket',
  'itop/itop_userrequests.csv': 'UserRequest',
  'itop/itop_changes.csv': 'Change',
  'ivanti/ivanti_incidents.csv': 'Incident',
  'ivanti/ivanti_servicereqs.csv': 'ServiceReq',
  'ivanti/ivanti_changes.csv': 'Change',
  'ivanti/ivanti_problems.csv': 'Problem',
  'zammad/zammad_tickets.csv': 'tickets',
  'cherwell/cherwell_incidents.csv': 'Incident',
  'freshdesk/freshdesk_tickets.csv': 'tickets',
  'statuspage/statuspage_incidents.json': 'incidents',
  'statuspage/statuspage_scheduled_maintenances.json': 'incidents',
  'statuspage/statuspage_incident_gp0000000005.json': 'incidents',
};

/** The other header style of a file (old label → new label); files not listed have none. */
const SN_LABELS: Record<string, string> = {
  number: 'Number', short_description: 'Short description', description: 'Description', state: 'State', priority: 'Priority',
  impact: 'Impact', urgency: 'Urgency', category: 'Category', subcategory: 'Subcategory', business_service: 'Service',
  cmdb_ci: 'Configuration item', assignment_group: 'Assignment group', assigned_to: 'Assigned to', caller_id: 'Caller',
  opened_by: 'Opened by', location: 'Location', contact_type: 'Contact type', opened_at: 'Opened', resolved_at: 'Resolved',
  closed_at: 'Closed', sys_updated_on: 'Updated', made_sla: 'Made SLA', reassignment_count: 'Reassignment count',
  reopen_count: 'Reopen count', close_code: 'Resolution code', problem_id: 'Problem', rfc: 'Change Request', caused_by: 'Caused by Change',
  resolved_by: 'Resolved by', sys_id: 'Sys ID', cat_item: 'Item', requested_for: 'Requested for', type: 'Type', risk: 'Risk',
  approval: 'Approval', requested_by: 'Requested by', start_date: 'Planned start date', end_date: 'Planned end date',
  work_start: 'Actual start', work_end: 'Actual end', known_error: 'Known error', cause_notes: 'Cause notes', workaround: 'Workaround',
  asset_tag: 'Asset tag', display_name: 'Display name', serial_number: 'Serial number', model_category: 'Model category',
  model: 'Model', install_status: 'State', owned_by: 'Owned by', department: 'Department', cost: 'Cost', purchased_on: 'Purchased',
  warranty_expiration: 'Warranty expiration', ci: 'Configuration Item',
};
const REMEDY_REST: Record<string, string> = {
  'Incident ID*+': 'Incident Number', 'Summary*': 'Description', Notes: 'Detailed Decription', 'Incident Type*': 'Service Type',
  'Status*': 'Status', 'Status Reason': 'Status_Reason', 'Priority*': 'Priority', 'Impact*': 'Impact', 'Urgency*': 'Urgency',
  'Operational Categorization Tier 1': 'Categorization Tier 1', 'Operational Categorization Tier 2': 'Categorization Tier 2',
  'Service*+': 'ServiceCI', 'CI+': 'HPD_CI', 'Assigned Group*+': 'Assigned Group', 'Assignee+': 'Assignee', 'Reported Date+': 'Reported Date',
};
/** TOPdesk's Dutch list labels for the REST keys (export-formats.md §12 [?]). */
const TOPDESK_NL: Record<string, string> = {
  number: 'Incidentnummer', briefDescription: 'Korte omschrijving', request: 'Verzoek', 'callType.name': 'Soort melding',
  'entryType.name': 'Soort binnenkomst', 'category.name': 'Categorie', 'subcategory.name': 'Subcategorie', 'priority.name': 'Prioriteit',
  targetDate: 'Streefdatum', 'operator.name': 'Behandelaar', 'operatorGroup.name': 'Operatorgroep', 'processingStatus.name': 'Verwerkingsstatus',
  completedDate: 'Datum gereed', closedDate: 'Datum afgemeld', callDate: 'Aanmelddatum', 'caller.dynamicName': 'Melder',
};
/** Znuny/OTRS German agent-search labels (export-formats.md §11.1: German exports translate the keys [?]). */
const OTRS_DE: Record<string, string> = {
  'Ticket Number': 'Ticketnummer', Created: 'Erstellt', Closed: 'Geschlossen', FirstLock: 'Erste Sperrung', FirstResponse: 'Erste Reaktion',
  State: 'Status', Priority: 'Priorität', Owner: 'Besitzer', CustomerID: 'Kundennummer', Subject: 'Betreff', AccountedTime: 'Erfasste Zeit',
  Type: 'Typ', Title: 'Titel',
};
/** Request Tracker search-format column titles as displayed with spaces (`__TimeWorked__` → Time Worked). */
const RT_TITLES: Record<string, string> = {
  InitialPriority: 'Initial Priority', FinalPriority: 'Final Priority', LastUpdated: 'Last Updated', TimeEstimated: 'Time Estimated',
  TimeWorked: 'Time Worked', TimeLeft: 'Time Left',
};
/** iTop CSV export with user-friendly labels instead of attribute codes (export-formats.md §10.5 [K]). */
const ITOP_LABELS: Record<string, string> = {
  ref: 'Ref', title: 'Title', description: 'Description', org_id_friendlyname: 'Organization', caller_id_friendlyname: 'Caller',
  team_id_friendlyname: 'Team', agent_id_friendlyname: 'Agent', status: 'Status', request_type: 'Request type', priority: 'Priority',
  urgency: 'Urgency', impact: 'Impact', origin: 'Origin', service_id_friendlyname: 'Service', servicesubcategory_id_friendlyname: 'Service subcategory',
  escalation_flag: 'Hot Flag', start_date: 'Start date', assignment_date: 'Assignment date', resolution_date: 'Resolution date',
  close_date: 'Close date', last_update: 'Last update', tto_escalation_deadline: 'TTO Deadline', sla_tto_passed: 'SLA tto passed',
  ttr_escalation_deadline: 'TTR Deadline', sla_ttr_passed: 'SLA ttr passed', time_spent: 'Resolution delay', resolution_code: 'Resolution code',
  user_satisfaction: 'User satisfaction', finalclass: 'Type', requestor_id_friendlyname: 'Requestor', supervisor_group_id_friendlyname: 'Supervisor team',
  manager_group_id_friendlyname: 'Manager team', outage: 'Outage', fallback: 'Fallback plan', creation_date: 'Creation date', end_date: 'End date',
};
/** Zammad API ticket attribute names for the reporting export's labels (export-formats.md §15.1). */
const ZAMMAD_API: Record<string, string> = {
  '#': 'number', Title: 'title', State: 'state', Priority: 'priority', Group: 'group', Owner: 'owner', Customer: 'customer',
  Organization: 'organization', 'Create Channel': 'create_article_type', Sender: 'create_article_sender', Tags: 'tags',
  'Time Units Total': 'time_unit', 'Created At': 'created_at', 'Updated At': 'updated_at', 'Closed At': 'close_at',
  'Close Escalation At': 'close_escalation_at', 'Close In Min': 'close_in_min', 'Close Diff In Min': 'close_diff_in_min',
  'First Response At': 'first_response_at', 'First Response Escalation At': 'first_response_escalation_at',
  'First Response In Min': 'first_response_in_min', 'First Response Diff In Min': 'first_response_diff_in_min',
  'Update Escalation At': 'update_escalation_at', 'Update In Min': 'update_in_min', 'Update Diff In Min': 'update_diff_in_min',
  'Last Contact At': 'last_contact_at', 'Last Contact Agent At': 'last_contact_agent_at', 'Last Contact Customer At': 'last_contact_customer_at',
  'Article Count': 'article_count', 'Escalation At': 'escalation_at',
};
const LABEL_VARIANTS: Record<string, Record<string, string>> = {
  'zammad/zammad_tickets.csv': ZAMMAD_API,
  'itop/itop_userrequests.csv': ITOP_LABELS,
  'itop/itop_changes.csv': ITOP_LABELS,
  'rt/Results.tsv': RT_TITLES,
  'otrs/otrs_tickets.csv': OTRS_DE,
  'topdesk/topdesk_incidents.csv': TOPDESK_NL,
  'servicenow/incident.csv': SN_LABELS,
  'servicenow/sc_req_item.csv': SN_LABELS,
  'servicenow/change_request.csv': SN_LABELS,
  'servicenow/problem.csv': SN_LABELS,
  'servicenow/alm_hardware.csv': SN_LABELS,
  'remedy/HPD_Help_Desk.csv': REMEDY_REST,
};
const NO_LABELS_NOTE: Record<string, string> = {
  freshdesk: 'the ticket CSV export has one header style (API v2 names are JSON)',
  cherwell: 'business-object field names are the only export style known (grid display names are per form)',
  ivanti: 'OData business-object field names are the only export style known (display labels are tenant forms)',
  swsd: 'API keys only: the UI export labels are unverified and the adapter does not claim them (--source swsd)',
  whd: 'REST keys only: Web Help Desk has no other documented export header',
  motadata: 'REST keys only: no UI list export sample known',
  ninjaone: 'REST keys only: no board CSV sample known',
  monday: 'board columns are user-named: one header style',
  jira: 'Jira CSV has one header style (display names)',
  hpsm: 'HPSM (BPI) exports have one header style',
  remedy: 'change/problem files are written with AR field names; their Mid-Tier labels are not known',
  freshservice: 'written with the display labels; API names are a JSON layout, not a CSV export',
  zendesk: 'the Reports CSV has one header style',
  sdp: 'the list export has one header style (API v3 names are JSON)',
  glpi: 'the search-list labels are the display style; problem/change files use DB names, their list labels are not known',
};

/** Seeded permutation (LCG shuffle), fixed per file name. */
function permutation(n: number, seedText: string): number[] {
  let s = [...seedText].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 42);
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const p = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [p[k], p[j]] = [p[j]!, p[k]!];
  }
  // a permutation that leaves the order unchanged would test nothing
  if (p.every((v, k) => v === k) && n > 1) p.reverse();
  return p;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

let inst: DuckDBInstance;
let conn: DuckDBConnection;
let tmp: string;
beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  tmp = tempDir('itsm-detect-');
});
afterAll(() => {
  conn.closeSync();
  inst.closeSync();
});

/** Writes the file with its columns (header row included) in a seeded order. */
async function shuffled(src: string, rel: string): Promise<string> {
  const head = await sniffFile(src);
  const n = head.header.length;
  const perm = permutation(n, rel);
  const dest = join(tmp, rel.replace(/[/ ]/g, '_') + '.shuffled.csv');
  const enc = head.encoding === 'latin-1' ? 'latin-1' : 'utf-8';
  const cols = Array.from({ length: n }, (_, k) => `c${k}`);
  const types = `{${cols.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  await conn.run(`COPY (SELECT ${perm.map((k) => `c${k}`).join(', ')} FROM read_csv(${lit(src)}, header = false, delim = ${lit(head.delimiter)},
      quote = '"', escape = '"', columns = ${types}, encoding = ${lit(enc)}, skip = ${head.skipLines}, null_padding = false, strict_mode = false, parallel = false))
    TO ${lit(dest)} (FORMAT csv, HEADER false, DELIMITER ${lit(head.delimiter)}, QUOTE '"', ESCAPE '"')`);
  return dest;
}

/** The file with its header row relabelled (data rows as they are). */
async function relabelled(src: string, rel: string, labels: Record<string, string>): Promise<string> {
  const head = await sniffFile(src);
  const text = readFileSync(src, head.encoding === 'latin-1' ? 'latin1' : 'utf8');
  const nl = text.indexOf('\n');
  const line = head.header.map((h) => labels[h] ?? h).map((h) => (h.includes(head.delimiter) ? `"${h}"` : h)).join(head.delimiter);
  const dest = join(tmp, rel.replace(/[/ ]/g, '_') + '.labels.csv');
  writeFileSync(dest, line + (text[nl - 1] === '\r' ? '\r\n' : '\n') + text.slice(nl + 1));
  return dest;
}

describe('detection on the generated fixtures of every tool', () => {
  it('picks the right tool and object for every file, shuffled and relabelled too; prints the confusion table', async () => {
    const confusion = new Map<string, Map<string, number>>();
    const failures: string[] = [];
    const skipped: string[] = [];
    let checked = 0;
    for (const tool of TOOLS) {
      const files = readdirSync(join(FIX, tool)).filter((f) => /\.(csv|tsv)$/.test(f) || (f.endsWith('.json') && f !== 'truth.json')).sort();
      expect(files.length, tool).toBeGreaterThan(0);
      for (const f of files) {
        const rel = `${tool}/${f}`;
        const src = join(FIX, tool, f);
        // a JSON export is read as the CSV its conversion writes; its keys have no order or label variant to try
        const json = f.endsWith('.json') ? await convertInput(src) : null;
        const variants: [string, string][] = json ? [['as written', json.csvPath]] : [['as written', src], ['shuffled', await shuffled(src, rel)]];
        if (LABEL_VARIANTS[rel]) variants.push(['labels', await relabelled(src, rel, LABEL_VARIANTS[rel]!)]);
        else skipped.push(`${rel}: ${json ? 'JSON (keys, no column order or labels)' : NO_LABELS_NOTE[tool] ?? 'no other header style known'}`);
        for (const [variant, path] of variants) {
          checked++;
          const head = await sniffFile(path);
          let got = 'error';
          let obj = '';
          try {
            const d = detect(path, head.header, head.sample, ADAPTERS);
            got = d.adapter.id;
            obj = d.mapping.sourceTable;
          } catch (e) {
            got = `error: ${(e as Error).message.slice(0, 120)}`;
          }
          const row = confusion.get(tool) ?? new Map<string, number>();
          const key = got.startsWith('error') ? 'error' : got;
          row.set(key, (row.get(key) ?? 0) + 1);
          confusion.set(tool, row);
          if (got !== tool || obj !== (EXPECTED_OBJECT[rel] ?? '?')) failures.push(`${rel} (${variant}): got ${got}/${obj}, want ${tool}/${EXPECTED_OBJECT[rel]}`);
        }
        await json?.cleanup();
      }
    }
    const detected = [...new Set([...confusion.values()].flatMap((r) => [...r.keys()]))].sort();
    const w = Math.max(12, ...TOOLS.map((t) => t.length)) + 2;
    const lines = [
      `detection confusion table (rows: tool written, columns: tool detected; ${checked} files incl. variants)`,
      'tool'.padEnd(w) + detected.map((d) => d.padStart(Math.max(d.length, 5) + 2)).join(''),
      ...TOOLS.map((t) => t.padEnd(w) + detected.map((d) => String(confusion.get(t)?.get(d) ?? 0).padStart(Math.max(d.length, 5) + 2)).join('')),
      ...(skipped.length ? ['label variant skipped:', ...skipped.map((s) => `  ${s}`)] : []),
    ];
    console.log(lines.join('\n'));
    expect(failures).toEqual([]);
  }, 60_000);
});
