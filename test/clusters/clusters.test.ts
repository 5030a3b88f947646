/**
 * src/clusters/clusters.sql on hand-made incidents, run the way `clusters` runs it (buildClusters): which tickets
 * share a cluster and why, each rule on its edge, and the summary figures, all derived by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters, type ClusterResult } from '../../src/clusters/cluster.js';
import type { Store } from '../../src/store/db.js';
import { storeWith, type Rec } from '../queries/harness.js';

// 154 incidents in scope (N, the IDF's and the block shares' total), and a request left out. Opened 1 Mar 2024
// 09:00 unless said otherwise.
//   P  "Password reset needed" ×120, and "Password rest needed" ×1: 'rest' (4 letters, the shortest corrected)
//      is one edit from 'reset' (120 tickets ≥ 5 × 1), same first letter → corrected: one node, n 121
//   PP "Password preset needed" ×1: 'preset' is one edit from 'reset' too, but starts with another letter: not
//      corrected; it shares only 'password' and 'needed' (122 tickets each: weight ln(154/122) = 0.23) with P,
//      against its own 'preset' (ln 154 = 5.04): far below 0.6 → a cluster of its own
//   A  "Outlook crashes at start" ×4, "start crashes Outlook" ×1 (the same tokens: one key), "Outlok crashes at
//      start" ×1: 'outlok' (1 ticket) is one edit from 'outlook' (5 tickets = 5 × 1, the least that corrects
//      it) → one node, n 6
//   D  block Storage |  | Infra | (category and group: 2 fields, the fewest that make a block):
//      "Festplatte voll" ×3 in the block and ×2 without fields: the node has 5 tickets, 3 / 5 = 0.6 of them in
//        the block (the least that puts a node in a block's star); its words: 3 of 5 tickets in the block =
//        0.6 × 5 (the least share for an anchor), k 3 (the least count); the block holds 9 of 154 tickets,
//        0.6 ≥ 10 × 9/154 = 0.584 → anchors
//      "HDD full" ×3 in the block: 'full' 3 of 3 (conc 1) → anchor; 'hdd' (3 letters, the shortest anchor)
//        5 of its 7 tickets in the block (with Y's two) = 0.714 → anchor. The node's term: the higher share, 'full'
//      "HDD defekt" ×4, 2 in the block and 2 in block Hardware |  | Infra |: its dominant block is a tie (2 and
//        2) broken by name, Storage; 2 / 4 = 0.5 < 0.6 of its tickets there: not in the star, though it carries
//        the anchor 'hdd'. As text it shares only 'hdd' with "HDD full": ln(154/7) / (ln 22 + ln 38.5 +
//        ln 51.3) = 0.289 < 0.6 → a cluster of its own (Y)
//      "Speicher knapp" ×1 in the block: 1 ticket per word, no anchor → not in the star: its own cluster
//      The star joins the festplatte and hdd-full nodes (no shared word): 8 tickets; label: the larger node
//   V  "VPN tunnel keeps dropping connection hourly" ×2, "… daily" ×2: two nodes sharing 5 words of 6.
//      IDF w = ln(154 / tickets): the shared words 4 tickets each, ln 38.5 = 3.65066; hourly, daily 2 each,
//      ln 77 = 4.34381. Weighted Jaccard = 5·3.65066 / (2·(5·3.65066 + 4.34381) − 5·3.65066)
//      = 18.2533 / (45.1942 − 18.2533) = 18.2533 / 26.9409 = 0.6775 ≥ 0.6 → an edge (Jaccard 0.68).
//      Their templates have 6 words and differ in one, but only 2 share the shape (< 3): no template edge
//   J  "Job alpha|beta|gamma failed in the batch" ×1 each: 6-word templates (the fewest) equal but for word 2,
//      3 of them (the fewest) → template edges. As text they share job, failed, batch (3 tickets each, ln 51.33
//      = 3.93834) against one own word (ln 154 = 5.03695): 11.8150 / (2·16.8520 − 11.8150) = 0.540 < 0.6, no
//      text edge: the template edges alone join them
//   K  "UI freezes" ×2 with a description: two words ('ui' has 2 letters, the shortest token) are enough, the
//      description is not read. Resolved after 0 h and 3 h: total 3 h, median 1.5; service Desktop on one
//   G  "Broken" with an e-mail description: one word says too little, the gist of the description is added:
//      greeting and signature dropped → "broken scanner jams"
//   S  no title, service Mail, CI EXCH01 ×2: keyed by the signature
//   X  no title, no fields, no opened time ×1: a node of its own
// Clusters by size, ties by the least key ('#' < 'S:' < 'T:'): P 121, D 8, A 6, V 4 and Y 4 ('T:connection…' <
// 'T:defekt hdd'), J 3, S 2, K 2, then the single ones X '#t:X1', G 'T:broken jams scanner', DS 'T:knapp
// speicher', PP 'T:needed password preset'.
const rows: Rec[] = [];
const inc = (source_id: string, title: string | null, extra: Rec = {}) => rows.push({ source_id, kind: 'incident', title, opened_at: '2024-03-01 09:00:00', ...extra });
for (let i = 1; i <= 120; i++) inc(`P${i}`, 'Password reset needed', { assignment_group: 'SD' });
inc('PR', 'Password rest needed', { assignment_group: 'SD' });
inc('PP', 'Password preset needed');
// A: opened, resolved, group, problem, picked so that the summary can be derived:
//   resolved after 2, 4, 6 h, one reversed (left out), one open, one after 24 h: total 36 h, median of
//   2 4 6 24 = 5; problems PRB1 (twice), PRB2, one blank: 2 distinct, 3 tickets; group Mail 4 of 6 = 0.6667;
//   ISO weeks 2024-W10 (4, 5 Mar), W11 (12, 13 Mar), W12 (19, 20 Mar): 2 each
inc('A1', 'Outlook crashes at start', { opened_at: '2024-03-04 09:00:00', resolved_at: '2024-03-04 11:00:00', assignment_group: 'Mail', problem_ref: 'PRB1', ci_name: 'PC1' });
inc('A2', 'Outlook crashes at start', { opened_at: '2024-03-05 09:00:00', resolved_at: '2024-03-05 13:00:00', assignment_group: 'Mail', problem_ref: '', ci_name: 'PC1' });
inc('A3', 'Outlook crashes at start', { opened_at: '2024-03-12 09:00:00', resolved_at: '2024-03-12 15:00:00', assignment_group: 'Desk', problem_ref: 'PRB2' });
inc('A4', 'start crashes Outlook', { opened_at: '2024-03-13 09:00:00', resolved_at: '2024-03-13 08:00:00', assignment_group: 'Mail' });
inc('A5', 'Outlook crashes at start', { opened_at: '2024-03-19 09:00:00', problem_ref: 'PRB1' });
inc('A6', 'Outlok crashes at start', { opened_at: '2024-03-20 09:00:00', resolved_at: '2024-03-21 09:00:00', assignment_group: 'Mail' });
const block = { category: 'Storage', assignment_group: 'Infra' };
for (let i = 1; i <= 3; i++) inc(`DF${i}`, 'Festplatte voll', block);
for (let i = 4; i <= 5; i++) inc(`DF${i}`, 'Festplatte voll');
for (let i = 1; i <= 3; i++) inc(`DH${i}`, 'HDD full', block);
inc('DS', 'Speicher knapp', block);
for (let i = 1; i <= 4; i++) inc(`Y${i}`, 'HDD defekt', i <= 2 ? block : { category: 'Hardware', assignment_group: 'Infra' });
for (const w of ['hourly', 'daily']) for (let i = 1; i <= 2; i++) inc(`V${w[0]}${i}`, `VPN tunnel keeps dropping connection ${w}`);
for (const w of ['alpha', 'beta', 'gamma']) inc(`J${w}`, `Job ${w} failed in the batch`);
inc('K1', 'UI freezes', { description: 'Screen goes blank', resolved_at: '2024-03-01 09:00:00', service: 'Desktop' });
inc('K2', 'UI freezes', { description: 'Screen goes blank', resolved_at: '2024-03-01 12:00:00' });
inc('G', 'Broken', { description: 'Hello team,\nscanner jams\nBest regards, Tom' });
inc('S1', null, { service: 'Mail', ci_name: 'EXCH01' });
inc('S2', null, { service: 'Mail', ci_name: 'EXCH01' });
inc('X1', null, { opened_at: null });
rows.push({ source_id: 'R1', kind: 'service_request', title: 'Password reset needed', opened_at: '2024-03-01 09:00:00' });

let store: Store;
let result: ClusterResult;
let tickets: Record<string, { cluster_id: string; why: string }>;
beforeAll(async () => {
  store = await storeWith({ ticket: rows });
  result = await buildClusters(store);
  const tc = await store.all<{ id: string; cluster_id: string; why: string }>(
    `SELECT t.source_id AS id, c.cluster_id, c.why FROM ticket_cluster c JOIN ticket t USING (ticket_key)`,
  );
  tickets = Object.fromEntries(tc.map((r) => [r.id, { cluster_id: r.cluster_id, why: r.why }]));
});
afterAll(() => store?.close());

describe('clusters.sql', () => {
  it('groups the incidents (not the request) into the clusters derived by hand, largest first', () => {
    expect(result.tickets).toBe(154);
    expect(result.clusters.map((c) => [c.id, c.size, c.templates, c.label])).toEqual([
      ['CL00001', 121, 1, 'password reset needed'],
      ['CL00002', 8, 2, 'festplatte voll'],
      ['CL00003', 6, 1, 'outlook crashes at start'],
      ['CL00004', 4, 2, 'vpn tunnel keeps dropping connection daily'],
      ['CL00005', 4, 1, 'hdd defekt'],
      ['CL00006', 3, 3, 'job alpha failed in the batch'],
      ['CL00007', 2, 1, 'service=Mail ci=EXCH01'],
      ['CL00008', 2, 1, 'ui freezes'],
      ['CL00009', 1, 1, '(no text, no structured fields)'],
      ['CL00010', 1, 1, 'broken scanner jams'],
      ['CL00011', 1, 1, 'speicher knapp'],
      ['CL00012', 1, 1, 'password preset needed'],
    ]);
    expect(tickets.R1).toBeUndefined();
    const byCluster = (id: string) => Object.keys(tickets).filter((k) => tickets[k]!.cluster_id === id).sort();
    expect(byCluster('CL00001')).toContain('PR');
    expect(byCluster('CL00002')).toEqual(['DF1', 'DF2', 'DF3', 'DF4', 'DF5', 'DH1', 'DH2', 'DH3']);
    expect(byCluster('CL00003')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(byCluster('CL00004')).toEqual(['Vd1', 'Vd2', 'Vh1', 'Vh2']);
    expect(byCluster('CL00005')).toEqual(['Y1', 'Y2', 'Y3', 'Y4']);
    expect(byCluster('CL00006')).toEqual(['Jalpha', 'Jbeta', 'Jgamma']);
    expect(byCluster('CL00007')).toEqual(['S1', 'S2']);
    expect(byCluster('CL00008')).toEqual(['K1', 'K2']);
    // every component here is a star (each node next to its least one): one round of label propagation settles
    // them, and the second finds nothing to change
    expect(result.rounds).toBe(1);
  });

  it('says why each ticket is in its cluster', () => {
    expect(tickets.P1!.why).toBe('same template as the label');
    expect(tickets.PR!.why).toBe('same template as the label'); // corrected into the label's node
    expect(tickets.A6!.why).toBe('same template as the label');
    expect(tickets.A4!.why).toBe('same template as the label'); // the same words in another order
    expect(tickets.DF4!.why).toBe('same template as the label');
    // the hdd-full node's anchors: 'full' 3 of 3 tickets in the block, 'hdd' 5 of 7: the higher share
    expect(tickets.DH1!.why).toBe('term "full" specific to Storage |  | Infra | ');
    expect(tickets.Vd1!.why).toBe('same template as the label');
    expect(tickets.Vh1!.why).toBe('wording like "connection daily dropping keeps tunnel vpn" (Jaccard 0.68)');
    expect(tickets.Jalpha!.why).toBe('same template as the label');
    expect(tickets.Jbeta!.why).toBe('template with a variable word: "job * failed in the batch"');
    expect(tickets.Jgamma!.why).toBe('template with a variable word: "job * failed in the batch"');
    expect(tickets.S1!.why).toBe('same structured signature: service=Mail ci=EXCH01');
    expect(tickets.K1!.why).toBe('same template as the label');
  });

  it('summarises a cluster: times, problems, top values, weeks, terms', () => {
    const a = result.clusters[2]!;
    expect(a).toMatchObject({
      resolution_hours: 36, // 2 + 4 + 6 + 24; A4 reversed and A5 open left out
      median_resolution_hours: 5, // (4 + 6) / 2
      linked_problems: ['PRB1', 'PRB2'],
      linked_tickets: 3, // A1, A3, A5 (A2's blank is no link)
      sample_ticket_ids: ['A1', 'A2', 'A3', 'A4', 'A5'], // the five opened first
      distinct_weeks: 3,
      weekly: [{ week: '2024-W10', n: 2 }, { week: '2024-W11', n: 2 }, { week: '2024-W12', n: 2 }],
      top_terms: ['crashes', 'outlook', 'start'], // 6 tickets each: by word
      top_group: { value: 'Mail', share: 0.6667 }, // 4 of 6
      top_ci: { value: null, share: 0.6667 }, // no CI on 4 of 6, PC1 on 2
    });
    expect(new Date(a.first_seen as unknown as string).toISOString()).toBe('2024-03-04T09:00:00.000Z');
    expect(new Date(a.last_seen as unknown as string).toISOString()).toBe('2024-03-20T09:00:00.000Z');
    // K: resolved after 0 h (counted: 0 h is a resolution) and 3 h: total 3, median 1.5; 'ui' is a term;
    // service Desktop on 1 of 2 (a tie with none: the value first)
    expect(result.clusters[7]).toMatchObject({
      resolution_hours: 3, median_resolution_hours: 1.5, top_terms: ['freezes', 'ui'], top_service: { value: 'Desktop', share: 0.5 },
    });
    // D: category Storage on 6 of 8 (DF4, DF5 have none)
    expect(result.clusters[1]!.top_category).toEqual({ value: 'Storage', share: 0.75 });
    // X: no opened time: no week at all
    expect(result.clusters[8]).toMatchObject({ size: 1, distinct_weeks: 0, weekly: [], first_seen: null });
    // no ticket of P is resolved: 0 h in all, no median
    expect(result.clusters[0]).toMatchObject({ resolution_hours: 0, median_resolution_hours: null, linked_problems: [], top_group: { value: 'SD', share: 1 } });
    // 3 of 154 incidents name a problem
    expect(result.link_rate).toBeCloseTo(3 / 154, 12);
  });

  it('clusters only the incidents opened on or after `since`', async () => {
    // since = A1's opened time exactly: A1 … A6 are in, everything opened 1 Mar is out
    const since = await buildClusters(store, { since: '2024-03-04T09:00:00Z' });
    expect(since.clusters.map((c) => [c.size, c.label])).toEqual([[6, 'outlook crashes at start']]);
  });

  it('clusters only the incidents opened before `until` (exclusive)', async () => {
    // since A1's opened time, until A5's exactly: A1 … A4 (4, 5, 12, 13 Mar) are in, A5 (19 Mar 09:00) and A6 out
    const window = await buildClusters(store, { since: '2024-03-04T09:00:00Z', until: '2024-03-19T09:00:00Z' });
    expect(window.clusters.map((c) => [c.size, c.label])).toEqual([[4, 'outlook crashes at start']]);
    expect(window.tickets).toBe(4);
  });

  it("writes ticket_cluster only when asked (the same clusters either way), and leaves no earlier run's behind", async () => {
    const tables = async () => (await store.all<{ n: number }>("SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'ticket_cluster'"))[0]!.n;
    await buildClusters(store);
    expect(await tables()).toBe(1);
    const summariesOnly = await buildClusters(store, { ticketClusters: false });
    expect(await tables()).toBe(0);
    expect(summariesOnly).toEqual(result);
  });
});
