import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('localised exports', () => {
  const cases: [string, string, string][] = [
    ['de', 'Nummer;Kurzbeschreibung;Status;Priorität;Zuweisungsgruppe;Geöffnet;Gelöst;SLA erfüllt', 'INC0000001;Drucker defekt;Gelöst;2 - Hoch;Service Desk;13.03.2024 08:00;13.03.2024 10:30;wahr'],
    ['fr', 'Numéro;Brève description;État;Priorité;Groupe d\'affectation;Ouvert;Résolu;SLA respecté', 'INC0000001;Imprimante en panne;Résolu;2 - Élevé;Service Desk;13/03/2024 08:00;13/03/2024 10:30;vrai'],
    ['es', 'Número;Descripción breve;Estado;Prioridad;Grupo de asignación;Creado;Resuelto;SLA cumplido', 'INC0000001;Impresora averiada;Resuelto;2 - Alto;Service Desk;13/03/2024 08:00;13/03/2024 10:30;verdadero'],
    ['nl', 'Nummer;Korte omschrijving;Status;Prioriteit;Toewijzingsgroep;Geopend;Opgelost;SLA gehaald', 'INC0000001;Printer stuk;Opgelost;2 - Hoog;Service Desk;13-03-2024 08:00;13-03-2024 10:30;waar'],
    ['pt', 'Número;Descrição resumida;Estado;Prioridade;Grupo de atribuição;Aberto;Resolvido;SLA cumprido', 'INC0000001;Impressora avariada;Resolvido;2 - Alto;Service Desk;13/03/2024 08:00;13/03/2024 10:30;verdadeiro'],
  ];
  for (const [lang, header, row] of cases) {
    it(`reads a ${lang} ServiceNow label export like the English one`, async () => {
      const dir = tempDir();
      const store = await openStore(dir);
      const [s] = await ingestPaths(store, { paths: [writeFixture(dir, `incident-${lang}.csv`, `${header}\n${row}\n`)] });
      expect(s).toMatchObject({ tool: 'servicenow', source_table: 'incident', rows_loaded: 1 });
      expect(await store.one(`SELECT source_id, status, priority, assignment_group, sla_met,
        strftime(opened_at, '%Y-%m-%d %H:%M') AS o, strftime(resolved_at, '%Y-%m-%d %H:%M') AS r FROM ticket`)).toEqual({
        source_id: 'INC0000001', status: 'resolved', priority: 2, assignment_group: 'Service Desk', sla_met: true,
        o: '2024-03-13 08:00', r: '2024-03-13 10:30',
      });
      store.close();
    });
  }
});

describe('localised month names', () => {
  it('reads Jira dates written with German, French, Spanish, Dutch and Portuguese months', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const rows = [
      ['ITSM-1', '25/Mrz/26 10:17 PM'],
      ['ITSM-2', '03/févr./26 9:05 AM'],
      ['ITSM-3', '14/ene/26 11:00 AM'],
      ['ITSM-4', '01/mei/26 8:00 AM'],
      ['ITSM-5', '30/dez/25 4:30 PM'],
    ];
    const csv = ['Summary,Issue key,Issue id,Issue Type,Status,Created', ...rows.map(([k, d], i) => `x,${k},${i},Incident,Open,${d}`)].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'jira-intl.csv', csv)] });
    expect(s).toMatchObject({ tool: 'jira', rows_loaded: 5, rows_rejected: 0 });
    expect((await store.all<{ d: string }>(`SELECT strftime(opened_at, '%Y-%m-%d %H:%M') AS d FROM ticket ORDER BY source_id`)).map((r) => r.d)).toEqual([
      '2026-03-25 22:17', '2026-02-03 09:05', '2026-01-14 11:00', '2026-05-01 08:00', '2025-12-30 16:30',
    ]);
    store.close();
  });
});
