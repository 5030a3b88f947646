/**
 * Real files through the converters (src/ingest/convert): the 8,500-incident workbook against its CSV twin,
 * and the REST JSON samples of BMC Helix, GLPI, Ivanti and TOPdesk. Runs where ../shared/data exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trackedConverter } from '../convert/tracked.js';
import { Store, lit } from '../../src/store/db.js';
import { SHARED_DATA } from '../helpers.js';
import { readCsv } from '../convert/read-csv.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED convert: ${SHARED_DATA} not found.\n`);

const convert = trackedConverter(afterAll);

describe.skipIf(!present)('incidents_text.xlsx and its CSV twin', () => {
  it('convert to the same 8,500 records with identical text', async () => {
    const dir = join(SHARED_DATA, 'tickets-text');
    const t0 = performance.now();
    const c = await convert(join(dir, 'incidents_text.xlsx'));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`[convert] incidents_text.xlsx → csv in ${seconds.toFixed(2)} s`);
    expect(c).toMatchObject({ format: 'xlsx', sheet: 'Sheet1', rows: 8500, headerRow: 1 });
    const store = await Store.open(':memory:', { migrate: false });
    try {
      // The twin decoded _x000D_ too; both keep \r\n inside cells. Normalise line ends anyway, so the
      // comparison is about the text, not about how either writer ends lines.
      const load = (name: string, path: string) =>
        store.run(`CREATE TABLE ${name} AS SELECT COLUMNS(*) FROM read_csv(${lit(path)}, header = true, all_varchar = true,
          delim = ',', quote = '"', escape = '"', strict_mode = true, max_line_size = 16777216)`);
      await load('x', c.csvPath);
      await load('t', join(dir, 'incidents_text.csv.gz'));
      const cols = (await store.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE x)`)).map((r) => r.column_name);
      expect(cols).toEqual(['Short description', 'Description', 'Caller', 'Assignment group']);
      expect((await store.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE t)`)).map((r) => r.column_name)).toEqual(cols);
      const norm = (t: string) => `SELECT ${cols.map((k) => `replace("${k}", chr(13) || chr(10), chr(10)) AS "${k}"`).join(', ')} FROM ${t}`;
      const counts = await store.one<Record<string, number>>(`SELECT
        (SELECT count(*) FROM x) AS nx, (SELECT count(*) FROM t) AS nt,
        (SELECT count(*) FROM (${norm('x')} EXCEPT ALL ${norm('t')})) AS only_x,
        (SELECT count(*) FROM (${norm('t')} EXCEPT ALL ${norm('x')})) AS only_t,
        (SELECT count(*) FROM x WHERE Description LIKE '%' || chr(10) || '%') AS multiline,
        (SELECT count(*) FROM x WHERE regexp_matches(Description, '[^\\x00-\\x7F]')) AS non_ascii,
        (SELECT count(*) FROM x WHERE Description LIKE '%_x000D_%') AS escapes_left`);
      expect(counts).toMatchObject({ nx: 8500, nt: 8500, only_x: 0, only_t: 0, escapes_left: 0 });
      expect(counts!.multiline).toBeGreaterThan(1000);
      expect(counts!.non_ascii).toBeGreaterThan(100);
      // Record by record, in order, too.
      const same = await store.one<{ n: number }>(`SELECT count(*) AS n FROM
        (SELECT row_number() OVER () AS i, * FROM (${norm('x')})) a JOIN (SELECT row_number() OVER () AS i, * FROM (${norm('t')})) b
        USING (i) WHERE ${cols.map((k) => `a."${k}" IS NOT DISTINCT FROM b."${k}"`).join(' AND ')}`);
      expect(same!.n).toBe(8500);
    } finally {
      store.close();
    }
  });
});

describe.skipIf(!present)('REST JSON samples', () => {
  const sample = (tool: string, file: string) => join(SHARED_DATA, 'format-samples', tool, file);

  it('BMC Helix: one {"values": …} entry', async () => {
    const { header, rows } = await readCsv((await convert(sample('bmc_helix', 'hpd_incidentinterface_get_sample.json'))).csvPath);
    expect(rows).toHaveLength(1);
    expect(header).toContain('Status-History.Assigned.timestamp');
    expect(rows[0]).toMatchObject({
      'Incident Number': 'INC000000397049', Status: 'Assigned', Priority: 'Medium', 'Priority Weight': '10',
      'Reported Date': '2024-03-01T08:23:49.000+0000', 'Detailed Decription': null, 'Total Transfers': '1',
    });
  });

  it('GLPI: one ticket', async () => {
    const { header, rows } = await readCsv((await convert(sample('glpi', 'glpi_ticket_api_sample.json'))).csvPath);
    expect(rows).toHaveLength(1);
    expect(header).toHaveLength(41); // every key of the record
    expect(rows[0]).toMatchObject({ id: '1', name: 'Nobreak Não esta Funcionando', status: '6', solvedate: '2022-07-25 09:38:04', time_to_resolve: null });
    expect(rows[0]!.content).toMatch(/^&#60;p&#62;Bom dia,&#60;\/p&#62;\n/);
  });

  it('Ivanti: one OData incident', async () => {
    const { rows } = await readCsv((await convert(sample('ivanti', 'ivanti_heat_incident_odata_sample.json'))).csvPath);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ IncidentNumber: '112', Status: 'Active', Priority: '3', FirstCallResolution: 'false', CreatedDateTime: '2020-07-05T12:28:16Z', SLA: null });
  });

  it('TOPdesk: one incident with nested caller and status objects', async () => {
    const { header, rows } = await readCsv((await convert(sample('topdesk', 'topdesk_incident_api_sample.json'))).csvPath);
    expect(rows).toHaveLength(1);
    expect(header).toEqual(expect.arrayContaining(['caller.dynamicName', 'processingStatus.name', 'entryType.name', 'partialIncidents']));
    expect(rows[0]).toMatchObject({
      number: 'TEST-1', status: 'firstLine', 'caller.dynamicName': 'testing', 'processingStatus.name': 'Logged',
      callDate: '2021-02-11T06:32:36.303+0000', partialIncidents: '[]', onHold: 'false',
    });
  });
});
