/**
 * Issue 21 acceptance on the HPSM export (BPI Challenge 2014, Rabobank Group ICT): `init` then `report` shows the
 * organisation and "default target" wherever the config sets none; with targets: set, the tiles use them.
 * Skips (visibly) without ../shared/data.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { loadDefinition } from '../../src/report/definition.js';
import { cli, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';
import { smallReportDefinition } from '../small-report.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
const dir = tempDir('itsm-lens-init-real-');
// the report's tiles are what the config's targets change: the shipped pack cut to its tiles (test/small-report.ts)
const tilesOnly = () => smallReportDefinition(dir, []);

describe.skipIf(!present)('init then report on HP Service Manager (BPI Challenge 2014)', () => {
  let db: string;
  const cfg = join(dir, 'itsm-lens.config.yaml');
  let text: string;
  beforeAll(async () => {
    ({ db } = await realDataDb('hpsm-bpi2014'));
    const r = cli(['init', '--db', db, '--out', cfg, '--organisation', 'Rabobank Group ICT']);
    expect(r.code, r.stderr).toBe(0);
    text = readFileSync(cfg, 'utf8');
  }, 600_000);

  it('writes a config that loads back, guessed from the incidents and interactions opened', () => {
    // README: 46,606 incidents and 147,004 interactions, the tickets whose opened times the guess reads
    expect(text).toContain(`(${(46_606 + 147_004).toLocaleString('en-US')} tickets)`);
    const c = loadProjectConfig(cfg);
    expect(c.organisation).toBe('Rabobank Group ICT');
    expect(c.settings.defaulted).toHaveLength(3);
    expect(c.targets).toEqual({});
    // the export's times carry no zone and were ingested as UTC: its office day (a Dutch bank's) falls in UTC
    // office hours, on weekdays
    expect(c.calendars.calendars.office!.timezone).toBe('UTC');
    expect(text).toMatch(/^ {4}hours: \{ mon-fri: "0[78]:00-1[78]:00" \}$/m);
    expect(text).toMatch(/^# GUESSED hours: .*sat, sun have under 25 % of the busiest weekday's tickets/m);
  });

  it('report shows the organisation and "default target"; targets: set are the tiles\'', () => {
    const out = join(dir, 'report');
    const r = cli(['report', '--db', db, '--out', out, '--definition', tilesOnly(), '--config', cfg]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('<div class="org">Rabobank Group ICT</div>');
    expect(page).not.toContain('No organisation name');
    const line = (html: string, label: string) => new RegExp(`<div class="label">${label}</div>(?:(?!<div class="tile)[^])*?<div class="(target[^"]*)">(.*?)</div>\\s*<div class="deltas">`).exec(html);
    const targeted = loadDefinition().tiles.filter((t) => t.target !== undefined);
    const shown = targeted.filter((t) => line(page, t.label));
    // the tiles with a value in the month carry a status line (a tile without one shows its reason instead)
    expect(shown.map((t) => t.kpi)).toEqual(expect.arrayContaining(['mttr', 'fcr', 'reopen_rate']));
    for (const t of shown) expect(line(page, t.label)![2], t.label).toMatch(/^<span class="tag">default target<\/span> /);

    writeFileSync(cfg, text.replace(/^# targets:$/m, 'targets:\n  mttr: { target: 24, amber: 48 }\n  fcr: { target: 0.6 }'));
    const r2 = cli(['report', '--db', db, '--out', out, '--definition', tilesOnly(), '--config', cfg]);
    expect(r2.code, r2.stderr).toBe(0);
    const page2 = readFileSync(join(out, 'index.html'), 'utf8');
    const k = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')).kpis;
    expect(line(page2, 'Median time to resolve')![2]).toBe('target ≤ 24 h, set by Rabobank Group ICT');
    expect(line(page2, 'First-contact resolution')![2]).toBe('target ≥ 60.0 %, set by Rabobank Group ICT');
    expect(line(page2, 'Reopen rate')![1]).toBe('target default');
    const cls = (label: string) => new RegExp(`<div class="([^"]*)">\\s*<div class="label">${label}</div>`).exec(page2)![1];
    expect(cls('Median time to resolve')).toBe(`tile ${k.mttr.median <= 24 ? 'green' : k.mttr.median <= 48 ? 'amber' : 'red'}`);
    expect(cls('First-contact resolution')).toBe(`tile ${k.fcr.value >= 0.6 ? 'green' : 'red'}`);
  });
});
