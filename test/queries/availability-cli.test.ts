/**
 * The CLI's answer to a project config naming a calendar that does not exist for a service's availability: exit 2
 * and one line naming the key (the parser's own checks: availability.test.ts, in process).
 */
import { describe, expect, it } from 'vitest';
import { cli, tempDir, writeFixture } from '../helpers.js';

describe('availability calendars in the project config, through the CLI', () => {
  it('a calendar that does not exist: exit 2 naming the key and the calendars defined', () => {
    const dir = tempDir();
    const OFFICE = 'calendars:\n  office:\n    timezone: UTC\n    hours:\n      mon-fri: "09:00-17:00"\n';
    const missing = writeFixture(dir, 'missing.yaml', `${OFFICE}metrics:\n  availability_calendars:\n    Payroll: payroll_hours\n`);
    const r = cli(['kpi', '--db', `${dir}/none.duckdb`, '--config', missing]);
    expect([r.code, r.stderr.trim()]).toEqual([2, `itsm-lens: ${missing}: metrics.availability_calendars.Payroll: unknown calendar 'payroll_hours' (defined under calendars: 24x7, office)`]);
  });
});
