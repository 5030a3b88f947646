import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// Keys of the /api/v1/request and service_catalog/servicerequest responses (public API specification of a
// live ServiceOps instance), flattened; createdTime/updatedTime are epoch milliseconds.
const HEADER =
  'id,name,subject,description,statusName,priorityName,urgencyName,impactName,categoryName,departmentName,locationName,requesterName,requesterEmail,createdByName,updatedByName,source,supportLevel,spam,createdTime,updatedTime';
const ROWS = [
  '65,INC-46,Incident Summary,Incident Description,Open,Low,Low,Low,Incident Category,Department,Ahmedabad,Snehashis Paul,snehashis.paul@example.com,Automation,Automation,Email,tier0,false,1756304677751,1756304677751',
  '66,SR-47,---,,Open,Low,Low,Low,SR Category,Department,Ahmedabad,Snehashis Paul,snehashis.paul@example.com,Automation,Automation,External,tier0,false,1756304678069,1756304678154',
  '67,INC-48,Core switch down,Floor 2 offline,In Progress,Urgent,High,High,Network,IT,Pune,Ravi Shah,ravi.shah@example.com,Automation,Ravi Shah,Phone,tier1,false,1756391077751,1756391977751',
];

describe('motadata adapter', () => {
  it('detects request records (not Jira, whose key pattern INC-46 also matches) and maps them', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'motadata-requests.csv', [HEADER, ...ROWS].join('\n'))] });
    expect(s).toMatchObject({ tool: 'motadata', object: 'ticket', source_table: 'request', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, category, requester, location,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(updated_at, '%Y-%m-%d %H:%M:%S') AS updated FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'INC-46', kind: 'incident', status: 'new', priority: 4, impact: 3, urgency: 3, channel: 'email', category: 'Incident Category',
        requester: 'Snehashis Paul', location: 'Ahmedabad', opened: '2025-08-27 14:24:37', updated: '2025-08-27 14:24:37' },
      { source_id: 'INC-48', kind: 'incident', status: 'in_progress', priority: 1, impact: 1, urgency: 1, channel: 'phone', category: 'Network',
        requester: 'Ravi Shah', location: 'Pune', opened: '2025-08-28 14:24:37', updated: '2025-08-28 14:39:37' },
      { source_id: 'SR-47', kind: 'service_request', status: 'new', priority: 4, impact: 3, urgency: 3, channel: 'api', category: 'SR Category',
        requester: 'Snehashis Paul', location: 'Ahmedabad', opened: '2025-08-27 14:24:38', updated: '2025-08-27 14:24:38' },
    ]);
    store.close();
  });
});
