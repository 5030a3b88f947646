/**
 * Time worked (the hourly cost model's input) from the exports that carry worklogs, into ticket.handle_time_hours:
 * - ServiceNow `time_worked`, a duration written as seconds, `d hh:mm:ss`, the stored value (the epoch plus the
 *   duration: `1970-01-01 02:30:00`) or display words (`1 Hour 15 Minutes`), depending on how it was exported;
 * - Jira's `Time Spent` (seconds in the CSV), never `Σ Time Spent` (it adds the sub-tasks' time, and sub-tasks
 *   are rows of their own).
 * Expected hours by hand next to each row.
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { durationSeconds } from '../../src/ingest/compile.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const SERVICENOW = [
  'number,short_description,state,priority,assignment_group,caller_id,opened_at,resolved_at,time_worked',
  'INC0000001,Mail,Resolved,3 - Moderate,Desk,Ann,2024-03-04 09:00:00,2024-03-04 13:00:00,5400', // 5,400 s = 1.5 h
  'INC0000002,VPN,Resolved,2 - High,Network,Bob,2024-03-05 09:00:00,2024-03-05 12:00:00,1970-01-01 02:30:00', // 2.5 h
  'INC0000003,Printer,Resolved,4 - Low,Desk,Cid,2024-03-06 09:00:00,2024-03-06 10:00:00,1 Hour 15 Minutes', // 1.25 h
  'INC0000004,SAP,Resolved,1 - Critical,Apps,Dee,2024-03-07 09:00:00,2024-03-09 09:00:00,1 02:00:00', // 1 day + 2 h = 26 h
  'INC0000005,Phone,New,4 - Low,Desk,Eve,2024-03-08 09:00:00,,', // none logged
].join('\n');

const JIRA = [
  'Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Resolved,Time Spent,Σ Time Spent',
  'Mail down,ITSM-1,10001,Incident,Resolved,High,Ann,Bob,04/Mar/24 9:00 AM,04/Mar/24 1:00 PM,3600,5400', // 1 h (Σ 1.5 h not read)
  'New laptop,ITSM-2,10002,Service Request,Done,Medium,Ann,Cid,05/Mar/24 9:00 AM,06/Mar/24 9:00 AM,9000,9000', // 9,000 s = 2.5 h
  'VPN slow,ITSM-3,10003,Incident,In Progress,Low,Ann,Dee,06/Mar/24 9:00 AM,,,1800', // none on the issue itself
].join('\n');

describe('time worked into handle_time_hours', () => {
  it('ServiceNow time_worked in each of its written forms', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', SERVICENOW)] });
    expect(s).toMatchObject({ tool: 'servicenow', rows_loaded: 5, rows_rejected: 0 });
    const rows = await store.all<{ source_id: string; h: number | null }>(`SELECT source_id, handle_time_hours AS h FROM ticket ORDER BY 1`);
    expect(rows).toEqual([
      { source_id: 'INC0000001', h: 1.5 },
      { source_id: 'INC0000002', h: 2.5 },
      { source_id: 'INC0000003', h: 1.25 },
      { source_id: 'INC0000004', h: 26 },
      { source_id: 'INC0000005', h: null },
    ]);
    store.close();
  });

  it("Jira's Time Spent in seconds, not Σ Time Spent", async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'jira.csv', JIRA)] });
    expect(s).toMatchObject({ tool: 'jira', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all<{ source_id: string; h: number | null }>(`SELECT source_id, handle_time_hours AS h FROM ticket ORDER BY 1`);
    expect(rows).toEqual([
      { source_id: 'ITSM-1', h: 1 },
      { source_id: 'ITSM-2', h: 2.5 },
      { source_id: 'ITSM-3', h: null },
    ]);
    store.close();
  });

  it('the duration forms, by hand; Jira\'s 1d and 1w (working days of the instance\'s own length) are not guessed', async () => {
    const store = await openStore(tempDir());
    const cases: [string, number | null][] = [
      ['90', 90], ['12,5', 12.5], ['0:05:00', 300], ['2 03:04:05', 2 * 86400 + 3 * 3600 + 4 * 60 + 5], ['1970-01-03 01:00:00', 2 * 86400 + 3600],
      ['2h 30m', 2.5 * 3600], ['1 Day 2 Hours', 26 * 3600], ['45 Seconds', 45], ['1 Hour, 1 Minute', 3660], ['1d', null], ['1w 2d', null], ['soon', null],
    ];
    for (const [text, want] of cases) {
      const r = await store.one<{ s: number | null }>(`SELECT (${durationSeconds(`'${text}'`)})::DOUBLE AS s`);
      expect(r!.s, text).toBe(want);
    }
    store.close();
  });
});
