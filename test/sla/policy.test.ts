/**
 * SLA policies as parsed from the project config: durations in seconds (arithmetic next to each), the
 * defaults a policy takes, and the mistakes that name the key and the fix. Pure parsing, no database.
 */
import { describe, expect, it } from 'vitest';
import { parseDuration, parseSlaPolicies } from '../../src/sla/policy.js';
import { parseCalendars } from '../../src/calendar/config.js';
import { UserError } from '../../src/errors.js';

const office = parseCalendars({ default: 'office', office: { timezone: 'Europe/Amsterdam', hours: { 'mon-fri': '09:00-17:00' } } });
const none = parseCalendars(undefined);

describe('SLA durations', () => {
  it('units s, m, h, d, w and sums of parts', () => {
    expect(parseDuration('90s', 'x')).toBe(90);
    expect(parseDuration('30m', 'x')).toBe(30 * 60); // 1800
    expect(parseDuration('4h', 'x')).toBe(4 * 3600); // 14400
    expect(parseDuration('3d', 'x')).toBe(3 * 86400); // 259200
    expect(parseDuration('1w', 'x')).toBe(7 * 86400); // 604800
    expect(parseDuration('1d 4h', 'x')).toBe(86400 + 4 * 3600); // 100800
    expect(parseDuration('  2H   30M ', 'x')).toBe(2 * 3600 + 30 * 60); // 9000: case and spaces do not matter
    expect(parseDuration('1.5h', 'x')).toBe(5400); // 1.5 × 3600
    expect(parseDuration('0.0004h', 'x')).toBe(1); // 1.44 s rounds to 1
  });

  it('a bare number is hours', () => {
    expect(parseDuration(8, 'x')).toBe(8 * 3600); // 28800
    expect(parseDuration(0.5, 'x')).toBe(1800);
  });

  it('refuses what is not a positive duration, naming the key', () => {
    expect(() => parseDuration('4 hours', 'sla.policies[0].resolution.1')).toThrow("sla.policies[0].resolution.1: '4 hours' is not a duration like 4h, 30m, 3d or '1d 4h'");
    expect(() => parseDuration('h4', 'k')).toThrow(UserError);
    expect(() => parseDuration('4hx', 'k')).toThrow(UserError);
    expect(() => parseDuration('x4h', 'k')).toThrow(UserError);
    expect(() => parseDuration('0h', 'k')).toThrow('k: the duration must be positive');
    expect(() => parseDuration(0, 'k')).toThrow('k: expected a duration like 4h, 30m or 3d');
    expect(() => parseDuration(-2, 'k')).toThrow(/expected a duration/);
    expect(() => parseDuration(true, 'k')).toThrow(/expected a duration/);
  });
});

describe('SLA policies', () => {
  it('no policies: an empty list', () => {
    expect(parseSlaPolicies(undefined, office)).toEqual([]);
    expect(parseSlaPolicies(null, office)).toEqual([]);
  });

  it('a full policy, targets by priority in seconds', () => {
    const [p] = parseSlaPolicies([{
      name: 'Incident SLA', kind: ['incident', 'service_request'], calendar: 'office',
      resolution: { 1: '4h', P2: '1d 4h' }, response: { p1: '15m' }, pause: ['pending'], services: 'Email',
    }], office);
    expect(p).toEqual({
      name: 'Incident SLA', kinds: ['incident', 'service_request'], calendar: 'office',
      resolution: { 1: 14400, 2: 100800 }, response: { 1: 900 }, pause: ['pending'], services: ['Email'],
    });
  });

  it('defaults: name "policy N", kind incident, the default calendar (else 24x7), no pause, every service', () => {
    const [a, b] = parseSlaPolicies([{ resolution: { 3: 8 } }, { response: { 4: '1d' } }], office);
    expect(a).toEqual({ name: 'policy 1', kinds: ['incident'], calendar: 'office', resolution: { 3: 28800 }, response: {}, pause: [], services: null });
    expect(b).toMatchObject({ name: 'policy 2', resolution: {}, response: { 4: 86400 } });
    expect(parseSlaPolicies([{ resolution: { 3: 8 } }], none)[0]!.calendar).toBe('24x7');
  });

  it('mistakes name the policy and the key', () => {
    const bad = (p: unknown, cal = office) => () => parseSlaPolicies(p, cal);
    expect(bad({ resolution: { 1: '4h' } })).toThrow('sla.policies: expected a list of policies');
    expect(bad(['x'])).toThrow('sla.policies[0]: expected a mapping');
    expect(bad([{ calendar: 'nights', resolution: { 1: '4h' } }])).toThrow("sla.policies[0].calendar: 'nights' is not defined (known: ");
    expect(bad([{ resolution: { 1: '4h' } }, { resolution: { 6: '4h' } }])).toThrow("sla.policies[1].resolution: priority '6' is not 1..5");
    expect(bad([{ resolution: { 0: '4h' } }])).toThrow(/priority '0' is not 1\.\.5/);
    expect(bad([{ resolution: { 1.5: '4h' } }])).toThrow(/priority '1.5' is not 1\.\.5/);
    expect(bad([{ resolution: ['4h'] }])).toThrow('sla.policies[0].resolution: expected targets by priority, e.g. { 1: 4h, 2: 8h }');
    expect(bad([{ response: '4h' }])).toThrow(/sla.policies\[0\].response: expected targets by priority/);
    expect(bad([{ resolution: { 2: 'soon' } }])).toThrow(/^sla.policies\[0\].resolution.2: 'soon' is not a duration/);
    expect(bad([{ resolution: { 1: '4h' }, pause: ['pending', 'waiting'] }])).toThrow(/^sla.policies\[0\].pause: waiting is not a canonical status \(new, assigned, in_progress, pending,/);
    expect(bad([{ name: 'empty' }])).toThrow('sla.policies[0]: give resolution and/or response targets by priority');
  });

  it('priorities 1 and 5 are the bounds', () => {
    expect(parseSlaPolicies([{ resolution: { 1: 1, 5: 2 } }], office)[0]!.resolution).toEqual({ 1: 3600, 5: 7200 });
  });
});

describe('SLA policy shapes that YAML gives for empty or odd keys', () => {
  it('an empty key (null) is refused or defaulted, never read as the text "null"', () => {
    // `resolution:` with nothing after it is null in YAML
    expect(() => parseSlaPolicies([{ resolution: null, response: { 1: '1h' } }], office)).toThrow(/sla.policies\[0\].resolution: expected targets by priority/);
    expect(() => parseSlaPolicies([null], office)).toThrow('sla.policies[0]: expected a mapping');
    const [p] = parseSlaPolicies([{ kind: null, services: null, pause: null, resolution: { 1: '1h' } }], office);
    expect(p).toMatchObject({ kinds: ['incident'], services: null, pause: [] });
  });

  it("a priority key is 1..5, optionally prefixed P ('1p' is not one)", () => {
    expect(() => parseSlaPolicies([{ resolution: { '1p': '1h' } }], office)).toThrow(/priority '1p' is not 1\.\.5/);
  });

  it('the messages list every known calendar and every unknown status', () => {
    expect(() => parseSlaPolicies([{ calendar: 'x', resolution: { 1: '1h' } }], office)).toThrow("'x' is not defined (known: 24x7, office)");
    expect(() => parseSlaPolicies([{ pause: ['waiting', 'parked'], resolution: { 1: '1h' } }], office)).toThrow(/pause: waiting, parked is not a canonical status/);
  });
});
