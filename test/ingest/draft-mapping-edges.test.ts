/**
 * The edges of src/ingest/draft-mapping.ts lines 1–216 (learn, fits, canonicalOf, withProfile) that its first
 * StrykerJS run (session 22) showed untested, drafted in process inside each test from small files whose figures
 * are read off by hand. test/ingest/draft-mapping-values.test.ts has the main cases (kept apart so that a rerun
 * reuses its results).
 */
import { describe, expect, it } from 'vitest';
import { draftMapping } from '../../src/ingest/draft-mapping.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-draft-edges-');
const csv = (name: string, lines: string[]) => writeFixture(dir, name, lines.join('\n') + '\n');

describe('draftMapping: edges', () => {
  it('the kind from an id prefix of a tool whose object has other fields before its kind (HPSM SD → interaction)', async () => {
    // SD1 … SD4: all four ids start with SD followed by a digit → 100 %
    const d = await draftMapping(csv('sd.csv', ['Ref,Opened At', 'SD1,13/01/2024 08:00', 'SD2,14/01/2024 08:00', 'SD3,15/01/2024 08:00', 'SD4,16/01/2024 08:00']));
    expect(d.fields.kind).toEqual({ value: 'interaction', evidence: '100 % of the most frequent ids start with a prefix tools use for interaction' });
  });

  it("a value's word by the majority of the tools that know it; a leading number of several digits", async () => {
    // 'Very Low': GLPI's priority words say 6, OTRS's and TOPdesk's say 5 → 5. 'Problem' as a type: one tool
    // says incident, three say other → other. '10 - Minor': the tools reading a leading number read 10, a number.
    // 'Very Low<tab>': the profile's trim keeps a tab (DuckDB trims spaces), the words are looked up without it → 5
    const d = await draftMapping(csv('words.csv', ['Number,Type,Priority', 'A1,Problem,Very Low', 'A2,Incident,10 - Minor', 'A3,Incident,Very Low', 'A4,Incident,Very Low\t']));
    expect(d.vocab.priority!.map).toEqual({ 'Very Low': 5, '10 - Minor': 10, 'Very Low\t': 5 });
    expect(d.vocab.kind!.map).toMatchObject({ Problem: 'other' });
  });

  it('a list-like int field takes up to 60 words, a yes/no field up to 4 words; dates sniffed at 90 % date-shaped', async () => {
    // 60 rows. priority: p0 … p59, 60 distinct words (a vocabulary field: taken up to 60). first call resolution:
    // true, false, yes, no (4 distinct yes/no words) → first_contact_resolved. Opened At: 54 dates of 60 = 90 %, the
    // day past 12 (day-first decided) → a date field. Freitext: 1 date-shaped value of 60 → not sniffed, no note.
    const rows = Array.from({ length: 60 }, (_, i) =>
      [`N${i}`, `p${i}`, ['true', 'false', 'yes', 'no'][i % 4], i < 54 ? `${13 + (i % 15)}/01/2024 08:00` : 'unknown', i === 0 ? '01/02/2024' : `note ${i}`].join(','),
    );
    const d = await draftMapping(csv('edges.csv', ['number,priority,first call resolution,Opened At,Freitext', ...rows]));
    expect(d.fields.priority?.column).toBe('priority');
    expect(d.fields.first_contact_resolved?.column).toBe('first call resolution');
    expect(d.fields.opened_at?.column).toBe('Opened At');
    expect(d.fields.opened_at!.evidence).toMatch(/; dates %d\/%m\/%Y %H:%M; /);
    expect(d.notes).toEqual([]);
    const free = d.extra.find((e) => e.column === 'Freitext');
    expect(free?.evidence).toMatch(/^60 distinct values; e\.g\. /);
  });
});
