/**
 * Headers that drift (src/ingest/header-match.ts, src/ingest/headers.ts), on a hand-made mapping so each match
 * and its reason is read off the header by hand: the edit-distance cut-offs, the variant kinds and their
 * strengths, which sample values a field takes, event-log and route slots, duplicate headers and the key-field
 * warnings. test/ingest/header-match.test.ts has the ServiceNow cases.
 */
import { describe, expect, it } from 'vitest';
import { editDistance, fitMapping, variantMatch } from '../../src/ingest/header-match.js';
import { normaliseHeader, uniqueColumnNames } from '../../src/ingest/headers.js';
import { resolveColumns } from '../../src/ingest/compile.js';
import { columnsOf } from '../../src/ingest/rules.js';
import type { ObjectMapping, SourceAdapter } from '../../src/sources/types.js';

const adapter: SourceAdapter = { id: 'h', name: 'h', signature: {}, nullValues: ['n/a'], vocab: {}, objects: [] };
const ticket = (fields: ObjectMapping['fields'], extra: Partial<ObjectMapping> = {}): ObjectMapping => ({ object: 'ticket', table: 'ticket', sourceTable: 't', fields, ...extra });
const fit = (mapping: ObjectMapping, header: string[], sample: string[][] = [], fuzzy = true) => {
  const columns = uniqueColumnNames(header);
  const f = fitMapping(adapter, mapping, header, columns, sample, fuzzy);
  return { ...f, col: (field: string) => resolveColumns(f.mapping.fields[field]!, columns)[0] };
};

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps; stops past max', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abcd', 'abdc')).toBe(1); // one swap
    expect(editDistance('abcd', 'badc')).toBe(2); // two swaps
    expect(editDistance('ca', 'abc')).toBe(3); // OSA: not 2 (that would need editing a swapped pair again)
    expect(editDistance('abcdef', 'azcdxf')).toBe(2);
    // a length difference over max: max + 1 at once
    expect(editDistance('abc', 'abcdef', 2)).toBe(3);
    // a row whose minimum passes max: max + 1
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    // within max: the distance itself
    expect(editDistance('abcdef', 'abcxef', 1)).toBe(1);
    expect(editDistance('abcdef', 'abxyef', 2)).toBe(2);
  });
});

describe('variantMatch', () => {
  it('structural variants: affixes dropped (core of 4 letters or more), words reordered, truncation to half or more', () => {
    expect(variantMatch('opened', 'opened')).toBeUndefined(); // the same header: an exact match, not a variant
    expect(variantMatch('Opened At', 'opened_at')).toBeUndefined();
    expect(variantMatch('opened_at', 'u_opened_date')).toEqual({ strength: 4, reason: "variant of 'opened_at' (prefix or suffix dropped)" });
    // core 'sla' (3 letters): no affix variant; 'u sla id' vs 'sla' is then 5 letters against 3 … no edits below 5
    expect(variantMatch('sla', 'u_sla_id')).toBeUndefined();
    // 'made' (4): enough
    expect(variantMatch('made', 'x_made')).toEqual({ strength: 4, reason: "variant of 'made' (prefix or suffix dropped)" });
    // only prefixes and suffixes of the lists: 'foo_opened' is not 'opened'
    expect(variantMatch('opened', 'foo_opened')?.strength).not.toBe(4);
    // one word is never 'reordered'
    expect(variantMatch('assigned group', 'group assigned')).toEqual({ strength: 4, reason: "variant of 'assigned group' (words reordered)" });
    expect(variantMatch('group', 'group group')).toBeUndefined();
    // truncated: 'reassignme' (10) of 'reassignmentcount' (17): 10 · 2 = 20 ≥ 17
    expect(variantMatch('reassignment_count', 'reassignme')).toEqual({ strength: 3, reason: "'reassignment_count' truncated" });
    // 'reassign' (8): 16 < 17 → not a truncation, and 9 letters apart → no edit either
    expect(variantMatch('reassignment_count', 'reassign')).toBeUndefined();
    // 5 letters: too short to be a truncation, however it starts
    expect(variantMatch('assignee', 'assig')).toBeUndefined();
    // exactly 6 letters of 12: 6 · 2 = 12 ≥ 12
    expect(variantMatch('abcdefghijkl', 'abcdef')).toEqual({ strength: 3, reason: "'abcdefghijkl' truncated" });
  });

  it('edits: none below 5 letters, one from 5, two from 12; a word replaced is no typo; edits off', () => {
    // 'statu' → 'status': 5 letters, 1 edit allowed
    expect(variantMatch('status', 'statsu')).toEqual({ strength: 2, reason: "1 edit from 'status'" });
    expect(variantMatch('stat', 'stta')).toBeUndefined(); // 4 letters: none
    // 11 letters (1 allowed): 'categoryxyz' vs 'catgeoryxzy' 2 swaps → no
    expect(variantMatch('categoryxyz', 'catgeoryxzy')).toBeUndefined();
    // 12 letters: 2 allowed
    expect(variantMatch('categoryxyzw', 'catgeoryxzyw')).toEqual({ strength: 1, reason: "2 edits from 'categoryxyzw'" });
    // the shorter name counts: 'priorit' (7) → 1 allowed … 'priorityy' is 2 from 'priorit'
    expect(variantMatch('priorit', 'priorityy')).toBeUndefined();
    expect(variantMatch('status', 'statsu', false)).toBeUndefined();
    // same number of words and one word half changed: another field ('closed at' / 'closed by'
    // 'at' → 'by' 2 edits ≥ half of 2)
    expect(variantMatch('closed_at', 'closed_by')).toBeUndefined();
    // a long word with one typo is kept: 'assignment' → 'assignmnet' (1 swap < half of 10)
    expect(variantMatch('assignment group', 'assignmnet group')).toEqual({ strength: 2, reason: "1 edit from 'assignment group'" });
  });
});

describe('fitMapping on a hand-made mapping', () => {
  const m = ticket({
    source_id: 'number',
    opened_at: ['opened_at', 'created'],
    resolved_at: 'resolved_at',
    status: 'state',
    priority: 'priority',
    title: 'short_description',
    kind: { value: 'incident' },
  });

  it('takes an exact alias later in the rule, names it; a localised label of an earlier alias', () => {
    const f = fit(m, ['number', 'Created', 'Geöffnet', 'state']);
    expect(f.col('opened_at')).toBe('Created');
    expect(f.matches).toContainEqual({ table: 'ticket', field: 'opened_at', column: 'Created', how: 'alias', reason: 'alias' });
    // 'opened' (de: Geöffnet) as the first alias and its label as the second: localised
    const loc = fit(ticket({ source_id: 'number', opened_at: ['opened', 'Geöffnet'] }), ['number', 'Geöffnet']);
    expect(loc.matches).toEqual([{ table: 'ticket', field: 'opened_at', column: 'Geöffnet', how: 'localised', reason: "localised label of 'opened'" }]);
    // the first alias itself: no match reported
    expect(fit(m, ['number', 'opened_at', 'resolved_at', 'state']).matches).toEqual([]);
  });

  it('a date field takes a column of dates (80 % of the sample), an int field numbers, a text field no yes/no flags', () => {
    const rows = (vals: string[]) => vals.map((v) => ['1', v]);
    // 4 of 5 date-like = 80 %: taken; 3 of 5: not
    expect(fit(m, ['number', 'u_resolved_at'], rows(['2024-01-02', '3/4/24', '20240101', '1.2.2024 8:00', 'x'])).col('resolved_at')).toBe('u_resolved_at');
    expect(fit(m, ['number', 'u_resolved_at'], rows(['2024-01-02', '3/4/24', '20240101', 'x', 'y'])).col('resolved_at')).toBeUndefined();
    // empty cells and the adapter's null markers are left out: 2 of 2 dates
    expect(fit(m, ['number', 'u_resolved_at'], rows(['2024-01-02', '', 'n/a', '2024-01-03', ' '])).col('resolved_at')).toBe('u_resolved_at');
    // epoch numbers of 5 digits or more are dates; 1234 is not
    expect(fit(m, ['number', 'u_resolved_at'], rows(['1705132800', '17051.5'])).col('resolved_at')).toBe('u_resolved_at');
    expect(fit(m, ['number', 'u_resolved_at'], rows(['1234', '5678'])).col('resolved_at')).toBeUndefined();
    // int: '-1', '2,5', '3.0', '4' numbers; 'x' not: 4 of 5 = 80 %
    expect(fit(m, ['number', 'u_priority'], rows(['-1', '2,5', '3.0', '4', 'x'])).col('priority')).toBe('u_priority');
    expect(fit(m, ['number', 'u_priority'], rows(['1', 'high', 'low', '2', 'x'])).col('priority')).toBeUndefined();
    // text: 'Yes'/'no'/'TRUE' flags on 3 of 4 = 75 % < 80 %: taken; 4 of 4: not
    expect(fit(m, ['number', 'u_short_description'], rows(['Yes', 'no', 'TRUE', 'printer'])).col('title')).toBe('u_short_description');
    expect(fit(m, ['number', 'u_short_description'], rows(['Yes', 'no', 'TRUE', 'false'])).col('title')).toBeUndefined();
    // no sample: anything fits
    expect(fit(m, ['number', 'u_priority']).col('priority')).toBe('u_priority');
  });

  it('the strongest variant wins, then the rule\'s preferred alias, then the file\'s order', () => {
    // 'x_state' (affix, 4) beats 'stat' (… 4 letters, no edit) and 'staet' (1 edit, strength 2)
    const f = fit(m, ['number', 'staet', 'x_state']);
    expect(f.col('status')).toBe('x_state');
    expect(f.matches).toEqual([{ table: 'ticket', field: 'status', column: 'x_state', how: 'variant', reason: "variant of 'state' (prefix or suffix dropped)" }]);
    // two equal variants of the preferred alias: the first column
    expect(fit(m, ['number', 'u_state', 'x_state']).col('status')).toBe('u_state');
    // variants of both aliases, equally strong: the first alias wins ('opened_at' before 'created')
    expect(fit(m, ['number', 'u_created', 'u_opened_at']).col('opened_at')).toBe('u_opened_at');
    // one column, two fields' variants: the stronger takes it, the other stays open
    const g = fit(ticket({ source_id: 'number', title: 'short_descr', description: 'short_description' }), ['number', 'u_short_description']);
    expect(g.col('description')).toBe('u_short_description');
    expect(g.col('title')).toBeUndefined();
  });

  it('event-log columns are fitted too, and a column goes to every open slot naming the same alias', () => {
    const e = ticket({ source_id: 'number', updated_at: 'sys_updated_on' }, { eventLog: { seq: 'sys_mod_count', time: 'sys_updated_on', actor: 'sys_updated_by' } });
    const f = fit(e, ['number', 'u_sys_updated_on', 'sys_mod_count', 'x_sys_updated_by']);
    expect(f.mapping.eventLog).toEqual({ seq: 'sys_mod_count', time: ['sys_updated_on', 'u_sys_updated_on'], actor: ['sys_updated_by', 'x_sys_updated_by'] });
    expect(f.mapping.fields.updated_at).toEqual(['sys_updated_on', 'u_sys_updated_on']);
    expect(f.matches.map((x) => `${x.field} ${x.column} ${x.how}`)).toEqual([
      'updated_at u_sys_updated_on variant', 'event_log.time u_sys_updated_on variant', 'event_log.actor x_sys_updated_by variant',
    ]);
    // an object rule gains the column in its from list
    const o = fit(ticket({ source_id: 'number', status: { from: 'state', vocab: 'st' }, priority: { vocab: 'p', from: ['prio', 'priority'] }, title: { value: 'x' } }), ['number', 'u_state', 'u_priority']);
    expect(o.mapping.fields.status).toEqual({ from: ['state', 'u_state'], vocab: 'st' });
    expect(o.mapping.fields.priority).toEqual({ vocab: 'p', from: ['prio', 'priority', 'u_priority'] });
    expect(o.mapping.fields.title).toEqual({ value: 'x' }); // a constant names no column: never fitted
    // without fuzzy matching the mapping comes back as it was
    const n = fit(e, ['number', 'u_sys_updated_on'], [], false);
    expect(n.mapping).toEqual(e);
    expect(n.matches).toEqual([]);
  });

  it('routes are fitted as their parent, each match shown once', () => {
    const child = ticket({ source_id: 'number', status: 'state' });
    const r = ticket({ source_id: 'number', status: 'state' }, { routes: [{ column: 'type', values: ['Change'], mapping: child }] });
    const f = fit(r, ['number', 'u_state', 'type']);
    expect(f.mapping.routes![0]!.mapping.fields.status).toEqual(['state', 'u_state']);
    expect(f.mapping.routes![0]!.column).toBe('type');
    expect(f.matches).toEqual([{ table: 'ticket', field: 'status', column: 'u_state', how: 'variant', reason: "variant of 'state' (prefix or suffix dropped)" }]);
    expect(fit(m, ['number']).mapping.routes).toBeUndefined();
  });

  it('duplicate headers: which one a field reads, with the BOM and spaces ignored; empty headers are no duplicates', () => {
    const f = fit(m, ['\uFEFFnumber', 'state', ' State ', 'state', '', '']);
    expect(f.matches).toEqual([{
      table: 'ticket', field: 'status', column: 'state', how: 'duplicate',
      reason: "3 columns are named 'state': this field reads 'state' (column 2); 'State (2)', 'state (3)' not",
    }]);
  });

  it('warns for each key field left without a column: its own spellings, the nearest column within 60 %', () => {
    const f = fit(m, ['number', 'stt', 'zzzzzzzzzzzzz']);
    // opened_at: 'openedat' vs 'stt' 7/8, vs 'zzzz…' 13/13 → none within 0.6; status: 'state' vs 'stt' 2/5 = 0.4
    expect(f.warnings).toEqual([
      "ticket.status: no column found (this tool's export calls it 'state'); the nearest column is 'stt' (pass --mapping to use it)",
      "ticket.opened_at: no column found (this tool's export calls it 'opened_at' or 'created'); no column is close to it",
      "ticket.resolved_at: no column found (this tool's export calls it 'resolved_at'); no column is close to it",
    ]);
    // the localised labels added to an alias are not shown; three spellings at most
    const loc = fit(ticket({ source_id: 'number', status: ['state', 'Status', 'Estado', 'incident_state', 'istate', 'st8'] }), ['number', 'opened_at', 'resolved_at']);
    expect(loc.warnings).toEqual(["ticket.status: no column found (this tool's export calls it 'state' or 'incident_state' or 'istate'); no column is close to it"]);
    // a column a field already uses is never the nearest; a key field with no rule is not warned about
    const used = fit(ticket({ source_id: 'number', title: 'stat', status: 'state' }), ['number', 'stat', 'opened_at']);
    expect(used.warnings).toEqual(["ticket.status: no column found (this tool's export calls it 'state'); no column is close to it"]);
    // exactly 0.6: 'abcde' vs 'abxyz' 3/5
    const edge = fit(ticket({ source_id: 'number', status: 'abcde' }), ['number', 'abxyz']);
    expect(edge.warnings).toEqual(["ticket.status: no column found (this tool's export calls it 'abcde'); the nearest column is 'abxyz' (pass --mapping to use it)"]);
  });
});

describe('headers', () => {
  it('normaliseHeader: BOM, underscores, spaces, markers, the Jira wrapper, to a fixed point', () => {
    expect(normaliseHeader('\uFEFF Incident_ID*+ ')).toBe('incident id');
    expect(normaliseHeader('Custom field (Custom field (Team*))')).toBe('team');
    expect(normaliseHeader('a\t\nb')).toBe('a b');
    expect(normaliseHeader('a*b')).toBe('a*b'); // a marker only at the end
    expect(normaliseHeader('Custom field (x) y')).toBe('custom field (x) y');
  });
  it('uniqueColumnNames: numbered from 2, past the names the file has itself', () => {
    expect(uniqueColumnNames(['a', 'A', 'a (2)', 'a'])).toEqual(['a', 'A (3)', 'a (2)', 'a (4)']);
    expect(uniqueColumnNames(['\uFEFF id ', ' ', 'x'])).toEqual(['id', 'column 2', 'x']);
    expect(uniqueColumnNames(['column 2', ''])).toEqual(['column 2', 'column 2 (2)']);
    expect(columnsOf(undefined)).toEqual([]);
    expect(columnsOf({ from: 'a', fallback: 'b' })).toEqual(['a', 'b']);
    expect(columnsOf({ fallback: ['b', 'c'] })).toEqual(['b', 'c']);
  });
});
