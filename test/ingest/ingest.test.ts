import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { UserError } from '../../src/errors.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { UCI_LIKE_LOG } from './fixtures.js';

const SN_HEADER = 'number,short_description,state,priority,impact,urgency,assignment_group,contact_type,opened_at,resolved_at,closed_at,sys_updated_on,made_sla,reassignment_count,reopen_count';
const SN_ROWS = [
  'INC0000001,Printer jams,Closed,1 - Critical,1 - High,1 - High,Service Desk,Phone,2024-03-13 08:00:00,2024-03-13 10:30:00,2024-03-16 10:30:00,2024-03-16 10:30:00,true,0,0',
  'INC0000002,VPN down,Resolved,3 - Moderate,2 - Medium,2 - Medium,Network,Email,2024-03-14 09:00:00,2024-03-15 09:00:00,,2024-03-15 09:00:00,false,2,1',
  'INC0000003,Laptop slow,In Progress,4 - Low,3 - Low,3 - Low,Desktop,Self-service,2024-03-15 12:00:00,,,2024-03-15 12:00:00,true,0,0',
];
const snCsv = (rows = SN_ROWS) => [SN_HEADER, ...rows].join('\n') + '\n';

describe('ingest: ServiceNow field-name export', () => {
  it('maps fields and vocabularies, keeps raw values, records provenance', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', snCsv())] });
    expect(s).toMatchObject({ tool: 'servicenow', object: 'ticket', rows_read: 3, rows_loaded: 3, rows_rejected: 0, records: 3 });
    const rows = await store.all(`SELECT ticket_key, kind, status, status_raw, priority, priority_raw, channel, sla_met,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, source_row FROM ticket ORDER BY ticket_key`);
    expect(rows[0]).toEqual({
      ticket_key: 'servicenow:INC0000001', kind: 'incident', status: 'closed', status_raw: 'Closed', priority: 1,
      priority_raw: '1 - Critical', channel: 'phone', sla_met: true, opened: '2024-03-13 08:00:00', source_row: 2,
    });
    expect(rows.map((r) => r.status)).toEqual(['closed', 'resolved', 'in_progress']);
    expect(rows.map((r) => r.channel)).toEqual(['phone', 'email', 'portal']);
    const file = await store.one(`SELECT tool, rows_read, rows_loaded, rows_rejected, delimiter, encoding, timezone FROM source_file`);
    expect(file).toEqual({ tool: 'servicenow', rows_read: 3, rows_loaded: 3, rows_rejected: 0, delimiter: ',', encoding: 'utf-8', timezone: 'UTC' });
    store.close();
  });

  it('reads a display-label export of the same records to the same canonical values', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const labels = 'Number,Short description,State,Priority,Impact,Urgency,Assignment group,Contact type,Opened,Resolved,Closed,Updated,Made SLA,Reassignment count,Reopen count';
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident-labels.csv', [labels, ...SN_ROWS].join('\n'))] });
    const a = await store.all('SELECT * EXCLUDE (file_id) FROM ticket ORDER BY ticket_key');
    const other = await openStore(dir, 'other.duckdb');
    await ingestPaths(other, { paths: [writeFixture(dir, 'incident-names.csv', snCsv())] });
    const b = await other.all('SELECT * EXCLUDE (file_id) FROM ticket ORDER BY ticket_key');
    expect(a).toEqual(b);
    store.close();
    other.close();
  });

  it('is idempotent on the same file and updates by key from a newer export', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const first = writeFixture(dir, 'a.csv', snCsv());
    await ingestPaths(store, { paths: [first] });
    const [again] = await ingestPaths(store, { paths: [first] });
    expect(again!.status).toBe('unchanged');
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n).toBe(3);
    // INC3 is resolved in a later export; INC4 is new; INC1 appears with an older update time and is kept as stored.
    const newer = writeFixture(dir, 'b.csv', snCsv([
      'INC0000003,Laptop slow,Resolved,4 - Low,3 - Low,3 - Low,Desktop,Self-service,2024-03-15 12:00:00,2024-03-18 12:00:00,,2024-03-18 12:00:00,true,0,0',
      'INC0000004,Mail bounce,New,3 - Moderate,2 - Medium,2 - Medium,Messaging,Email,2024-03-18 07:00:00,,,2024-03-18 07:00:00,true,0,0',
      'INC0000001,Printer jams,In Progress,1 - Critical,1 - High,1 - High,Service Desk,Phone,2024-03-13 08:00:00,,,2024-03-13 09:00:00,true,0,0',
    ]));
    const [s] = await ingestPaths(store, { paths: [newer] });
    expect(s).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1, records_inserted: 1, records_updated: 1 });
    const t = await store.all<{ k: string; status: string }>('SELECT ticket_key AS k, status FROM ticket ORDER BY 1');
    expect(t.map((r) => `${r.k}=${r.status}`)).toEqual([
      'servicenow:INC0000001=closed', 'servicenow:INC0000002=resolved', 'servicenow:INC0000003=resolved', 'servicenow:INC0000004=new',
    ]);
    const rej = await store.all('SELECT line, reason FROM rejects');
    expect(rej).toEqual([{ line: 4, reason: 'superseded: the store holds a newer version of INC0000001 (later updated_at)' }]);
    store.close();
  });

  it('records every row it does not load with file, line and reason (rows_read = loaded + rejected)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const path = writeFixture(dir, 'bad.csv', snCsv([
      SN_ROWS[0]!,
      ',No number,New,3 - Moderate,2 - Medium,2 - Medium,Network,Email,2024-03-14 09:00:00,,,2024-03-14 09:00:00,true,0,0',
      'INC0000005,Bad date,New,3 - Moderate,2 - Medium,2 - Medium,Network,Email,2024-13-45 09:00:00,,,2024-03-14 09:00:00,true,0,0',
      'INC0000006,too,many,cells,here,a,b,c,d,e,f,g,h,i,j,k,l,m',
      SN_ROWS[1]!,
      SN_ROWS[1]!.replace('VPN down', 'VPN down again'),
    ]));
    const [s] = await ingestPaths(store, { paths: [path] });
    expect(s).toMatchObject({ rows_read: 6, rows_loaded: 2, rows_rejected: 4 });
    const rej = await store.all<{ line: number; reason: string; raw_text: string }>('SELECT line, reason, raw_text FROM rejects ORDER BY line');
    expect(rej.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(rej[0]!.reason).toBe("no value in the id column 'number'");
    expect(rej[1]!.reason).toMatch(/column 'opened_at': '2024-13-45 09:00:00' is not a date/);
    expect(rej[2]!.reason).toMatch(/too many columns/);
    expect(rej[3]!.reason).toBe('duplicate id INC0000002: superseded by line 7');
    // Line numbers of loaded rows stay right after a row the reader rejected.
    const rows = await store.all('SELECT source_id, source_row, title FROM ticket ORDER BY source_row');
    expect(rows).toEqual([
      { source_id: 'INC0000001', source_row: 2, title: 'Printer jams' },
      { source_id: 'INC0000002', source_row: 7, title: 'VPN down again' },
    ]);
    store.close();
  });
});

describe('ingest: refusing what it cannot read, without writing anything', () => {
  it('stops on an unknown export with a message naming the columns and --mapping', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const good = writeFixture(dir, 'a-good.csv', snCsv());
    const bad = writeFixture(dir, 'b-other.csv', 'fruit,colour,weight\napple,red,100\n');
    const err = await ingestPaths(store, { paths: [good, bad] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/header not recognised.*'fruit', 'colour', 'weight'.*--mapping FILE/);
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM source_file'))!.n).toBe(0);
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n).toBe(0);
    store.close();
  });

  it('asks for --date-format when day/month order cannot be decided, and rolls the file back', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const path = writeFixture(dir, 'ambiguous.csv', 'number,short_description,opened_at,made_sla,caller_id\nINC1,a,01/02/2024 10:00,true,x\nINC2,b,03/04/2024 11:00,false,y\n');
    await expect(ingestPaths(store, { paths: [path] })).rejects.toThrow(/column 'opened_at'.*day\/month order.*--date-format dmy or --date-format mdy/);
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n).toBe(0);
    await ingestPaths(store, { paths: [path], dateFormat: 'mdy' });
    expect(await store.one(`SELECT strftime(opened_at, '%Y-%m-%d') AS d FROM ticket WHERE source_id = 'INC1'`)).toEqual({ d: '2024-01-02' });
    store.close();
  });

  it('decides an ambiguous column from another date column of the same file', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const path = writeFixture(dir, 'decided.csv', 'number,short_description,opened_at,resolved_at,caller_id\nINC1,a,01/02/2024 10:00,25/02/2024 10:00,x\nINC2,b,03/04/2024 11:00,,y\n');
    const [s] = await ingestPaths(store, { paths: [path] });
    expect(s!.date_formats).toEqual({ opened_at: '%d/%m/%Y %H:%M', resolved_at: '%d/%m/%Y %H:%M' });
    expect(await store.one(`SELECT strftime(opened_at, '%Y-%m-%d') AS d FROM ticket WHERE source_id = 'INC1'`)).toEqual({ d: '2024-02-01' });
    store.close();
  });

  it('converts local times in --timezone to UTC, across a daylight-saving change', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const path = writeFixture(dir, 'tz.csv', 'number,short_description,opened_at,resolved_at,caller_id\nINC1,a,2024-03-30 12:00:00,2024-03-31 12:00:00,x\n');
    await ingestPaths(store, { paths: [path], timezone: 'Europe/Amsterdam' });
    const r = await store.one<{ o: string; h: number }>(`SELECT strftime(opened_at, '%Y-%m-%d %H:%M') AS o, epoch(resolved_at - opened_at) / 3600 AS h FROM ticket`);
    expect(r).toEqual({ o: '2024-03-30 11:00', h: 23 });
    await expect(ingestPaths(store, { paths: [path], timezone: 'Mars/Olympus' })).rejects.toThrow(/not a known time zone/);
    store.close();
  });
});

describe('ingest: encodings and layouts', () => {
  it('reads latin-1, UTF-16 and gzip files to the same text', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const text = 'number;short_description;opened_at;caller_id\r\nINC1;Drucker defekt in Zürich, Büro 3;2024-03-13 08:00:00;Müller\r\n';
    const latin = writeFixture(dir, 'latin.csv', Buffer.from(text.replace('INC1', 'INC2'), 'latin1'));
    const u16 = writeFixture(dir, 'u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('INC1', 'INC3'), 'utf16le')]));
    const gz = writeFixture(dir, 'plain.csv.gz', text);
    const summaries = await ingestPaths(store, { paths: [latin, u16, gz] });
    expect(summaries.map((s) => s.encoding)).toEqual(['latin-1', 'utf-16le (BOM)', 'utf-8']);
    const titles = await store.all<{ title: string; requester: string }>('SELECT title, requester FROM ticket ORDER BY source_id');
    expect(titles).toEqual(Array(3).fill({ title: 'Drucker defekt in Zürich, Büro 3', requester: 'Müller' }));
    store.close();
  });

  it('collapses an event log to the latest state per ticket and keeps the history', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const log = UCI_LIKE_LOG;
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
    expect(s).toMatchObject({ object: 'event_log', rows_read: 4, rows_loaded: 4, records: 2 });
    const t = await store.one(`SELECT status, priority, sla_met, assignment_group, source_row, reassignment_count,
      strftime(first_assigned_at, '%Y-%m-%d %H:%M') AS fa, strftime(resolved_at, '%Y-%m-%d %H:%M') AS r FROM ticket WHERE source_id = 'INC1'`);
    expect(t).toEqual({ status: 'resolved', priority: 2, sla_met: false, assignment_group: 'G2', source_row: 4, reassignment_count: 1, fa: '2016-03-01 10:00', r: '2016-03-02 09:30' });
    const ev = await store.all(`SELECT event_type, field, old_value, new_value, actor FROM ticket_event
      WHERE record_key = 'servicenow:INC1' AND event_type <> 'update' ORDER BY seq, event_type`);
    expect(ev).toEqual([
      { event_type: 'assignment', field: 'assignee', old_value: null, new_value: 'A1', actor: 'u2' },
      { event_type: 'group_change', field: 'assignment_group', old_value: null, new_value: 'G1', actor: 'u2' },
      { event_type: 'state_change', field: 'status', old_value: 'New', new_value: 'Active', actor: 'u2' },
      { event_type: 'assignment', field: 'assignee', old_value: 'A1', new_value: 'A2', actor: 'u2' },
      { event_type: 'group_change', field: 'assignment_group', old_value: 'G1', new_value: 'G2', actor: 'u2' },
      { event_type: 'priority_change', field: 'priority', old_value: '3 - Moderate', new_value: '2 - High', actor: 'u2' },
      { event_type: 'state_change', field: 'status', old_value: 'Active', new_value: 'Resolved', actor: 'u2' },
    ]);
    store.close();
  });

  it('folds one change row per affected CI into one change with its CI links, skipping blank rows', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const header = 'CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Change ID;Change Type;Risk Assessment;Emergency Change;CAB-approval needed;Planned Start;Planned End;Scheduled Downtime Start;Scheduled Downtime End;Actual Start;Actual End;Requested End Date;Change record Open Time;Change record Close Time;Originated from;# Related Interactions;# Related Incidents';
    const rows = [
      'SRV01;computer;Server;WBS1;C00000001;Release Type 11;Minor Change;N;Y;30-8-2012 7:00;26-12-2013 0:00;;;18-12-2013 14:00;18-12-2013 16:15;1-6-2012 0:00;1-9-2011 9:13;18-12-2013 16:16;Problem;;',
      'SRV02;computer;Server;WBS1;C00000001;Release Type 11;Minor Change;N;Y;30-8-2012 7:00;26-12-2013 0:00;;;18-12-2013 14:00;18-12-2013 16:15;1-6-2012 0:00;1-9-2011 9:13;18-12-2013 16:16;Problem;;',
      ';;;;;;;;;;;;;;;;;;;;',
      'APP7;application;Web;WBS2;C00000002;Release Type 2;Business Change;Y;N;4-3-2014 9:00;4-3-2014 18:00;;;4-3-2014 17:52;4-3-2014 17:52;7-6-2012 12:00;6-10-2011 15:54;5-3-2014 7:03;Incident;;',
    ];
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'Detail Change.csv', [header, ...rows].join('\r\n') + '\r\n')] });
    expect(s).toMatchObject({ tool: 'hpsm', object: 'change', rows_read: 3, rows_loaded: 3, empty_rows_skipped: 1, records: 2 });
    expect(await store.all('SELECT change_key, ci_name, emergency, cab_required, risk FROM "change" ORDER BY 1')).toEqual([
      { change_key: 'hpsm:C00000001', ci_name: 'SRV01', emergency: false, cab_required: true, risk: 4 },
      { change_key: 'hpsm:C00000002', ci_name: 'APP7', emergency: true, cab_required: false, risk: 3 },
    ]);
    expect(await store.all('SELECT change_key, ci_name FROM change_ci ORDER BY 1, 2')).toEqual([
      { change_key: 'hpsm:C00000001', ci_name: 'SRV01' },
      { change_key: 'hpsm:C00000001', ci_name: 'SRV02' },
      { change_key: 'hpsm:C00000002', ci_name: 'APP7' },
    ]);
    store.close();
  });
});

describe('ingest: Jira export', () => {
  it('reads Jira dates and repeated headers, and routes Change and Problem issues to their tables', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Created,Resolved,Custom field (Time to resolution),Custom field (Change type),Custom field (Change start date)',
      'VPN down,ITSM-1,1001,Incident,Resolved,High,vpn,network,25/Feb/26 10:17 PM,26/Feb/26 9:05 AM,-3:15,,',
      'New laptop,ITSM-2,1002,Service request,Done,Medium,,,24/Feb/26 8:00 AM,24/Feb/26 4:30 PM,12:40,,',
      'Patch DB,ITSM-3,1003,Change,Completed,Low,,,20/Feb/26 11:00 AM,22/Feb/26 11:00 AM,,Normal,21/Feb/26 10:00 PM',
      'VPN keeps dropping,ITSM-4,1004,Problem,Under investigation,High,,,26/Feb/26 10:00 AM,,,,',
      'Fix typo,ITSM-5,1005,Bug,Open,Lowest,,,13/Feb/26 1:00 PM,,,,',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'jira.csv', csv)] });
    expect(s).toMatchObject({ tool: 'jira', rows_read: 5, rows_loaded: 5, records_by_table: { ticket: 3, change: 1, problem: 1 } });
    expect(s!.date_formats.Created).toBe('%d/%b/%y %I:%M %p');
    const t = await store.all(`SELECT source_id, kind, status, priority, sla_met, strftime(opened_at, '%Y-%m-%d %H:%M') AS o,
      extra->>'Labels (2)' AS label2 FROM ticket ORDER BY 1`);
    expect(t).toEqual([
      { source_id: 'ITSM-1', kind: 'incident', status: 'resolved', priority: 2, sla_met: false, o: '2026-02-25 22:17', label2: 'network' },
      { source_id: 'ITSM-2', kind: 'service_request', status: 'resolved', priority: 3, sla_met: true, o: '2026-02-24 08:00', label2: null },
      { source_id: 'ITSM-5', kind: 'other', status: 'new', priority: 5, sla_met: null, o: '2026-02-13 13:00', label2: null },
    ]);
    expect(await store.all(`SELECT change_key, change_type, status, strftime(planned_start, '%Y-%m-%d %H:%M') AS ps FROM "change"`)).toEqual([
      { change_key: 'jira:ITSM-3', change_type: 'normal', status: 'closed', ps: '2026-02-21 22:00' },
    ]);
    expect(await store.all('SELECT problem_key, status FROM problem')).toEqual([{ problem_key: 'jira:ITSM-4', status: 'root_cause_analysis' }]);
    store.close();
  });
});

describe('ingest: user mapping files', () => {
  it('maps an unknown export with a YAML mapping, vocabulary included', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const mapping = writeFixture(dir, 'acme.yaml', [
      'tool: acme',
      'object: ticket',
      'fields:',
      '  source_id: Ticket No',
      '  kind: { value: incident }',
      '  opened_at: Logged',
      '  resolved_at: Fixed',
      '  priority: { from: Prio, vocab: prio }',
      '  sla_met: { from: In SLA, vocab: bool }',
      'vocab:',
      '  prio: { map: { P1: 1, P2: 2, P3: 3 } }',
    ].join('\n'));
    const data = writeFixture(dir, 'acme.csv', 'Ticket No,Logged,Fixed,Prio,In SLA\nA-1,2024-01-05 10:00,2024-01-05 12:30,P2,yes\nA-2,2024-01-06 10:00,,P1,no\n');
    const [s] = await ingestPaths(store, { paths: [data], mapping });
    expect(s).toMatchObject({ tool: 'acme', rows_loaded: 2 });
    expect(await store.all('SELECT ticket_key, kind, priority, sla_met FROM ticket ORDER BY 1')).toEqual([
      { ticket_key: 'acme:A-1', kind: 'incident', priority: 2, sla_met: true },
      { ticket_key: 'acme:A-2', kind: 'incident', priority: 1, sla_met: false },
    ]);
    const bad = writeFixture(dir, 'bad.yaml', 'object: ticket\nfields:\n  source_id: Ticket No\n  colour: Colour\n');
    await expect(ingestPaths(store, { paths: [data], mapping: bad })).rejects.toThrow(/--mapping .*bad\.yaml: fields: unknown ticket field colour \(known: source_id, kind, title, /);
    store.close();
  });
});

describe('ingest: ServiceNow requests, changes, problems and assets', () => {
  it('recognises each table from its header and id prefixes and maps its vocabulary', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const files = [
      writeFixture(dir, 'sc_req_item.csv', 'number,short_description,state,priority,cat_item,assignment_group,assigned_to,requested_for,opened_at,closed_at,made_sla,sys_id\n' +
        'RITM0000001,New laptop,Closed Complete,4 - Low,Laptop,Desktop,Ann,Bob,2025-01-02 09:00:00,2025-01-04 09:00:00,true,a1\n'),
      writeFixture(dir, 'change_request.csv', 'number,short_description,type,state,risk,priority,approval,close_code,category,cmdb_ci,business_service,assignment_group,assigned_to,requested_by,opened_at,closed_at,start_date,end_date,work_start,work_end,sys_id\n' +
        'CHG0000001,Patch DB,Normal,Closed,Moderate,3 - Moderate,Approved,Successful with issues,Software,db01,ERP,DBA,Cy,Di,2025-01-01 10:00:00,2025-01-03 10:00:00,2025-01-02 20:00:00,2025-01-02 22:00:00,2025-01-02 20:05:00,2025-01-02 23:00:00,c1\n' +
        'CHG0000002,Emergency fix,Emergency,Review,High,1 - Critical,Requested,Unsuccessful,Network,fw01,VPN,NET,Ed,Fa,2025-01-05 10:00:00,,2025-01-05 11:00:00,2025-01-05 12:00:00,2025-01-05 11:00:00,2025-01-05 12:30:00,c2\n'),
      writeFixture(dir, 'problem.csv', 'number,short_description,state,priority,known_error,cmdb_ci,assignment_group,assigned_to,cause_notes,workaround,rfc,opened_at,resolved_at,closed_at,sys_id\n' +
        'PRB0000001,VPN drops,Root Cause Analysis,2 - High,true,fw01,NET,Ed,,Reconnect,,2025-01-06 10:00:00,,,p1\n'),
      writeFixture(dir, 'alm_hardware.csv', 'asset_tag,display_name,serial_number,model_category,model,install_status,assigned_to,owned_by,department,location,cost,purchased_on,warranty_expiration,ci,sys_updated_on\n' +
        'P1000001,Dell 5440,SN1,Computer,Latitude 5440,In use,Ann,IT,Finance,Utrecht,1234.5,2023-02-01,2026-02-01,LAP-001,2025-01-01 00:00:00\n'),
    ];
    const summaries = await ingestPaths(store, { paths: files });
    expect(summaries.map((s) => `${s.tool}/${s.source_table}/${s.records}`)).toEqual([
      'servicenow/sc_req_item/1', 'servicenow/change_request/2', 'servicenow/problem/1', 'servicenow/alm_hardware/1',
    ]);
    expect(await store.one('SELECT kind, status, category FROM ticket')).toEqual({ kind: 'service_request', status: 'closed', category: 'Laptop' });
    expect(await store.all('SELECT source_id, change_type, status, risk, approval, outcome, ci_name FROM "change" ORDER BY 1')).toEqual([
      { source_id: 'CHG0000001', change_type: 'normal', status: 'closed', risk: 3, approval: 'approved', outcome: 'successful_with_issues', ci_name: 'db01' },
      { source_id: 'CHG0000002', change_type: 'emergency', status: 'review', risk: 2, approval: 'requested', outcome: 'unsuccessful', ci_name: 'fw01' },
    ]);
    expect(await store.one('SELECT status, known_error, priority FROM problem')).toEqual({ status: 'root_cause_analysis', known_error: true, priority: 2 });
    expect(await store.one(`SELECT source_id, class, status, cost, strftime(warranty_end, '%Y-%m-%d') AS w, ci_name FROM asset`)).toEqual({
      source_id: 'P1000001', class: 'Computer', status: 'in_use', cost: 1234.5, w: '2026-02-01', ci_name: 'LAP-001',
    });
    store.close();
  });
});

describe('ingest: process-mining activity logs', () => {
  it('turns cases into tickets and activities into events (XES keys in a CSV)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'case:concept:name,case:priority,concept:name,time:timestamp,org:resource,lifecycle:transition',
      'C1,2,Open,2024-03-01T08:00:00.000+01:00,Ann,complete',
      'C1,2,Assign,2024-03-01T09:30:00.000+01:00,Bob,complete',
      'C1,2,Resolve,2024-03-01T12:00:00.000+01:00,Bob,complete',
      'C1,2,Close,2024-03-04T12:00:00.000+01:00,System,complete',
      'C2,4,Open,2024-03-02T10:00:00.000+01:00,Ann,complete',
      'C2,4,Wait for user,2024-03-02T11:00:00.000+01:00,Cy,complete',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', csv)] });
    expect(s).toMatchObject({ tool: 'xes', object: 'event_log', rows_read: 6, rows_loaded: 6, records: 2, events: 6 });
    expect(await store.all(`SELECT source_id, kind, priority, status, status_raw, strftime(opened_at, '%H:%M') AS o,
      strftime(resolved_at, '%d %H:%M') AS r, strftime(closed_at, '%d %H:%M') AS c FROM ticket ORDER BY 1`)).toEqual([
      { source_id: 'C1', kind: 'incident', priority: 2, status: 'closed', status_raw: 'Close', o: '07:00', r: '01 11:00', c: '04 11:00' },
      { source_id: 'C2', kind: 'incident', priority: 4, status: 'in_progress', status_raw: 'Wait for user', o: '09:00', r: null, c: null },
    ]);
    expect(await store.all(`SELECT seq, actor, new_value FROM ticket_event WHERE record_key = 'xes:C1' ORDER BY seq`)).toEqual([
      { seq: 1, actor: 'Ann', new_value: 'Open' },
      { seq: 2, actor: 'Bob', new_value: 'Assign' },
      { seq: 3, actor: 'Bob', new_value: 'Resolve' },
      { seq: 4, actor: 'System', new_value: 'Close' },
    ]);
    store.close();
  });

  it('reads a CSV activity log with its own column names through a mapping', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const mapping = writeFixture(dir, 'log.yaml', [
      'tool: bpm',
      'object: event_log',
      'fields:',
      '  source_id: Case ID',
      '  kind: { value: incident }',
      'activity_log: { activity: Activity, time: Timestamp, resource: Resource, resolved: "^done$", closed: "^archived$" }',
    ].join('\n'));
    const data = writeFixture(dir, 'log.csv', 'Case ID;Activity;Timestamp;Resource\nK1;start;05/03/2024 08:00;a\nK1;done;13/03/2024 09:00;b\n');
    const [s] = await ingestPaths(store, { paths: [data], mapping });
    expect(s).toMatchObject({ tool: 'bpm', records: 1, events: 2 });
    expect(await store.one(`SELECT status, strftime(resolved_at, '%Y-%m-%d %H:%M') AS r FROM ticket`)).toEqual({ status: 'resolved', r: '2024-03-13 09:00' });
    store.close();
  });
});

describe('ingest: epoch timestamps', () => {
  it('reads Unix epoch milliseconds and seconds as UTC instants', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // 1710316800000 ms = 2024-03-13 08:00:00 UTC; 1710325800 s = 2024-03-13 10:30:00 UTC (fractions allowed)
    const path = writeFixture(dir, 'epoch.csv', 'number,short_description,opened_at,resolved_at,caller_id\nINC1,a,1710316800000,1710325800.5,x\n');
    const [s] = await ingestPaths(store, { paths: [path] });
    expect(s!.date_formats).toEqual({ opened_at: 'epoch milliseconds', resolved_at: 'epoch seconds' });
    expect(await store.one(`SELECT strftime(opened_at, '%Y-%m-%d %H:%M') AS o, strftime(resolved_at, '%Y-%m-%d %H:%M') AS r FROM ticket`)).toEqual({
      o: '2024-03-13 08:00', r: '2024-03-13 10:30',
    });
    store.close();
  });
});
