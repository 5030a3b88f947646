/**
 * `itsm-lens init` on generated data: the file it writes loads back through the normal loader with what it
 * guessed and nothing presented as set that is a default; it refuses to overwrite without --force; then `report`
 * shows the organisation and "default target" on every tile the config sets none for, and the config's own
 * targets once they are set (issue 21.1-2 acceptance on generated data; real-data/init.test.ts on HPSM).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { smallReportDefinition } from '../small-report.js';
import { generatedDb } from '../check/helpers.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { loadDefinition } from '../../src/report/definition.js';
import { Store } from '../../src/store/db.js';
import { guessCalendar } from '../../src/config/init.js';

describe('init on a generated year', () => {
  const dir = tempDir('itsm-lens-init-');
  // the report's tiles are what the config's targets change: the shipped pack cut to its tiles (test/small-report.ts)
  const tilesOnly = () => smallReportDefinition(dir, []);
  const cfg = join(dir, 'itsm-lens.config.yaml');
  let db: string;
  let text: string;
  let byHour: number[];
  beforeAll(async () => {
    db = (await generatedDb({ out: join(dir, 'gen'), tickets: 1500, seed: 3, format: 'servicenow' })).db;
    const r = cli(['init', '--db', db, '--out', cfg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(cfg);
    text = readFileSync(cfg, 'utf8');
    // the hour-of-day distribution, straight from the table (UTC hours)
    const store = await Store.open(db, { readOnly: true });
    try {
      const rows = await store.all<{ h: number; n: number }>(`SELECT hour(timezone('UTC', opened_at))::INT AS h, count(*)::INT AS n FROM ticket WHERE opened_at IS NOT NULL GROUP BY 1`);
      byHour = Array.from({ length: 24 }, (_, h) => rows.find((x) => x.h === h)?.n ?? 0);
    } finally {
      store.close();
    }
  }, 180_000);

  it('writes what it guessed with the evidence, and loads back through the loader with defaults still defaults', () => {
    const c = loadProjectConfig(cfg);
    // no --organisation: a placeholder line to fill in, so the report keeps saying the name is missing
    expect(c.organisation).toBeNull();
    expect(text).toMatch(/^# organisation: .*FILL IN/m);
    expect(text).toMatch(/^\$schema: .*schemas\/project-config\.schema\.json$/m);
    // defaults stay defaults: nothing in metrics, coverage or targets is set
    expect(c.settings.defaulted).toEqual(['change_failure_window_days', 'major_incident_max_priority', 'availability_impact_weights']);
    expect(c.coverage.fromConfig).toBe(false);
    expect(c.targets).toEqual({});
    expect(c.people).toBe('aggregate');
    // the guessed calendar is the one business-time KPIs use, and the comment says what it came from
    expect(c.calendars.default).toBe('office');
    expect(text).toMatch(/^# GUESSED time zone: .*between 08:00 and 18:00/m);
    expect(text).toMatch(/^# GUESSED hours: /m);
    // the histogram in the comment is the table's (UTC, since the generated exports were ingested without a zone
    // and most tickets fall in UTC office hours; the offset the guess chose shifts it)
    const tz = c.calendars.calendars.office!.timezone;
    const offset = tz === 'UTC' ? 0 : -Number(tz.replace('Etc/GMT', ''));
    const written = [...text.matchAll(/^# {3}(\d\d):00 [█ ]* ([\d,]+)$/gm)].map((m) => [Number(m[1]), Number(m[2]!.replace(/,/g, ''))]);
    expect(written).toHaveLength(24);
    for (const [h, n] of written) expect(n, `hour ${h}`).toBe(byHour[(((h! - offset) % 24) + 24) % 24]);
    // the share the comment states: tickets opened 08:00-18:00 at that offset, over all opened
    const share = byHour.reduce((s, n, h) => s + ((((h + offset) % 24) + 24) % 24 >= 8 && (((h + offset) % 24) + 24) % 24 < 18 ? n : 0), 0) / byHour.reduce((s, n) => s + n, 0);
    expect(text).toContain(`${Math.round(share * 100)} % of tickets were opened between 08:00 and 18:00`);
  });

  it('guesses the offset of times stored 5 hours early, and takes the zone the files were ingested with when they name one', async () => {
    const copy = join(dir, 'shifted.duckdb');
    copyFileSync(db, copy);
    const store = await Store.open(copy);
    try {
      const utc = await guessCalendar(store);
      // every opened time 5 hours earlier: the office day now sits 5 hours before UTC's, i.e. at UTC+5
      await store.run(`UPDATE ticket SET opened_at = opened_at - INTERVAL 5 HOUR`);
      const shifted = await guessCalendar(store);
      expect(utc.timezone).toBe('UTC');
      expect(shifted.timezone).toBe('Etc/GMT-5');
      expect(shifted.timezoneWhy).toMatch(/at UTC\+5, more than at any other whole-hour offset; Etc\/GMT-5 is that offset without daylight saving/);
      // read at that offset, the hours are the unshifted ones
      expect(shifted.byHour).toEqual(utc.byHour);
      expect(shifted.hours).toEqual(utc.hours);
      await store.run(`UPDATE source_file SET timezone = 'Asia/Karachi'`);
      const named = await guessCalendar(store);
      expect(named.timezone).toBe('Asia/Karachi');
      expect(named.timezoneWhy).toBe('the exports were ingested with --timezone Asia/Karachi');
      // Karachi is UTC+5 all year (no DST since 2009): the same local hours
      expect(named.byHour).toEqual(utc.byHour);
    } finally {
      store.close();
    }
  });

  it('lists the definition\'s targets as commented defaults that load as written once uncommented', () => {
    const def = loadDefinition();
    const uncommented = text.replace(/^# targets:$/m, 'targets:').replace(/^# {3}(\w+: \{ target: .*)$/gm, '  $1');
    const file = join(dir, 'uncommented.yaml');
    writeFileSync(file, uncommented);
    const targets = loadProjectConfig(file).targets;
    const expected = Object.fromEntries(def.tiles.filter((t) => t.target !== undefined).map((t) => [t.kpi, { target: t.target, ...(t.amber !== undefined ? { amber: t.amber } : {}) }]));
    expect(targets).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4);
  });

  it('refuses to overwrite without --force', () => {
    writeFileSync(cfg, `${text}# edited\n`);
    const again = cli(['init', '--db', db, '--out', cfg]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe(`itsm-lens: ${cfg} exists; edit it, or pass --force to overwrite it with a new one`);
    expect(readFileSync(cfg, 'utf8')).toContain('# edited');
    const forced = cli(['init', '--db', db, '--out', cfg, '--force', '--organisation', 'Acme & Co']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(loadProjectConfig(cfg).organisation).toBe('Acme & Co');
  });

  it('then report: the organisation, and "default target" on every tile the config sets none for; targets: set are the tiles\'', () => {
    const out = join(dir, 'report');
    const r = cli(['report', '--db', db, '--out', out, '--definition', tilesOnly(), '--month', '2025-11', '--config', cfg]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('<div class="org">Acme &amp; Co</div>');
    const def = loadDefinition();
    const targeted = def.tiles.filter((t) => t.target !== undefined);
    const targetLine = (label: string, html: string) => new RegExp(`<div class="label">${label}</div>(?:(?!<div class="tile)[^])*?<div class="(target[^"]*)">(.*?)</div>\\s*<div class="deltas">`).exec(html);
    for (const t of targeted) {
      const m = targetLine(t.label, page);
      // a tile without a value this month shows its reason instead of a status
      if (!m) continue;
      expect(m[1], t.label).toBe('target default');
      expect(m[2], t.label).toMatch(/^<span class="tag">default target<\/span> [≥≤] .* \(set yours in <span class="file">itsm-lens\.config\.yaml<\/span>\)$/);
    }
    expect(targeted.filter((t) => targetLine(t.label, page)).length).toBeGreaterThanOrEqual(3);

    // the organisation sets two targets: those tiles use them and say so; the rest stay defaults
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^# targets:$/m, 'targets:\n  sla_attainment: { target: 0.5, amber: 0.4 }\n  mttr: { target: 100 }'));
    const r2 = cli(['report', '--db', db, '--out', out, '--definition', tilesOnly(), '--month', '2025-11', '--config', cfg]);
    expect(r2.code, r2.stderr).toBe(0);
    const page2 = readFileSync(join(out, 'index.html'), 'utf8');
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8'));
    const sla = kpis.kpis.sla_attainment.value as number;
    const tile = (label: string) => new RegExp(`<div class="([^"]*)">\\s*<div class="label">${label}</div>(?:(?!<div class="tile)[^])*?<div class="(target[^"]*)">(.*?)</div>`).exec(page2)!;
    expect(tile('SLA attainment')[1]).toBe(`tile ${sla >= 0.5 ? 'green' : sla >= 0.4 ? 'amber' : 'red'}`);
    expect(tile('SLA attainment')[3]).toBe('target ≥ 50.0 %, set by Acme &amp; Co');
    const mttr = kpis.kpis.mttr.median as number;
    // no amber set with the organisation's own target: it is met or not
    expect(tile('Median time to resolve')[1]).toBe(`tile ${mttr <= 100 ? 'green' : 'red'}`);
    expect(tile('Median time to resolve')[3]).toBe('target ≤ 100 h, set by Acme &amp; Co');
    expect(tile('First-contact resolution')[2]).toBe('target default');
  });
});
