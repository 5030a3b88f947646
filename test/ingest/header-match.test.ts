/** Headers that drift (issue 17.3): which column a field takes, and the reason shown for it. */
import { describe, expect, it } from 'vitest';
import { adapterById } from '../../src/sources/index.js';
import { editDistance, fitMapping, variantMatch } from '../../src/ingest/header-match.js';
import { uniqueColumnNames } from '../../src/ingest/headers.js';
import { columnsOf } from '../../src/ingest/rules.js';
import { resolveColumns } from '../../src/ingest/compile.js';

const sn = adapterById('servicenow')!;
const incident = sn.objects.find((o) => o.sourceTable === 'incident')!;

function fit(header: string[], rows: string[][] = [], fuzzy = true) {
  const columns = uniqueColumnNames(header);
  const f = fitMapping(sn, incident, header, columns, rows, fuzzy);
  const col = (field: string) => resolveColumns(f.mapping.fields[field]!, columns)[0];
  return { ...f, col };
}

describe('variantMatch', () => {
  it('names the kind of variant, strongest first', () => {
    expect(variantMatch('opened_at', 'inc_opened_at')).toEqual({ strength: 4, reason: "variant of 'opened_at' (prefix or suffix dropped)" });
    expect(variantMatch('made_sla', 'SLA made')?.reason).toBe("variant of 'made_sla' (words reordered)");
    expect(variantMatch('reassignment_count', 'reassignment_co')?.reason).toBe("'reassignment_count' truncated");
    // hand-counted: 'openedat' → 'opennedat' one insertion; 'resolutioncode' → 'resolutoincdoe' two swaps
    expect(variantMatch('opened_at', 'openned_at')?.reason).toBe("1 edit from 'opened_at'");
    expect(variantMatch('resolution_code', 'resolutoin_cdoe')?.reason).toBe("2 edits from 'resolution_code'");
    expect(variantMatch('resolved_at', 'reslovd_at')).toBeUndefined(); // 2 edits on 9 letters
  });

  it('lets no short name or distant name through', () => {
    expect(variantMatch('sla', 'slb')).toBeUndefined(); // 3 letters: no edit allowed
    expect(variantMatch('impact', 'import')).toBeUndefined(); // 2 edits on 6 letters
    expect(variantMatch('resolved_at', 'resolved_by')).toBeUndefined(); // a word replaced, not a typo
    expect(variantMatch('opened_by', 'opened_at')).toBeUndefined();
    expect(variantMatch('closed_at', 'closed_code')).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('fitMapping', () => {
  it('takes close variants, with their reasons, and never a column an exact match uses', () => {
    const f = fit(['number', 'inc_opened_at', 'Resolved', 'resolved_by', 'state', 'stat']);
    expect(f.col('opened_at')).toBe('inc_opened_at');
    expect(f.col('resolved_at')).toBe('Resolved');
    expect(f.col('status')).toBe('state'); // exact beats the variant 'stat'
    expect(f.matches).toEqual([
      { table: 'ticket', field: 'resolved_at', column: 'Resolved', how: 'alias', reason: 'alias' },
      { table: 'ticket', field: 'opened_at', column: 'inc_opened_at', how: 'variant', reason: "variant of 'opened_at' (prefix or suffix dropped)" },
    ]);
  });

  it('says a label is localised', () => {
    const f = fit(['number', 'Geöffnet']);
    expect(f.matches).toContainEqual({ table: 'ticket', field: 'opened_at', column: 'Geöffnet', how: 'localised', reason: "localised label of 'opened'" });
  });

  it('gives one column to one field only, and no column of words to a date field', () => {
    // 'resolved_a' is a truncation of resolved_at and 1 edit from… nothing else; 'closd' (5 letters, 1 edit from 'closed') holds words
    const f = fit(['number', 'resolved_a', 'closd'], [['INC1', '2016-03-01 10:00', 'yes']]);
    expect(f.col('resolved_at')).toBe('resolved_a');
    expect(f.col('closed_at')).toBeUndefined();
    const uses = Object.values(f.mapping.fields).filter((r) => columnsOf(r).includes('resolved_a'));
    expect(uses).toHaveLength(1);
  });

  it('gives no column of yes/no flags to a text field', () => {
    // 'problem' (7 letters) is a truncation of 'problem_id', but its values are flags
    expect(fit(['number', 'problem'], [['INC1', 'true'], ['INC2', 'false']]).col('problem_ref')).toBe('problem'); // exact alias: kept
    expect(fit(['number', 'problem_i'], [['INC1', 'true'], ['INC2', 'false']]).col('problem_ref')).toBeUndefined();
    expect(fit(['number', 'problem_i'], [['INC1', 'PRB001'], ['INC2', '']]).col('problem_ref')).toBe('problem_i');
  });

  it('keeps a user mapping to its own names (no fuzzy matching)', () => {
    expect(fit(['number', 'inc_opened_at'], [], false).col('opened_at')).toBeUndefined();
  });

  it('says which of two same-named columns a field reads', () => {
    const f = fit(['number', 'category', 'opened_at', 'category']);
    expect(f.matches).toContainEqual({
      table: 'ticket', field: 'category', column: 'category', how: 'duplicate',
      reason: "2 columns are named 'category': this field reads 'category' (column 2); 'category (2)' not",
    });
  });

  it('warns when a key field stays unmapped, naming the nearest column', () => {
    const f = fit(['number', 'opened_at', 'resolved_at', 'stt']);
    expect(f.warnings).toEqual([
      "ticket.status: no column found (this tool's export calls it 'state' or 'incident_state' or 'incident state'); the nearest column is 'stt' (pass --mapping to use it)",
    ]);
    expect(fit(['number', 'opened_at', 'resolved_at', 'state']).warnings).toEqual([]);
  });
});
