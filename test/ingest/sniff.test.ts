import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, sniffFile } from '../../src/ingest/sniff.js';
import { normaliseHeader, uniqueColumnNames } from '../../src/ingest/headers.js';
import { tempDir, writeFixture } from '../helpers.js';

describe('encoding', () => {
  it('reads BOMs', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', bom: true });
  });
  it('tells UTF-16 without a BOM, UTF-8 and latin-1 apart', () => {
    expect(detectEncoding(Buffer.from('number,opened_at\nINC1,2024\n', 'utf16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('Café;Zürich\n', 'utf8')).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from('Café;Zürich\n', 'latin1')).encoding).toBe('latin-1');
  });
});

describe('delimiter and header', () => {
  it('prefers the delimiter whose count agrees across lines, ignoring quoted text', () => {
    expect(detectDelimiter(['a;b;c', '1;"x, y, z";3'], 'f.csv')).toBe(';');
    expect(detectDelimiter(['a,b,c', '1,"x; y",3'], 'f.csv')).toBe(',');
    expect(detectDelimiter(['a|b|c', '1|2|3'], 'f.csv')).toBe('|');
    expect(detectDelimiter(['a b', 'c d'], 'f.tsv')).toBe('\t');
  });
  it('honours an Excel sep= line and reads gzip, UTF-16 and BOM files', async () => {
    const dir = tempDir();
    const sep = await sniffFile(writeFixture(dir, 'sep.csv', 'sep=;\nnumber;state\nINC1;New\n'));
    expect(sep).toMatchObject({ delimiter: ';', skipLines: 1, header: ['number', 'state'] });
    const gz = await sniffFile(writeFixture(dir, 'x.csv.gz', 'number,state\nINC1,New\n'));
    expect(gz).toMatchObject({ compressed: true, header: ['number', 'state'], sample: [['INC1', 'New']] });
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('number\tstate\r\nINC1\tNew\r\n', 'utf16le')]);
    expect(await sniffFile(writeFixture(dir, 'u16.txt', u16))).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', header: ['number', 'state'] });
    const bom = await sniffFile(writeFixture(dir, 'bom.csv', '\uFEFFnumber,state\nINC1,New\n'));
    expect(bom).toMatchObject({ bom: true, header: ['number', 'state'] });
  });
  it('rejects an empty file with a clear message', async () => {
    const dir = tempDir();
    await expect(sniffFile(writeFixture(dir, 'empty.csv', ''))).rejects.toThrow(/empty/);
  });
});

describe('header normalisation', () => {
  it('matches field names, labels, Remedy markers and Jira custom fields', () => {
    expect(normaliseHeader('short_description')).toBe(normaliseHeader('Short  description'));
    expect(normaliseHeader('Incident ID*+')).toBe('incident id');
    expect(normaliseHeader('Custom field (Request Type)')).toBe('request type');
  });
  it('makes repeated and empty headers unique', () => {
    expect(uniqueColumnNames(['Labels', 'Labels', '', 'labels'])).toEqual(['Labels', 'Labels (2)', 'column 3', 'labels (3)']);
  });
});
