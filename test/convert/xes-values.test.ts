/**
 * xes.ts edges (issue 19.4): the exact CSV of tiny logs (events under <log>, an event without attributes,
 * globals and meta-attributes skipped, column order), and the refusals at each limit and for nested traces or
 * events. Expected text written out by hand from each log.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { convertInput } from '../../src/ingest/convert/index.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { tempDir, writeFixture, userRefusal } from '../helpers.js';
import { trackedConverter } from './tracked.js';

const convert = trackedConverter(afterEach);
const ev = (...attrs: string[]) => `<event>${attrs.join('')}</event>`;
const s = (k: string, v: string, tag = 'string') => `<${tag} key="${k}" value="${v}"/>`;

async function csvOf(xes: string, name = 'log.xes'): Promise<string> {
  const dir = tempDir();
  const c = await convert(writeFixture(dir, name, xes));
  return readFileSync(c.csvPath, 'utf8');
}

async function refusal(xes: string, limits = DEFAULT_LIMITS, name = 'log.xes'): Promise<string> {
  const dir = tempDir();
  const path = writeFixture(dir, name, xes);
  return (await userRefusal(convertInput(path, { limits }))).replace(path, 'PATH');
}

describe('xes → csv, exact', () => {
  it('puts the usual event keys first, then other event keys, then case keys; skips globals and nested attributes', async () => {
    const xes = `<log><global scope="event">${s('concept:name', 'G')}${s('zz', 'G')}</global><extension name="x"><string key="ext" value="E"/></extension>
      <trace>${s('concept:name', 'C1')}${s('prio', 'P1')}
        ${ev(s('extra', 'e1'), s('lifecycle:transition', 'start'), s('org:resource', 'R'), s('time:timestamp', 'T1', 'date'), s('concept:name', 'A'))}
        ${ev(`<string key="n" value="v"><string key="meta" value="M"/></string>`, `<list key="l"><values>${s('li', 'L')}</values></list>`, s('concept:name', 'B'))}
      </trace>
      ${ev(s('concept:name', 'Loose'), s('id:x', '7', 'id'))}
      <trace>${s('concept:name', 'C2')}${ev()}</trace></log>`;
    // columns by discovery: 0 case:concept:name, 1 case:prio, 2 extra, 3 lifecycle:transition, 4 org:resource,
    // 5 time:timestamp, 6 concept:name, 7 n, 8 id:x; written: 0, 6, 5, 4, 3, then 2, 7, 8, then 1
    expect(await csvOf(xes)).toBe(
      [
        'case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition,extra,n,id:x,case:prio',
        'C1,A,T1,R,start,e1,,,P1',
        'C1,B,,,,,v,,P1',
        ',Loose,,,,,,7,', // under <log>: no case columns
        'C2,,,,,,,,', // an event without attributes
        '',
      ].join('\n'),
    );
  });

  it('reads the same log gzipped, and a trace attribute given after an event only for the events after it', async () => {
    const xes = `<log><trace>${ev(s('concept:name', 'A'))}${s('concept:name', 'late')}${ev(s('concept:name', 'B'))}</trace></log>`;
    const want = 'case:concept:name,concept:name\n,A\nlate,B\n';
    expect(await csvOf(xes)).toBe(want);
    expect(await csvOf(xes, 'log.xes.gz')).toBe(want);
    expect(await csvOf(xes, 'log.gz.xes')).toBe(want); // '.gz' inside the name: plain text
  });
});

describe('xes refusals', () => {
  it('at the rows, columns, depth and line limits, naming the limit', async () => {
    const three = `<log><trace>${s('concept:name', 'C')}${ev(s('a', '1'))}${ev(s('a', '2'))}${ev(s('a', '3'))}</trace></log>`;
    expect(await refusal(three, { ...DEFAULT_LIMITS, rows: 2 })).toBe(
      'PATH: more than 2 events, over the rows limit of 2; if the file is genuine, raise it with --limit rows=8',
    );
    expect(await csvOf(three)).toBe('case:concept:name,a\nC,1\nC,2\nC,3\n');
    // case:concept:name, a, b: the third key passes a limit of 2
    const keys = `<log><trace>${ev(s('a', '1'), s('b', '2'))}</trace></log>`;
    expect(await refusal(keys, { ...DEFAULT_LIMITS, columns: 2 })).toBe(
      'PATH: more than 2 distinct attribute keys, over the columns limit of 2; if the file is genuine, raise it with --limit columns=8',
    );
    // log > trace > event > string: 4 open elements (the string self-closes: 3)
    expect(await refusal(`<log><trace><event><string key="a" value="1"></string></event></trace></log>`, { ...DEFAULT_LIMITS, depth: 3 })).toBe(
      'PATH: elements nested more than 3 deep (line 1), over the depth limit of 3; if the file is genuine, raise it with --limit depth=12',
    );
    expect(await csvOf(`<log><trace><event><string key="a" value="1"/></event></trace></log>`)).toBe('case:concept:name,a\n,1\n');
    // a value of 70,000 characters is still open at the end of the first 64 KiB read: past a line limit of 1,000
    const long = `<log><trace>${ev(s('a', 'x'.repeat(70_000)))}</trace></log>`;
    expect(await refusal(long, { ...DEFAULT_LIMITS, line: 1000 })).toBe(
      'PATH: a tag of more than 1,000 characters (line 1), over the line limit of 1,000; if the file is genuine, raise it with --limit line=1MB',
    );
  });

  it('for a trace in a trace, an event in an event, and a log without events', async () => {
    expect(await refusal('<log><trace><trace></trace></trace></log>')).toBe('PATH: malformed XES: a <trace> inside a <trace>');
    expect(await refusal('<log><trace><event><event/></event></trace></log>')).toBe('PATH: malformed XES: an <event> inside an <event>');
    expect(await refusal('<log><trace><string key="concept:name" value="C"/></trace></log>')).toBe('PATH: the XES log holds no events');
    expect(await refusal('<log/>')).toBe('PATH: the XES log holds no events');
  });
});
