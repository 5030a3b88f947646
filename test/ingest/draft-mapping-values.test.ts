/**
 * `itsm-lens map`'s draft (src/ingest/draft-mapping.ts) computed in process, inside each test (StrykerJS counts a
 * mutant only while a test runs): the id, the table, the event log, the kind, the null markers, the units of a
 * duration, vocabularies and the evidence each line gives, on small files whose figures are read off by hand
 * (written next to each). How many built-in tools use a header changes as adapters are added: it is pinned only
 * where one tool is named. test/ingest/draft-mapping.test.ts runs the CLI and ingests a draft.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftMapping, writeDraft } from '../../src/ingest/draft-mapping.js';
import { tempDir, writeFixture } from '../helpers.js';
import { DESK_CSV } from './fixtures.js';

const dir = tempDir('itsm-lens-draft-values-');
const csv = (name: string, lines: string[]) => writeFixture(dir, name, lines.join('\n') + '\n');
/** `header used by N built-in tools` with N left open (N ≥ 2) */
const usedByMany = /^header used by ([2-9]|\d\d+) built-in tools; /;

// a home-grown helpdesk (fixtures.ts): '-' in three columns (4 cells), dates day first (13/01 decides the order)
const desk = writeFixture(dir, 'desk.csv', DESK_CSV);

describe('draftMapping: a ticket export with a unique id', () => {
  it('names each field with its evidence (distinct values, share filled, date format, examples) and writes it as YAML', async () => {
    const d = await draftMapping(desk, { out: join(dir, 'desk.yaml') });
    expect(d).toMatchObject({ path: desk, rows: 5, object: 'ticket', table: 'ticket', null_values: [{ value: '-', cells: 4 }], extra: [], notes: [] });
    expect(Object.keys(d.fields).sort()).toEqual(['assignment_group', 'kind', 'opened_at', 'priority', 'requester', 'resolved_at', 'source_id', 'status', 'title']);
    // T-1 … T-5: five values, each once; the examples are the first three by count, ties by value
    expect(d.fields.source_id).toEqual({ column: 'Ticket No', evidence: 'unique on every row; e.g. "T-1", "T-2", "T-3"' });
    // 'Closed' twice, then the three others once each, by value
    expect(d.fields.status!.column).toBe('Status');
    expect(d.fields.status!.vocab).toBe('status');
    expect(d.fields.status!.evidence).toMatch(usedByMany);
    expect(d.fields.status!.evidence).toMatch(/; 4 distinct values; e\.g\. "Closed", "Awaiting caller", "Open"$/);
    // Requester: 4 of 5 filled (the '-' is a null marker) = 80 %; Assigned Group: Desk, Network; one '-' → 80 %
    expect(d.fields.requester!.evidence).toMatch(/; 4 distinct values; 80 % filled; e\.g\. "ann", "bob", "dan"$/);
    expect(d.fields.assignment_group).toMatchObject({ column: 'Assigned Group' });
    expect(d.fields.assignment_group!.evidence).toMatch(/ built-in tools?; 2 distinct values; 80 % filled; e\.g\. "Desk", "Network"$/);
    // 'Created On' is no tool's header: 'created at' with its suffix dropped; 5 distinct dates, none empty
    expect(d.fields.opened_at!.column).toBe('Created On');
    expect(d.fields.opened_at!.evidence).toMatch(
      /^header variant of 'created at' \(prefix or suffix dropped\) \(\d+ built-in tools?\); 5 distinct values; dates %d\/%m\/%Y %H:%M; e\.g\. "13\/01\/2024 08:00", "14\/01\/2024 09:00", "15\/01\/2024 10:00"$/,
    );
    // 3 of 5 resolved = 60 %
    expect(d.fields.resolved_at!.evidence).toMatch(/; 3 distinct values; 60 % filled; dates %d\/%m\/%Y %H:%M; /);
    expect(d.fields.title!.column).toBe('Summary');
    expect(d.fields.kind).toEqual({
      value: 'incident',
      evidence: 'assumed: no type column and no known id prefix; set service_request, interaction or other if that is what the file holds',
    });
    // each distinct value through the built-in tools' words
    expect(d.vocab).toEqual({
      status: { map: { Closed: 'closed', 'Awaiting caller': 'pending', Open: 'new', Resolved: 'resolved' }, unmatched: [] },
      priority: { map: { Low: 4, Critical: 1, High: 2, Medium: 3 }, unmatched: [] },
    });
    // the YAML: the schema line, the header comment, the fields in the model order and the vocabularies
    // (one draft per file: StrykerJS runs every test that reaches a mutant, and each draft costs a database)
    const lines = d.yaml.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      '# yaml-language-server: $schema=' + lines[0]!.slice('# yaml-language-server: $schema='.length),
      '# Draft mapping for desk.csv, written by `itsm-lens map` from its header and values',
      '# (5 rows, 8 columns). Each line says why; check the guesses, then run:',
      `#   itsm-lens ingest ${JSON.stringify(desk)} --mapping <this file>`,
      'tool: custom',
      'object: ticket',
      'source_table: "desk"',
      'null_values: ["-"]   # "-" fills 4 cells',
      'fields:',
    ]);
    expect(lines[0]).toMatch(/^# yaml-language-server: \$schema=\S*schemas\/mapping\.schema\.json$/);
    expect(d.yaml).toContain('  source_id: "Ticket No"   # unique on every row; e.g. "T-1", "T-2", "T-3"\n');
    expect(d.yaml).toContain('  kind: { value: "incident" }   # assumed: ');
    expect(d.yaml).toMatch(/\n {2}status: \{ from: "Status", vocab: status \} {3}# header used by /);
    expect(d.yaml).toMatch(/\n {2}requester: "Requester" {3}# header used by /);
    // the order of the canonical model (ticket: source_id, kind, title, status, priority, …), not of the file
    const order = lines.filter((l) => /^ {2}[a-z_]+: /.test(l)).map((l) => l.trim().split(':')[0]);
    expect(order).toEqual(['source_id', 'kind', 'title', 'status', 'priority', 'assignment_group', 'requester', 'opened_at', 'resolved_at']);
    expect(d.yaml).toContain(
      'vocab:   # each distinct value, translated with the words of the built-in tools; values not listed become other (text) or unknown (numbers)\n' +
        '  status:\n    map:\n      "Closed": "closed"\n      "Awaiting caller": "pending"\n      "Open": "new"\n      "Resolved": "resolved"\n' +
        '  priority:\n    map:\n      "Low": 4\n      "Critical": 1\n      "High": 2\n      "Medium": 3\n',
    );
    expect(d.yaml).not.toContain('# columns kept in extra');
    expect(d.yaml.endsWith('"Medium": 3\n')).toBe(true);
    const doc = parse(d.yaml);
    expect(doc.fields.resolved_at).toBe('Resolved On');
    expect(doc.null_values).toEqual(['-']);
  });

  it('reads the kind off the id prefixes, a time in seconds by its header, a reopen time as a count, unmatched values', async () => {
    const f = csv('rep.csv', [
      'Number,Handle Time (secs),Reopen Time,Urgency,Category,Priority',
      'RITM001,10,,High,a,1',
      'RITM002,20,14/03/2024 10:00,Low,b,2',
      'RITM003,30,,Medium,a,3',
      'INC004,40,,Weird,c,Top',
    ]);
    const d = await draftMapping(f);
    // RITM: service_request (ServiceNow's request items); 3 of the 4 ids = 75 %
    expect(d.fields.kind).toEqual({ value: 'service_request', evidence: '75 % of the most frequent ids start with a prefix tools use for service_request' });
    // seconds → hours: divided by 3600, written as its inverse
    expect(d.fields.handle_time_hours).toMatchObject({ column: 'Handle Time (secs)', scale: 3600 });
    expect(d.fields.handle_time_hours!.evidence).toMatch(/^seconds by its header, divided by 3600; header used by 1 built-in tool; 4 distinct values; e\.g\. "10", "20", "30"$/);
    expect(d.yaml).toContain(`  handle_time_hours: { from: "Handle Time (secs)", scale: ${1 / 3600} }   # seconds by its header`);
    // hpsm's 'reopen time' (one tool); 1 of 4 filled = 25 %
    expect(d.fields.reopened_at).toEqual({ column: 'Reopen Time', evidence: 'header used by 1 built-in tool; 1 distinct value; 25 % filled; dates %d/%m/%Y %H:%M; e.g. "14/03/2024 10:00"' });
    expect(d.fields.reopen_count).toEqual({ column: 'Reopen Time', parse: 'present', evidence: "1 when 'Reopen Time' has a time (reopened at least once), else 0" });
    expect(d.yaml).toContain('  reopen_count: { from: "Reopen Time", parse: present }   # 1 when ');
    // an int field with words: translated where a tool knows the value, 'Top' and 'Weird' left out and listed
    expect(d.vocab.priority).toEqual({ map: { '1': 1, '2': 2, '3': 3 }, unmatched: ['Top'] });
    expect(d.vocab.urgency).toEqual({ map: { High: 1, Low: 3, Medium: 2 }, unmatched: ['Weird'] });
    expect(d.yaml).toContain('  urgency:\n    map:\n      "High": 1\n      "Low": 3\n      "Medium": 2\n    # not matched: "Weird"\n');
    expect(d.vocab.reopen_count).toBeUndefined();
    expect(d.vocab.handle_time_hours).toBeUndefined();
    expect(d.fields.category).toMatchObject({ column: 'Category' });
    expect(d.fields.category!.vocab).toBeUndefined(); // text: kept as written
  });

  it('a kind from the id column name, or from a prefix on half the ids', async () => {
    const inter = await draftMapping(csv('inter.csv', ['Interaction ID,Opened At', 'X1,05/06/2024 08:00', 'X2,17/08/2024 08:00']));
    expect(inter.fields.kind).toEqual({ value: 'interaction', evidence: "the id column is named 'Interaction ID'" });
    const req = await draftMapping(csv('req.csv', ['Request Ref,Opened At', 'X1,05/06/2024 08:00', 'X2,17/08/2024 08:00']));
    expect(req.fields.kind).toEqual({ value: 'service_request', evidence: "the id column is named 'Request Ref'" });
    // 1 of 2 ids with a known prefix (INC) = 50 %: enough
    const half = await draftMapping(csv('half.csv', ['Ref,Opened At', 'INC1,05/06/2024 08:00', 'Q2,17/08/2024 08:00']));
    expect(half.fields.kind).toEqual({ value: 'incident', evidence: '50 % of the most frequent ids start with a prefix tools use for incident' });
    // 'RITMX1': the prefix must be followed by a digit
    const none = await draftMapping(csv('none.csv', ['Ref,Opened At', 'RITMX1,05/06/2024 08:00', 'RITMX2,17/08/2024 08:00']));
    expect(none.fields.kind!.evidence).toMatch(/^assumed: /);
  });

  it('a change export fills the change table', async () => {
    const d = await draftMapping(csv('chg.csv', [
      'Change Number,Planned Start,Planned End,Risk,Type',
      'CHG1,13/01/2024 08:00,13/01/2024 10:00,High,Normal',
      'CHG2,14/01/2024 08:00,14/01/2024 10:00,Low,Standard',
    ]));
    expect(d).toMatchObject({ object: 'change', table: 'change' });
    expect(d.yaml).toContain('\nobject: change\n');
    expect(d.fields).toMatchObject({ source_id: { column: 'Change Number' }, planned_start: { column: 'Planned Start' }, planned_end: { column: 'Planned End' } });
    expect(d.fields.kind).toBeUndefined(); // a change has no kind
    expect(d.vocab.change_type).toEqual({ map: { Normal: 'normal', Standard: 'standard' }, unmatched: [] });
  });
});

describe('draftMapping: a field takes a column only when its values fit the field', () => {
  it('whole numbers, numbers and yes/no at 95 %, at most 4 yes/no words, at most 60 values of a list, dates, an empty column', async () => {
    // 80 rows. reassignment_count (int): 76 distinct whole numbers and 4 words = 95 % → taken (a tool translates it
    // with a vocabulary, which would take any column of at most 60 values: here 77).
    // made_sla (bool): 19 true/false of 20 = 95 %, 3 distinct → sla_met. first call resolution (bool): 20 of 20 yes/no
    // words but 5 distinct (true, false, yes, no, 1) → not taken. time_worked (number): 19 of 20 numbers → taken.
    // state (list): 60 distinct → status; contact_type (list): 61 distinct → no channel. opened_at holds words, no
    // dates → not taken; short_description holds dates → no title; description is empty → neither a field nor extra.
    // category: 'a' × 24 on 40 rows, 'b' × 25 on 40: examples cut past 24 characters only
    const a24 = 'a'.repeat(24);
    const b25 = 'b'.repeat(25);
    const rows = Array.from({ length: 80 }, (_, i) => {
      const part = i < 20;
      return [
        `INC${1000 + i}`,
        i < 76 ? String(i) : 'x',
        part ? (i < 19 ? (i % 2 ? 'true' : 'false') : 'maybe') : '',
        part ? ['true', 'false', 'yes', 'no', '1'][i % 5] : '',
        part ? (i < 19 ? `${i}.5` : 'x') : '',
        `s${i % 60}`,
        `c${i % 61}`,
        'soon',
        `2024-03-${10 + (i % 20)} 08:00`,
        '',
        i < 40 ? a24 : b25,
      ].join(',');
    });
    const d = await draftMapping(csv('fits-a.csv', ['number,reassignment_count,made_sla,first call resolution,time_worked,state,contact_type,opened_at,short_description,description,category', ...rows]));
    expect(d.fields.reassignment_count?.column).toBe('reassignment_count');
    expect(d.fields.sla_met?.column).toBe('made_sla');
    expect(d.fields.first_contact_resolved).toBeUndefined();
    expect(d.fields.handle_time_hours?.column).toBe('time_worked');
    expect(d.fields.status?.column).toBe('state');
    expect(d.fields.channel).toBeUndefined();
    expect(d.fields.opened_at).toBeUndefined();
    expect(d.fields.title).toBeUndefined();
    expect(d.fields.description).toBeUndefined();
    expect(d.extra.map((e) => e.column)).not.toContain('description');
    expect(d.fields.category!.evidence).toMatch(new RegExp(`; 2 distinct values; e\\.g\\. "${a24}", "${'b'.repeat(22)}…"$`));
  });

  it('below 95 %, or a list field of dates: not taken', async () => {
    // 80 rows: reassignment_count 72 distinct whole numbers of 80 = 90 % (73 distinct: no vocabulary takes it);
    // made_sla 72 yes/no of 80; time_worked 72 numbers of 80; state and impact (a list, and a number with a
    // vocabulary) hold dates (20 distinct, day > 12)
    const rows = Array.from({ length: 80 }, (_, i) =>
      [`INC${i}`, i < 72 ? String(i) : 'x', i < 72 ? 'yes' : 'maybe', i < 72 ? '2.5' : 'x', `2024-03-${10 + (i % 20)} 08:00`, `2024-04-${10 + (i % 20)}`].join(','),
    );
    const d = await draftMapping(csv('fits-b.csv', ['number,reassignment_count,made_sla,time_worked,state,impact', ...rows]));
    expect(d.fields.source_id?.column).toBe('number');
    expect(d.fields.reassignment_count).toBeUndefined();
    expect(d.fields.sla_met).toBeUndefined();
    expect(d.fields.handle_time_hours).toBeUndefined();
    expect(d.fields.status).toBeUndefined();
    expect(d.fields.impact).toBeUndefined();
  });
});

describe('draftMapping: no unique id', () => {
  it('an id that repeats with an update counter is an event log, with its time and actor', async () => {
    const f = csv('log.csv', [
      'Case,sys_mod_count,Modified,State,Opened,updated by',
      'A1,1,01/02/2024 08:00,New,13/01/2024 08:00,ann',
      'A1,2,01/02/2024 09:30,Resolved,13/01/2024 08:00,bob',
      'B2,1,13/02/2024 10:00,New,13/02/2024 10:00,ann',
      'B2,2,13/02/2024 11:00,In Progress,13/02/2024 10:00,cy',
    ]);
    const d = await draftMapping(f);
    expect(d.object).toBe('event_log');
    // Case: A1, B2 in 4 rows; (Case, sys_mod_count) four distinct pairs
    expect(d.event_log).toEqual({
      seq: 'sys_mod_count', time: 'Modified', actor: 'updated by',
      evidence: "'Case' repeats (2 distinct in 4 rows); 'Case' + 'sys_mod_count' is unique: one row per update, the latest kept",
    });
    expect(d.fields.source_id).toEqual({ column: 'Case', evidence: '2 distinct in 4 rows; e.g. "A1", "B2"' });
    // no header says the update time: the date column with the most distinct values (Modified 4, Opened 2)
    expect(d.fields.updated_at).toEqual({
      column: 'Modified',
      evidence: 'guess: the update time is the date column with the most distinct values; 4 distinct values; dates %d/%m/%Y %H:%M; e.g. "01/02/2024 08:00", "01/02/2024 09:30", "13/02/2024 10:00"',
    });
    expect(d.fields.opened_at!.column).toBe('Opened');
    expect(d.fields.opened_at!.evidence).toMatch(/; 2 distinct values; dates %d\/%m\/%Y %H:%M; e\.g\. "13\/01\/2024 08:00", "13\/02\/2024 10:00"$/);
    expect(d.extra).toEqual([]); // the counter and the actor are the event log's
    expect(d.yaml).toContain("\nobject: event_log   # 'Case' repeats (2 distinct in 4 rows); 'Case' + 'sys_mod_count' is unique: one row per update, the latest kept\n");
    expect(d.yaml).toContain('\nevent_log: { seq: "sys_mod_count", time: "Modified", actor: "updated by" }\n');
  });

  it('an update counter that repeats now and then still makes the log, saying for how many rows', async () => {
    // 'Version' is no tool's counter: any all-integer column that makes the pairs unique; here (A1, 1) twice →
    // 5 distinct pairs in 6 rows, share 5/6 < 0.99 for a named counter but this one is not named; so no log …
    const f = csv('rep-seq.csv', [
      'Case,sys_mod_count,State',
      'A1,1,New', 'A1,1,New', 'A1,2,Resolved', 'B2,1,New', 'B2,2,Closed', 'B2,3,Closed',
      ...Array.from({ length: 100 }, (_, i) => `C${i},1,New`),
    ]);
    const d = await draftMapping(f);
    // 106 rows, 102 distinct cases; (Case, sys_mod_count): 105 distinct pairs → share 105/106 = 0.9906 ≥ 0.99;
    // not unique for 106 − 105 = 1 row
    expect(d.object).toBe('event_log');
    expect(d.event_log!.evidence).toBe("'Case' repeats (102 distinct in 106 rows); 'Case' + 'sys_mod_count' is unique but for 1 rows: one row per update, the latest kept");
    expect(d.event_log!.time).toBeUndefined(); // no date column at all
    expect(d.yaml).toContain('\nevent_log: { seq: "sys_mod_count" }\n');
  });

  it('an id that repeats without a counter: the note names the column that makes it unique, or none', async () => {
    const pair = await draftMapping(csv('dup.csv', ['Ref,Status', 'R1,Open', 'R1,Closed', 'R2,Open']));
    expect(pair.object).toBe('ticket');
    expect(pair.event_log).toBeUndefined();
    // Ref: R1, R2 in 3 rows; (Ref, Status) three distinct pairs
    expect(pair.notes).toEqual([
      "'Ref' is not unique (2 distinct in 3 rows); 'Ref' + 'Status' is: one row per record and Status; the last row of each id is loaded and the rows before it are rejected as superseded",
    ]);
    expect(pair.fields.source_id).toEqual({ column: 'Ref', evidence: '2 distinct in 3 rows; e.g. "R1", "R2"' });
    expect(pair.yaml).toContain('\n# note: \'Ref\' is not unique (2 distinct in 3 rows); ');
    const none = await draftMapping(csv('dup2.csv', ['Ref,Status', 'R1,Open', 'R1,Open', 'R2,Open']));
    expect(none.notes).toEqual([
      "'Ref' is not unique (2 distinct in 3 rows); no second column makes it unique; the last row of each id is loaded and the rows before it are rejected as superseded",
    ]);
  });

  it('thousands in the evidence, a share unique past 100 distinct values, long examples cut', async () => {
    // 1,200 rows: Ref R0 … R599 twice; Title 'long title text for row group 0|1' (row i and i + 600 differ);
    // Description unique but longer than 40 characters (no id); Status alternates, so Ref + Status repeats
    const rows = Array.from({ length: 1200 }, (_, i) => `R${i % 600},${i % 2 ? 'Open' : 'Closed'},long title text for row group ${Math.floor(i / 600)},description text that is long enough to pass forty characters ${i}`);
    const d = await draftMapping(csv('big.csv', ['Ref,Status,Title,Description', ...rows]));
    expect(d.notes[0]).toBe(
      "'Ref' is not unique (600 distinct in 1,200 rows); 'Ref' + 'Title' is: one row per record and Title; the last row of each id is loaded and the rows before it are rejected as superseded",
    );
    expect(d.fields.source_id!.evidence).toBe('600 distinct in 1,200 rows; e.g. "R0", "R1", "R10"');
    // 1,200 distinct of 1,200 = 100 %; the examples cut at 22 characters (the last a space) and an ellipsis
    expect(d.fields.description!.evidence).toMatch(/ built-in tools?; 100 % unique; e\.g\. "description text that …", "description text that …", "description text that …"$/);
    expect(d.fields.title!.evidence).toMatch(/; 2 distinct values; e\.g\. "long title text for ro…", "long title text for ro…"$/);
    expect(d.yaml).toContain('# (1,200 rows, 4 columns). Each line says why');
  });

  it('no unique column and none named like an id: records numbered by file and line; unused columns listed in extra', async () => {
    const d = await draftMapping(csv('noid.csv', ['Summary,Colour,Stamp', 'foo,red,01/02/2024', 'bar,red,01/02/2024', 'foo,blue,02/03/2024']));
    expect(d.fields.source_id).toBeUndefined();
    expect(d.notes[0]).toBe('no column is unique, and none is named like an id: records are numbered by file and line (stable for this file only)');
    expect(d.yaml).toContain('\n  source_id: { value: "" }   # no id column: records are numbered by file and line\n');
    // every day ≤ 12: the order is undecided, said in a note
    expect(d.notes[1]).toBe("'Stamp' holds dates but column 'Stamp' has dates like '01/02/2024' whose day/month order the data cannot decide (every day ≤ 12); pass --date-format dmy or --date-format mdy");
    // Colour: red ×2, blue ×1 → 2 distinct; Stamp: 2 distinct, no format
    expect(d.extra).toEqual([
      { column: 'Colour', evidence: '2 distinct values; e.g. "red", "blue"' },
      { column: 'Stamp', evidence: '2 distinct values; dates whose day/month order the data cannot decide (see the note above); e.g. "01/02/2024", "02/03/2024"' },
    ]);
    expect(d.yaml).toContain('# columns kept in extra (no field guessed); name one under fields to use it:\n#   "Colour": 2 distinct values; e.g. "red", "blue"\n');
  });
});

describe('draftMapping and writeDraft: what they refuse', () => {
  it('a missing file or a folder', async () => {
    await expect(draftMapping(join(dir, 'nope.csv'))).rejects.toThrow(`${join(dir, 'nope.csv')}: no such file`);
    await expect(draftMapping(dir)).rejects.toThrow(`${dir}: is a folder; map one export file at a time`);
  });

  it('a folder as --out, a folder that does not exist; an existing file only with force, written whole', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => writeDraft(sub, 'x\n', true)).toThrow(`--out ${sub}: is a folder; name a file such as ${join(sub, 'mapping.yaml')}`);
    const missing = join(dir, 'missing', 'm.yaml');
    expect(() => writeDraft(missing, 'x\n', false)).toThrow(`--out ${missing}: the folder ${join(dir, 'missing')} does not exist`);
    const out = join(sub, 'm.yaml');
    writeDraft(out, 'first\n', false);
    expect(readFileSync(out, 'utf8')).toBe('first\n');
    expect(() => writeDraft(out, 'second\n', false)).toThrow(`--out ${out}: the file exists; pass --force to replace it, or name another file`);
    writeDraft(out, 'second\n', true);
    expect(readFileSync(out, 'utf8')).toBe('second\n');
    expect(readdirSync(sub)).toEqual(['m.yaml']); // no temporary file left
    expect(existsSync(missing)).toBe(false);
  });
});
