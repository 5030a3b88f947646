import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('topdesk adapter', () => {
  it('detects REST incident records flattened to CSV', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'id,number,status,briefDescription,request,callType,entryType,category,subcategory,impact,urgency,priority,operatorGroup,operator,processingStatus,caller,callDate,creationDate,responseDate,completed,completedDate,closed,closedDate,targetDate,closureCode,majorCall,modificationDate',
      '3f1c2a10-1,I2403 017,secondLine,VPN verbinding valt weg,Sinds vanochtend,Incident,E-mail,Netwerk,VPN,Groot,Hoog,P1,Netwerkbeheer,J. de Vries,Closed,Anna Bakker,2024-03-15T08:12:44.303+0000,2024-03-15T08:12:44.303+0000,2024-03-15T08:20:00.000+0000,true,2024-03-15T11:00:00.000+0000,true,2024-03-16T09:00:00.000+0000,2024-03-15T16:12:44.000+0000,Opgelost,false,2024-03-16T09:00:00.000+0000',
      '3f1c2a10-2,I2403 018,firstLine,Nieuwe laptop,Graag een laptop,Request,Portal,Hardware,Laptop,Klein,Laag,P4,Servicedesk,,Waiting for user,Piet Jansen,2024-03-15T09:30:00.000+0100,2024-03-15T09:30:00.000+0100,,false,,false,,2024-03-22T09:30:00.000+0100,,false,2024-03-15T10:00:00.000+0100',
      '3f1c2a10-3,I 2403 019,firstLine,Monitoring alert disk,,,Automation,Server,Storage,,,P2,Servicedesk,,Logged,,2024-03-15T10:00:00.000+0000,2024-03-15T10:00:00.000+0000,,false,,false,,,,false,2024-03-15T10:00:00.000+0000',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'topdesk-incidents.csv', csv)] });
    expect(s).toMatchObject({ tool: 'topdesk', object: 'ticket', source_table: 'incidents', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, assignment_group, requester,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(first_response_at, '%Y-%m-%d %H:%M:%S') AS responded,
      strftime(resolved_at, '%Y-%m-%d %H:%M:%S') AS resolved, strftime(closed_at, '%Y-%m-%d %H:%M:%S') AS closed,
      strftime(due_at, '%Y-%m-%d %H:%M:%S') AS due FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'I 2403 019', kind: 'incident', status: 'new', priority: 2, impact: null, urgency: null, channel: 'api', assignment_group: 'Servicedesk',
        requester: null, opened: '2024-03-15 10:00:00', responded: null, resolved: null, closed: null, due: null },
      { source_id: 'I2403 017', kind: 'incident', status: 'closed', priority: 1, impact: 1, urgency: 1, channel: 'email', assignment_group: 'Netwerkbeheer',
        requester: 'Anna Bakker', opened: '2024-03-15 08:12:44', responded: '2024-03-15 08:20:00', resolved: '2024-03-15 11:00:00',
        closed: '2024-03-16 09:00:00', due: '2024-03-15 16:12:44' },
      { source_id: 'I2403 018', kind: 'service_request', status: 'pending', priority: 4, impact: 3, urgency: 3, channel: 'portal', assignment_group: 'Servicedesk',
        requester: 'Piet Jansen', opened: '2024-03-15 08:30:00', responded: null, resolved: null, closed: null, due: '2024-03-22 08:30:00' },
    ]);
    store.close();
  });

  it('reads a Dutch list export (Incidentnummer, Korte omschrijving, Aanmelddatum …)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'Incidentnummer;Korte omschrijving;Melder;Soort melding;Soort binnenkomst;Prioriteit;Operatorgroep;Behandelaar;Status;Aanmelddatum;Streefdatum;Gereed;Datum gereed;Afgemeld;Datum afgemeld',
      'I2403 101;Printer 2e verdieping;Jan Smit;Storing;Telefoon;P3;Werkplekbeheer;K. Jansen;Afgemeld;15-03-2024 08:15;18-03-2024 08:15;Ja;15-03-2024 14:00;Ja;16-03-2024 09:00',
      'I2403 102;Toegang SharePoint;Els de Boer;Verzoek;Selfservice;P4;Servicedesk;;In behandeling;15-03-2024 13:40;22-03-2024 13:40;Nee;;Nee;',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'topdesk-nl.csv', csv)], timezone: 'Europe/Amsterdam' });
    expect(s).toMatchObject({ tool: 'topdesk', source_table: 'incidents', rows_loaded: 2 });
    const rows = await store.all(`SELECT source_id, title, kind, status, priority, channel, assignment_group, assignee, requester,
      strftime(opened_at, '%Y-%m-%d %H:%M') AS opened, strftime(resolved_at, '%Y-%m-%d %H:%M') AS resolved,
      strftime(closed_at, '%Y-%m-%d %H:%M') AS closed FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'I2403 101', title: 'Printer 2e verdieping', kind: 'incident', status: 'closed', priority: 3, channel: 'phone',
        assignment_group: 'Werkplekbeheer', assignee: 'K. Jansen', requester: 'Jan Smit', opened: '2024-03-15 07:15', resolved: '2024-03-15 13:00', closed: '2024-03-16 08:00' },
      { source_id: 'I2403 102', title: 'Toegang SharePoint', kind: 'service_request', status: 'in_progress', priority: 4, channel: 'portal',
        assignment_group: 'Servicedesk', assignee: null, requester: 'Els de Boer', opened: '2024-03-15 12:40', resolved: null, closed: null },
    ]);
    store.close();
  });
});
