/**
 * One list of the file names ingest reads (src/ingest/formats.ts): the folder walk picks up exactly the names
 * the converter has a reader for (the two lists had drifted apart: .xlsx.gz was a format to one and not the other).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/ingest/files.js';
import { extensionList, formatOf, withoutExtension } from '../../src/ingest/formats.js';
import { openStore, tempDir } from '../helpers.js';

describe('ingestible file names', () => {
  it('each name has the format its extension says, gzipped too except a workbook', () => {
    const cases: Array<[string, string | undefined]> = [
      ['a.csv', 'csv'], ['a.TSV', 'csv'], ['a.txt.gz', 'csv'], ['a.xlsx', 'xlsx'], ['a.xlsm', 'xlsx'], ['a.xlsx.gz', undefined],
      ['a.json', 'json'], ['a.json.gz', 'json'], ['a.jsonl', 'ndjson'], ['a.ndjson.gz', 'ndjson'], ['a.xes', 'xes'], ['a.xes.gz', 'xes'],
      ['a.xls', undefined], ['a.csv.zip', undefined], ['a.gz', undefined],
    ];
    expect(cases.map(([n]) => [n, formatOf(n)])).toEqual(cases);
    expect(['incident.csv.gz', 'log.xes', 'book.xlsm', 'notes.doc'].map(withoutExtension)).toEqual(['incident', 'log', 'book', 'notes.doc']);
  });

  it('the list messages show: every extension, then the ones not read gzipped', () => {
    // csv tsv txt, xlsx xlsm (not gzipped), json, jsonl ndjson, xes
    expect(extensionList()).toBe('.csv, .tsv, .txt, .xlsx, .xlsm, .json, .jsonl, .ndjson, .xes (and their .gz, except .xlsx/.xlsm)');
  });

  it('a folder walk reads every name that has a format, and nothing else', async () => {
    const dir = tempDir('itsm-lens-formats-');
    const folder = join(dir, 'in');
    mkdirSync(folder);
    const names = ['a.csv', 'b.tsv.gz', 'c.xlsx', 'd.xlsm', 'e.json', 'f.jsonl', 'g.ndjson.gz', 'h.xes', 'i.xes.gz', 'j.xlsx.gz', 'k.xls', 'l.pdf'];
    for (const n of names) writeFileSync(join(folder, n), 'x');
    const store = await openStore(dir);
    try {
      const found = (await expandPaths(store, [folder])).map((p) => basename(p));
      expect(found).toEqual(names.filter((n) => formatOf(n) !== undefined));
      expect(found).toHaveLength(9);
    } finally {
      store.close();
    }
  });
});
