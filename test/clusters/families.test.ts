import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/clusters/cluster.js';
import { ingestPaths } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// 40 incidents: three families with volatile tokens, reordered words and a typo, plus unrelated noise
const A = [
  'ALERT: srv-db-07 disk usage 99%', 'ALERT: srv-db-12 disk usage 91%', 'alert srv-app-3 disk usage 88 %',
  'ALERT: PRN0451 disk usage 97%', 'Alert: web-01 disk usage 95%', 'ALERT: srv-db-07 disk usage 80%',
  'disk usage alert: srv-db-09 at 93%', 'ALERT: srv-fs-2 disk usage 99%', 'ALERT: lnx-22 disk usage 100%',
  'ALERT: srv-db-07 disk usage 85%',
];
const B = [
  'Outlook crashes when opening attachment', 'Outlook crashes when opening attachment', 'outlook crashes opening attachment!',
  'Opening attachment crashes Outlook', 'Outlok crashes when opening attachment', 'Outlook crashes when opening attachment again',
  'OUTLOOK CRASHES WHEN OPENING ATTACHMENT', 'Outlook crashes when opening attachment (INC0012345)',
  'Attachment opening crashes outlook', 'Outlook crashes when opening attachment 2024-03-05',
];
const C = [
  'Ping to 10.1.22.254 timeout from branch router', 'Ping to 10.1.22.9 timeout from branch router',
  'ping to 192.168.0.1 timeout from branch router', 'Ping to 10.1.2.254 timeout from branch router',
  'Ping timeout to 172.16.4.4 from branch router', 'Ping to 10.9.22.254 timeout from branch router',
  'Ping to 10.1.22.254 timeout from branch router', 'Ping to 10.1.22.1 timout from branch router',
];
const NOISE = [
  'New laptop for new joiner', 'Password reset for SAP', 'Teams meeting has no audio', 'Request access to share finance',
  'Monitor flickers on desk 12', 'Excel macro slow', 'Keyboard missing keys', 'Printer toner empty on floor 3',
  'Mobile phone screen cracked', 'VPN token expired', 'Cannot find expense tool', 'Wrong invoice address in ERP',
];

let store: Store;
const family = new Map<string, string>();
beforeAll(async () => {
  const dir = tempDir();
  const rows = ['number,short_description,category,assignment_group,opened_at,state'];
  let n = 1;
  const add = (titles: string[], fam: string) => {
    for (const t of titles) {
      const id = `INC${String(n).padStart(7, '0')}`;
      family.set(id, fam);
      rows.push(`${id},"${t.replace(/"/g, '""')}",Misc,Team ${n % 3},2024-0${1 + (n % 3)}-1${n % 10} 09:00:00,New`);
      n++;
    }
  };
  add(A, 'A');
  add(B, 'B');
  add(C, 'C');
  NOISE.forEach((t, i) => add([t], `N${i}`));
  store = await openStore(dir);
  await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', rows.join('\n') + '\n')] });
}, 30_000);
afterAll(() => store.close());

describe('clusters on a hand-made set with three known families', () => {
  it('puts exactly each family together and the noise alone', async () => {
    expect(family.size).toBe(40);
    const res = await buildClusters(store, { minSize: 5, minWeeks: 1 });
    const rows = await store.all<{ id: string; cluster_id: string }>(
      'SELECT t.source_id AS id, c.cluster_id FROM ticket_cluster c JOIN ticket t USING (ticket_key) ORDER BY id',
    );
    expect(rows).toHaveLength(40);
    const members = new Map<string, Set<string>>();
    for (const r of rows) {
      const s = members.get(r.cluster_id) ?? new Set<string>();
      s.add(family.get(r.id)!);
      members.set(r.cluster_id, s);
    }
    // every cluster holds one family only, and every family sits in one cluster
    for (const s of members.values()) expect(s.size).toBe(1);
    const clusterOf = new Map(rows.map((r) => [family.get(r.id)!, r.cluster_id]));
    const sizes = new Map(res.clusters.map((c) => [c.id, c.size]));
    expect(sizes.get(clusterOf.get('A')!)).toBe(10);
    expect(sizes.get(clusterOf.get('B')!)).toBe(10);
    expect(sizes.get(clusterOf.get('C')!)).toBe(8);
    expect(res.clusters.filter((c) => c.size === 1)).toHaveLength(12);
    const a = res.clusters.find((c) => c.id === clusterOf.get('A'))!;
    expect(a.label).toBe('alert <host> disk usage <num>');
    expect(a.sample_ticket_ids).toHaveLength(5);
    expect(a.problem_candidate).toBe(true);
    expect(a.linked_problems).toEqual([]);
  });
});
