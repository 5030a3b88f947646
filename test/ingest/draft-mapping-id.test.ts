/**
 * `itsm-lens map`'s choice of the id and of the dates when the data is awkward (src/ingest/draft-mapping.ts): a
 * repeating column that tools name as the id beats a unique column of dates or of a measure; a column of dates
 * whose day/month order the data cannot decide is still its header's date field, never a text field or the id;
 * a duration in seconds is never an event log's update counter. Files hand-made, outcomes read off by hand.
 */
import { describe, expect, it } from 'vitest';
import { draftMapping } from '../../src/ingest/draft-mapping.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-draft-id-');
const csv = (name: string, lines: string[]) => writeFixture(dir, name, lines.join('\n') + '\n');

describe('draftMapping: the id and the dates of an awkward export', () => {
  // Number repeats (INC2 twice: 3 distinct in 4 rows); Opened and Handle Time (secs) are unique on every row;
  // every day of Opened is ≤ 12, so its day/month order is undecided
  const awkward = csv('awkward.csv', [
    'Number,Opened,Short description,Handle Time (secs),State',
    'INC1,01/02/2024 08:00,Printer jam,120,Closed',
    'INC2,03/04/2024 09:30,VPN down,300,Closed',
    'INC2,05/06/2024 10:00,Mail slow,45,Open',
    'INC3,07/08/2024 11:00,Disk full,600,Closed',
  ]);

  it('takes the repeating Number as the id, not the unique Opened or Handle Time (secs)', async () => {
    const d = await draftMapping(awkward);
    expect(d.fields.source_id).toEqual({ column: 'Number', evidence: '3 distinct in 4 rows; e.g. "INC2", "INC1", "INC3"' });
    // not an event log: the seconds column is a measure, not an update counter; Number + Opened is unique (4 pairs)
    expect(d.object).toBe('ticket');
    expect(d.event_log).toBeUndefined();
    expect(d.notes[0]).toBe("'Number' is not unique (3 distinct in 4 rows); 'Number' + 'Opened' is: one row per record and Opened; the last row of each id is loaded and the rows before it are rejected as superseded");
    // INC1, INC2, INC3 all start with INC: the kind is a constant, no vocabulary of ids
    expect(d.fields.kind).toMatchObject({ value: 'incident' });
    expect(d.vocab.kind).toBeUndefined();
  });

  it('maps the undecided dates to opened_at and says why the format is missing', async () => {
    const d = await draftMapping(awkward);
    expect(d.fields.opened_at!.column).toBe('Opened');
    expect(d.fields.opened_at!.evidence).toContain('dates whose day/month order the data cannot decide (see the note above)');
    expect(d.fields.opened_by).toBeUndefined();
    expect(d.notes[1]).toBe("'Opened' holds dates but column 'Opened' has dates like '01/02/2024 08:00' whose day/month order the data cannot decide (every day ≤ 12); pass --date-format dmy or --date-format mdy");
    // the seconds stay a duration, in hours
    expect(d.fields.handle_time_hours).toMatchObject({ column: 'Handle Time (secs)', scale: 3600 });
  });

  it('takes a unique column with an unknown name as the id when nothing is named like one, but not a unique measure', async () => {
    // Reference Code is not a header any tool uses for the id but it is unique; Cost is unique too, a measure
    const d = await draftMapping(csv('plain.csv', ['Reference Code,Cost,Summary', 'A-7,10,x', 'B-2,20,y', 'C-9,30,x']));
    expect(d.fields.source_id!.column).toBe('Reference Code');
    const e = await draftMapping(csv('measure.csv', ['Cost,Summary', '10,x', '20,y', '30,x']));
    expect(e.fields.source_id).toBeUndefined();
  });
});
