import type { Store } from '../store/db.js';
import { DEFAULT_SETTINGS } from '../metrics/kpi.js';
import { COMPARABLE_SHARE } from '../coverage/index.js';
import { DEFAULT_PEOPLE } from '../privacy/people.js';
import { schemaRef } from './schema.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** What init reads (init.sql). */
const SQL = loadSqlFile('config/init.sql');

/**
 * `itsm-lens init`: a commented project config for the loaded data. What is guessed from the data (the time zone
 * and the office hours, from when tickets are opened) is written as settings with the evidence beside them;
 * what is a default (targets, metrics settings, the coverage threshold) is written commented out and marked
 * default, so that the loader keeps reporting it as a default until the user sets it.
 */
export interface InitGuess {
  tickets: number;
  /** the zone written, and the sentence saying where it came from */
  timezone: string;
  timezoneWhy: string;
  /** `hours:` of the calendar ("24x7" or day ranges to "HH:MM-HH:MM"), and why */
  hours: string | Record<string, string>;
  hoursWhy: string;
  /** opened tickets per hour of day, local to the guessed zone (0..23) */
  byHour: number[];
}

/** A tile's default target, as the report definition ships it. */
export interface DefaultTarget {
  kpi: string;
  label: string;
  better?: 'higher' | 'lower';
  format: string;
  target?: number;
  amber?: number;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// an hour or a weekday is "busy" when it has at least this share of the busiest one's tickets
const BUSY_SHARE = 0.25;
// opened times spread so evenly that the quietest hour has this share of the busiest: a round-the-clock desk
const FLAT_SHARE = 0.35;

/**
 * Reads when tickets were opened (UTC instants in the store) and guesses the zone and the office hours. The
 * zone: the one the files were ingested with when they name one; else the whole-hour offset that puts most
 * tickets between 08:00 and 18:00 local time, preferring the smallest offset on a tie.
 */
export async function guessCalendar(store: Store): Promise<InitGuess> {
  const zones = (await store.all<{ tz: string | null }>(sqlOf(SQL, 'zones'))).map((r) => r.tz!);
  const utcRows = await store.all<{ dow: number; h: number; n: number }>(sqlOf(SQL, 'opened_hours', { zone: sqlText('UTC') }));
  const tickets = utcRows.reduce((s, r) => s + r.n, 0);
  if (!tickets) {
    return { tickets, timezone: 'UTC', timezoneWhy: 'no ticket carries an opened time: nothing to guess from; UTC written', hours: '24x7', hoursWhy: 'no opened times to guess office hours from', byHour: Array(24).fill(0) };
  }
  const named = zones.filter((z) => z.toUpperCase() !== 'UTC');
  let offset = 0;
  let timezone: string;
  let timezoneWhy: string;
  const utcHours = Array.from({ length: 24 }, (_, h) => utcRows.filter((r) => r.h === h).reduce((s, r) => s + r.n, 0));
  if (named.length === 1) {
    timezone = named[0]!;
    timezoneWhy = `the exports were ingested with --timezone ${timezone}`;
    // hours and days below are read in that zone
    const local = await store.all<{ dow: number; h: number; n: number }>(sqlOf(SQL, 'opened_hours', { zone: sqlText(timezone) }));
    return finish(tickets, timezone, timezoneWhy, local);
  }
  const inOffice = (o: number) => utcHours.reduce((s, n, h) => s + ((((h + o) % 24) + 24) % 24 >= 8 && (((h + o) % 24) + 24) % 24 < 18 ? n : 0), 0);
  const offsets = Array.from({ length: 27 }, (_, i) => i - 12).sort((a, b) => Math.abs(a) - Math.abs(b));
  offset = offsets.reduce((best, o) => (inOffice(o) > inOffice(best) ? o : best), 0);
  const share = inOffice(offset) / tickets;
  if (offset === 0) {
    timezone = 'UTC';
    timezoneWhy = `${pct(share)} of tickets were opened between 08:00 and 18:00 UTC, more than at any other whole-hour offset: the times look local to UTC, or were exported in local time without a zone and ingested as UTC`;
  } else {
    // Etc/GMT zones have the sign reversed (Etc/GMT-1 is UTC+1) and no daylight saving
    timezone = `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    timezoneWhy = `${pct(share)} of tickets were opened between 08:00 and 18:00 at UTC${offset > 0 ? '+' : ''}${offset}, more than at any other whole-hour offset; ${timezone} is that offset without daylight saving: write your IANA zone (e.g. Europe/Amsterdam)`;
  }
  if (zones.length > 1) timezoneWhy += ` (the exports were ingested with several zones: ${zones.join(', ')})`;
  const shifted = utcRows.map((r) => {
    const local = r.h + offset;
    const dayShift = local < 0 ? -1 : local >= 24 ? 1 : 0;
    return { dow: ((r.dow - 1 + dayShift + 7) % 7) + 1, h: (local + 24) % 24, n: r.n };
  });
  return finish(tickets, timezone, timezoneWhy, shifted);
}

function finish(tickets: number, timezone: string, timezoneWhy: string, rows: Array<{ dow: number; h: number; n: number }>): InitGuess {
  const byHour = Array.from({ length: 24 }, (_, h) => rows.filter((r) => r.h === h).reduce((s, r) => s + r.n, 0));
  const byDay = Array.from({ length: 7 }, (_, d) => rows.filter((r) => r.dow === d + 1).reduce((s, r) => s + r.n, 0));
  const peak = Math.max(...byHour);
  const quiet = Math.min(...byHour);
  if (quiet >= FLAT_SHARE * peak) {
    return {
      tickets, timezone, timezoneWhy, byHour,
      hours: '24x7',
      hoursWhy: `tickets are opened round the clock: the quietest hour has ${pct(quiet / peak)} of the busiest hour's tickets`,
    };
  }
  const busy = byHour.map((n) => n >= BUSY_SHARE * peak);
  const first = busy.indexOf(true);
  const last = busy.lastIndexOf(true);
  const dayPeak = Math.max(...byDay);
  const days = byDay.map((n) => n >= BUSY_SHARE * dayPeak);
  const span = `${two(first)}:00-${two(last + 1)}:00`;
  const hours: Record<string, string> = {};
  for (const run of dayRuns(days)) hours[run] = span;
  const quietDays = DAYS.filter((_, i) => !days[i]);
  return {
    tickets, timezone, timezoneWhy, byHour, hours,
    hoursWhy:
      `the hours from the first to the last with at least ${pct(BUSY_SHARE)} of the busiest hour's tickets (${two(first)}:00 and ${two(last)}:00 local)` +
      (quietDays.length ? `; ${quietDays.join(', ')} ha${quietDays.length === 1 ? 's' : 've'} under ${pct(BUSY_SHARE)} of the busiest weekday's tickets and ${quietDays.length === 1 ? 'is' : 'are'} left closed` : '; every weekday is busy'),
  };
}

/** Runs of busy days as the calendar writes them: mon-fri, sat. */
function dayRuns(days: boolean[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < 7; i++) {
    if (!days[i]) continue;
    let j = i;
    while (j + 1 < 7 && days[j + 1]) j++;
    out.push(i === j ? DAYS[i]! : `${DAYS[i]}-${DAYS[j]}`);
    i = j;
  }
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');
const pct = (x: number) => `${Math.round(x * 100)} %`;
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
// YAML plain scalars that need no quotes: letters, digits, spaces and a few marks; quote the rest
const yamlText = (s: string) => (/^[A-Za-z0-9][A-Za-z0-9 ._&()/-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) ? s : JSON.stringify(s));

/** A 24-character bar per hour, for the comment that shows what the guess was made from. */
function histogram(byHour: number[]): string[] {
  const peak = Math.max(1, ...byHour);
  return byHour.map((n, h) => `#   ${two(h)}:00 ${'█'.repeat(Math.round((n / peak) * 30)).padEnd(30)} ${n.toLocaleString('en-US')}`);
}

export interface InitOptions {
  /** where the file goes: its $schema line is relative to it */
  out: string;
  organisation?: string;
  db: string;
  guess: InitGuess;
  targets: DefaultTarget[];
  definition: string;
}

/** The text of the config file. */
export function renderInitConfig(o: InitOptions): string {
  const g = o.guess;
  const schema = schemaRef('project-config', o.out);
  const hours = typeof g.hours === 'string' ? JSON.stringify(g.hours) : `{ ${Object.entries(g.hours).map(([d, s]) => `${d}: "${s}"`).join(', ')} }`;
  const targetLines = o.targets
    .filter((t) => t.target !== undefined)
    .map((t) => {
      const body = `{ target: ${t.target}${t.amber !== undefined ? `, amber: ${t.amber}` : ''} }`;
      const unit = t.format === 'percent' ? 'a share: 0.95 = 95 %' : t.format === 'hours' ? 'hours' : t.format === 'days' ? 'days' : t.format;
      return `#   ${`${t.kpi}: ${body}`.padEnd(52)} # default: ${t.label}, ${t.better ?? 'no direction'} is better (${unit})`;
    });
  const lines = [
    `# itsm-lens project config, written by \`itsm-lens init\` for ${o.db} (${g.tickets.toLocaleString('en-US')} tickets).`,
    '# Settings below are either GUESSED from the data (said so, with what they were guessed from: check them) or',
    '# commented out and marked "default" (the value itsm-lens uses until you set yours: remove the "# " to set it).',
    '# Reference: the README, "Project config"; the schema below lets an editor complete and check keys.',
    `$schema: ${schema}`,
    '',
    '# The name on the report\'s first line.',
    o.organisation ? `organisation: ${yamlText(o.organisation)}` : '# organisation: Your organisation     # ← FILL IN: until then the report says "No organisation name"',
    '',
    '# Business calendar for business-time KPIs (mttr_business, SLA policies on office hours).',
    `# GUESSED time zone: ${g.timezoneWhy}.`,
    `# GUESSED hours: ${g.hoursWhy}.`,
    '# Tickets opened per hour of day, local to that zone (what the guess was made from):',
    ...histogram(g.byHour),
    '# Add public holidays under holidays: (e.g. - { date: "12-25", every_year: true }).',
    'calendars:',
    '  default: office',
    '  office:',
    `    timezone: ${g.timezone}`,
    `    hours: ${hours}`,
    '    holidays: []',
    '',
    '# Who the outputs may name: aggregate (no individual: the default), pseudonymise (stable tokens) or named.',
    `people: ${DEFAULT_PEOPLE}                # default`,
    '',
    `# Your targets by KPI id (kpi --json keys). Until you set one, the report shows the definition's (${o.definition})`,
    '# as "default target", and check rules can say min: target / max: target to use yours.',
    '# targets:',
    ...targetLines,
    '',
    '# Metric settings (all defaults until set; kpi --json lists the defaulted ones).',
    '# metrics:',
    `#   change_failure_window_days: ${DEFAULT_SETTINGS.changeFailureWindowDays}            # default: an incident within this many days after a change counts against it`,
    `#   major_incident_max_priority: ${DEFAULT_SETTINGS.majorIncidentMaxPriority}           # default: priority 1 incidents are major incidents`,
    `#   availability_impact_weights: [${DEFAULT_SETTINGS.impactWeights.join(', ')}]   # default: outage share counted for impact 1, 2, 3+`,
    '#   cost: { per_month: 85000, currency: EUR }  # or per_team_month: {…}, per_channel_month: { phone: …, email: … }, or hourly_rate: 60; no default: cost per ticket is n/a without it',
    '',
    '# Coverage: a month with less than this share of a typical month\'s tickets is not compared against.',
    '# coverage:',
    `#   min_share: ${COMPARABLE_SHARE}                        # default`,
    '',
  ];
  return lines.join('\n');
}
