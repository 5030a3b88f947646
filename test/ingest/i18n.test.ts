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
