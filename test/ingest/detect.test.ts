/**
 * Tool and object detection (src/ingest/detect.ts) on hand-made adapters, so each score is summed by hand
 * (written next to it): signature weights, strong tokens (weight ≥ 5), the id pattern on the sample, the
 * thresholds (score ≥ 8 or two strong tokens; a runner-up within 80 % is a tie), the confidence formula, a
 * forced --source, and which object of a tool a header picks. Every message is checked whole.
 */
import { describe, expect, it } from 'vitest';
import { AmbiguousDetectionError, chooseObject, detect } from '../../src/ingest/detect.js';
import type { ObjectMapping, SourceAdapter } from '../../src/sources/types.js';

const obj = (o: Partial<ObjectMapping> & { fields: ObjectMapping['fields'] }): ObjectMapping => ({ object: 'ticket', table: 'ticket', sourceTable: 't', ...o });
const tool = (id: string, signature: Record<string, number>, objects: ObjectMapping[], extra: Partial<SourceAdapter> = {}): SourceAdapter => ({
  id, name: `${id} desk`, signature, vocab: {}, objects, ...extra,
});

const alpha = tool('alpha', { 'alpha id': 5, 'alpha state': 2, opened: 0.5 }, [obj({ sourceTable: 'alpha_t', fields: { source_id: 'alpha id', opened_at: 'opened' } })]);
const beta = tool('beta', { 'beta key': 5, 'beta flag': 5, opened: 0.5 }, [obj({ sourceTable: 'beta_t', fields: { source_id: 'beta key' } })]);
const gamma = tool('gamma', { g1: 2, g2: 2 }, [obj({ fields: { source_id: 'ref' } })], { idPattern: '^GM-[0-9]+$' });

describe('detect', () => {
  it('sums the signature weights; a strong token counts toward two', () => {
    // alpha id 5 + alpha state 2 + opened 0.5 = 7.5 < 8, one strong token: not enough
    expect(() => detect('f.csv', ['alpha id', 'alpha state', 'opened'], [], [alpha, beta])).toThrow(
      "f.csv: header not recognised as an export of any supported tool (columns 'alpha id', 'alpha state', 'opened'; best guess alpha scored 7.5 < 8); " +
        'draft a mapping with `itsm-lens map f.csv --out mapping.yaml`, check it, then ingest with --mapping FILE (mapping.yaml), or force --source/--kind (see itsm-lens sources)',
    );
    // beta key 5 + beta flag 5 = 10 ≥ 8, two strong tokens; alpha: opened 0.5
    const d = detect('f.csv', ['Beta Key', 'beta_flag', 'Opened'], [], [alpha, beta]);
    expect(d.adapter.id).toBe('beta');
    expect(d.score).toBe(10.5); // + opened 0.5
    expect(d.matched).toEqual(['beta key', 'beta flag', 'opened']);
    expect(d.runnerUp).toEqual({ tool: 'alpha', score: 0.5 });
    expect(d.candidates).toEqual([{ tool: 'beta', score: 10.5, strong: 2 }, { tool: 'alpha', score: 0.5, strong: 0 }]);
    expect(d.forced).toBe(false);
    expect(d.mapping.sourceTable).toBe('beta_t');
    // confidence: (1 − e^(−10.5/8)) · 10.5/(10.5 + 0.5) = 0.73083 · 0.95455 = 0.6976 → 0.70
    expect(d.confidence).toBe(0.7);
  });

  it('two strong tokens are enough below a score of 8; exactly 8 is enough with one', () => {
    const two = tool('two', { s1: 3.5, s2: 5, s3: 5 }, [obj({ fields: { source_id: 's1' } })]);
    // s2 5 alone: 5 < 8 and one strong token → refused; s2 + s3 = 10
    expect(() => detect('f.csv', ['s2', 'x'], [], [two])).toThrow(/best guess two scored 5 < 8/);
    const eight = tool('eight', { e1: 5, e2: 3 }, [obj({ fields: { source_id: 'e1' } })]);
    // 5 + 3 = 8 ≥ 8
    expect(detect('f.csv', ['e1', 'e2'], [], [eight]).score).toBe(8);
    const lone = tool('lone', { w: 4.9, v: 3 }, [obj({ fields: { source_id: 'w' } })]);
    // 4.9 + 3 = 7.9 < 8 and 4.9 is not strong
    expect(() => detect('f.csv', ['w', 'v'], [], [lone])).toThrow(/best guess lone scored 7\.9 < 8/);
    // confidence with no runner-up: (1 − e^(−8/8)) · 1 = 0.632 → 0.63
    expect(detect('f.csv', ['e1', 'e2'], [], [eight]).confidence).toBe(0.63);
  });

  it('an id pattern on 90 % of a column of the sample is one more strong token', () => {
    // g1 2 + g2 2 = 4; GM-1 … GM-9 and one 'x': 9 of 10 = 90 % → + 5 = 9
    const sample = [...Array.from({ length: 9 }, (_, i) => [`GM-${i + 1}`, 'a']), ['x', 'b']];
    const d = detect('f.csv', ['ref', 'g1', 'g2'], sample, [gamma]);
    expect(d.score).toBe(9);
    expect(d.matched).toEqual(['g1', 'g2', 'ref values like GM-1']);
    expect(d.candidates[0]).toEqual({ tool: 'gamma', score: 9, strong: 1 });
    // 8 of 10 = 80 %: no
    const worse = [...sample.slice(0, 8), ['y', 'c'], ['x', 'b']];
    expect(() => detect('f.csv', ['ref', 'g1', 'g2'], worse, [gamma])).toThrow(/best guess gamma scored 4 < 8/);
    // empty cells do not count: 9 matching of 9 non-empty
    const gaps = [...sample.slice(0, 9), ['', 'b'], [' ', 'c']];
    expect(detect('f.csv', ['ref', 'g1', 'g2'], gaps, [gamma]).score).toBe(9);
    // the second column matches: it is named in the evidence
    expect(detect('f.csv', ['g1', 'ref', 'g2'], sample.map(([a, b]) => [b!, a!]), [gamma]).matched).toEqual(['g1', 'g2', 'ref values like GM-1']);
  });

  it('a tool without an id pattern gains nothing from the sample; the pattern reads trimmed cells, a row shorter than the header', () => {
    // alpha has no id pattern: 7.5 whatever the sample holds
    expect(() => detect('f.csv', ['alpha id', 'alpha state', 'opened'], [['A1', 'x', 'y']], [alpha])).toThrow(/best guess alpha scored 7\.5 < 8/);
    // ' GM-7 ' trimmed matches; one row is enough; 4 + 5 = 9
    expect(detect('f.csv', ['ref', 'g1', 'g2'], [[' GM-7 ', 'a']], [gamma]).score).toBe(9);
    // a row without the column: its cell is empty, not a value
    expect(detect('f.csv', ['g1', 'g2', 'ref'], [['a', 'b', 'GM-1'], ['a', 'b']], [gamma]).score).toBe(9);
  });

  it('shows the best three candidates only', () => {
    const ts = ['p', 'q', 'r', 's'].map((id, i) => tool(id, { [id]: 10 - i }, [obj({ fields: { source_id: id } })]));
    // p 10; q 9 ≥ 0.8 · 10 → a tie: the table lists p, q, r, not s
    let err: unknown;
    try {
      detect('f.csv', ['p', 'q', 'r', 's'], [], ts);
    } catch (e) {
      err = e;
    }
    expect((err as AmbiguousDetectionError).details.split('\n').map((l) => l.trim().split(' ')[0])).toEqual(['f.csv:', 'p', 'q', 'r']);
    expect(detect('f.csv', ['p', 'q', 'r', 's'], [], ts, { source: 'p' }).candidates.map((c) => c.tool)).toEqual(['p', 'q', 'r']);
  });

  it('a runner-up within 80 % of the best stops with both tools and the table of candidates', () => {
    const a = tool('a', { x1: 5, x2: 5 }, [obj({ fields: { source_id: 'x1' } })]);
    const b = tool('b', { x2: 5, y1: 3 }, [obj({ fields: { source_id: 'y1' } })]);
    // a: x1 5 + x2 5 = 10; b: x2 5 + y1 3 = 8 ≥ 0.8 · 10 = 8 → tie
    let err: unknown;
    try {
      detect('f.csv', ['x1', 'x2', 'y1'], [], [a, b]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AmbiguousDetectionError);
    expect((err as Error).message).toBe('f.csv: a (10) and b (8) both match this header; pass --source a or --source b');
    expect((err as AmbiguousDetectionError).details).toBe(
      'f.csv: candidate tools\n' +
        '  a              score    10  strong tokens 2\n' +
        '  b              score     8  strong tokens 1',
    );
    // b at 7.9 (< 8): a wins
    const b2 = tool('b', { x2: 4.9, y1: 3 }, [obj({ fields: { source_id: 'y1' } })]);
    expect(detect('f.csv', ['x1', 'x2', 'y1'], [], [a, b2]).adapter.id).toBe('a');
    // a runner-up below half the minimum (4) is no tie even when close: c 5 + 3 = 8; d 3.9
    const c = tool('c', { p: 5, q: 3 }, [obj({ fields: { source_id: 'p' } })]);
    const d = tool('d', { q: 3.9 }, [obj({ fields: { source_id: 'q' } })]);
    expect(detect('f.csv', ['p', 'q'], [], [c, d]).adapter.id).toBe('c');
    // the tie is not checked when --source names the tool
    expect(detect('f.csv', ['x1', 'x2', 'y1'], [], [a, b], { source: 'b' })).toMatchObject({ forced: true, confidence: 1, score: 8 });
  });

  it('--source: a forced tool needs no score; an unknown one is named with the list', () => {
    const d = detect('f.csv', ['alpha id'], [], [alpha, beta], { source: 'alpha' });
    expect(d).toMatchObject({ forced: true, confidence: 1, score: 5, runnerUp: { tool: 'beta', score: 0 } });
    expect(() => detect('f.csv', ['alpha id'], [], [alpha, beta], { source: 'zeta' })).toThrow(
      "unknown --source 'zeta'; supported: alpha, beta (see itsm-lens sources)",
    );
    // 'auto' is no tool
    expect(() => detect('f.csv', ['alpha id'], [], [alpha, beta], { source: 'auto' })).toThrow(/best guess alpha scored 5 < 8/);
  });

  it('quotes a path with spaces in the suggested command; lists six columns, then …', () => {
    expect(() => detect("my file's.csv", ['a', 'b', 'c', 'd', 'e', 'f', 'g'], [], [alpha])).toThrow(
      "my file's.csv: header not recognised as an export of any supported tool (columns 'a', 'b', 'c', 'd', 'e', 'f', …; best guess alpha scored 0 < 8); " +
        "draft a mapping with `itsm-lens map 'my file'\\''s.csv' --out mapping.yaml`",
    );
    expect(() => detect('dir/a-b_c.1.csv', ['a', 'b', 'c', 'd', 'e', 'f'], [], [alpha])).toThrow("(columns 'a', 'b', 'c', 'd', 'e', 'f'; best guess alpha scored 0 < 8); draft a mapping with `itsm-lens map dir/a-b_c.1.csv --out");
  });

  it('a tool without an object for the header, or the kind asked for, says so', () => {
    const t = tool('t', { t1: 5, t2: 5 }, [obj({ object: 'change', table: 'change', fields: { source_id: 'chg' } })]);
    expect(() => detect('f.csv', ['t1', 't2'], [], [t], { kind: 'problem' })).toThrow(
      "f.csv: looks like t desk but no problem export of it has an id column among 't1', 't2'; pass --kind ticket|change|problem|asset or a --mapping FILE",
    );
    expect(() => detect('f.csv', ['t1', 't2'], [], [t], { kind: 'event_log' })).toThrow("f.csv: looks like t desk but no event_log export of it has an id column");
    expect(detect('f.csv', ['t1', 't2'], [], [t]).mapping.object).toBe('change');
    const none = tool('none', { t1: 5, t2: 5 }, []);
    expect(() => detect('f.csv', ['t1', 't2'], [], [none])).toThrow("f.csv: looks like none desk but no known export of it has an id column among 't1', 't2'; pass --kind");
  });
});

describe('chooseObject', () => {
  const inc = obj({ sourceTable: 'inc', idPrefixes: ['INC'], tokens: { 'inc only': 2 }, fields: { source_id: 'number', title: 'short description', state: 'state' } });
  const chg = obj({ object: 'change', table: 'change', sourceTable: 'chg', idPrefixes: ['CHG', 'C'], fields: { source_id: 'number', planned: 'planned start' } });
  const prb = obj({ object: 'problem', table: 'problem', sourceTable: 'prb', fields: { source_id: 'problem id', title: 'short description' } });
  const log = obj({ object: 'event_log', sourceTable: 'log', eventLog: { seq: 'seq', time: 'time' }, fields: { source_id: 'number' } });
  const t = tool('t', {}, [inc, chg, prb, log]);

  it('the id prefixes of the sample decide between objects sharing an id column, longest prefix first', () => {
    // inc: 5 · 2/2 (prefix) + 5 · 2/3 (number, short description of 3 fields) = 13.33; chg: 0 + 5 · 1/2 = 2.5
    expect(chooseObject(t, ['number', 'short description'], [['INC1'], ['INC2']])?.sourceTable).toBe('inc');
    // CHG1: chg 5 + 2.5 = 7.5; inc 0 + 3.33; 'CHGX': C followed by 'HGX' is no hit
    expect(chooseObject(t, ['number', 'short description'], [['CHG1'], ['CHG2']])?.sourceTable).toBe('chg');
    // the prefix must be followed by a digit: 'INCA' is no INC id
    expect(chooseObject(t, ['number', 'short description'], [['INCA'], ['C7']])?.sourceTable).toBe('chg'); // chg 5 · 1/2 + 2.5 = 5 > inc 3.33
    // tokens: 'inc only' 2 more for inc
    expect(chooseObject(t, ['number', 'planned start', 'inc only'], [['C1'], ['X']])?.sourceTable).toBe('chg'); // chg 2.5 + 5 = 7.5; inc 2 + 1.67
    expect(chooseObject(t, ['number', 'planned start', 'inc only'], [])?.sourceTable).toBe('chg'); // chg 5 (2 of 2 fields) > inc 2 + 1.67
  });

  it('an object with its id column beats one without; without any, the most columns known wins', () => {
    // prb has its id column 'problem id'; inc does not see 'number'
    expect(chooseObject(t, ['problem id', 'short description', 'state'], [])?.sourceTable).toBe('prb');
    // no id column anywhere: inc knows 2 columns (short description, state), prb 1
    expect(chooseObject(t, ['short description', 'state'], [])?.sourceTable).toBe('inc');
    // a renamed id column (a structural variant: 'incident_number' is 'number' with a prefix) still counts
    expect(chooseObject(t, ['incident_number', 'short description'], [['INC1']])?.sourceTable).toBe('inc');
  });

  it('the prefix share: trimmed, upper-cased, empty and missing cells left out, five points at most', () => {
    // inc: 5 (its one field) + 5 · hits/values; oth: 5 (both fields) + token 5.5 = 10.5
    const inc1 = obj({ sourceTable: 'inc', idPrefixes: ['INC'], fields: { source_id: 'number' } });
    const oth = obj({ sourceTable: 'oth', tokens: { title: 5.5 }, fields: { source_id: 'number', title: 'title' } });
    const u = tool('u', {}, [inc1, oth]);
    const h = ['number', 'title'];
    // 'inc1' and ' INC2 ': 2 of 2 → inc 10 < 10.5
    expect(chooseObject(u, h, [['inc1'], [' INC2 ']])?.sourceTable).toBe('oth');
    // with a token of 4.5 instead: oth 9.5; inc 10 (2 of 2, empty and missing cells left out) wins
    const oth2 = { ...oth, tokens: { title: 4.5 } };
    const u2 = tool('u', {}, [inc1, oth2]);
    expect(chooseObject(u2, h, [['INC1'], [''], [], ['inc2 ']])?.sourceTable).toBe('inc');
    // 'INCA1': the prefix must be followed by a digit → inc 5 + 5 · 1/2 = 7.5 < 9.5
    expect(chooseObject(u2, h, [['INCA1'], ['INC2']])?.sourceTable).toBe('oth');
  });

  it('without an id column: the most known columns, then the higher score, then the first', () => {
    const a = obj({ sourceTable: 'a', fields: { source_id: 'id_a', title: 't', status: 's', priority: 'p', category: 'c', impact: 'i' } });
    const b = obj({ sourceTable: 'b', fields: { source_id: 'id_b', title: 't' } });
    const ab = tool('ab', {}, [b, a]);
    // a knows t, s (2 of 6: 5 · 2/6 = 1.67); b knows t (1 of 2: 2.5): a has more columns, b the higher share
    expect(chooseObject(ab, ['t', 's'], [])?.sourceTable).toBe('a');
    // equal columns known (t): b's share 2.5 beats a's 0.83
    expect(chooseObject(tool('ba', {}, [a, b]), ['t'], [])?.sourceTable).toBe('b');
    // all equal: the first object stays
    const b2 = { ...b, sourceTable: 'b2' };
    expect(chooseObject(tool('bb', {}, [b, b2]), ['t'], [])?.sourceTable).toBe('b');
    expect(chooseObject(tool('bb', {}, [b2, b]), ['t'], [])?.sourceTable).toBe('b2');
    // an alias list counts when any of it is present; a renamed id found through a later alias
    // ('u_refnum' is 'refnum' with a prefix: c has its id column, so it beats a, which knows more columns)
    const c = obj({ sourceTable: 'c', fields: { source_id: ['nr', 'refnum'], title: ['t', 'x'] } });
    expect(chooseObject(tool('ac', {}, [a, c]), ['u_refnum', 't', 's'], [])?.sourceTable).toBe('c');
    expect(chooseObject(tool('ca', {}, [c, a]), ['t', 's'], [])?.sourceTable).toBe('a');
  });

  it('the kind narrows the objects; event_log takes an object with an event or activity log', () => {
    expect(chooseObject(t, ['number'], [], 'change')?.sourceTable).toBe('chg');
    expect(chooseObject(t, ['number'], [], 'event_log')?.sourceTable).toBe('log');
    expect(chooseObject(t, ['number'], [], 'asset')).toBeUndefined();
    const act = obj({ sourceTable: 'act', activityLog: { activity: 'a', time: 'b' }, fields: { source_id: 'case' } });
    expect(chooseObject(tool('u', {}, [inc, act]), ['case'], [], 'event_log')?.sourceTable).toBe('act');
  });
});
