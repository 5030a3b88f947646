/**
 * src/clusters/clusters.sql on hand-made incidents, run the way `clusters` runs it (buildClusters): which tickets
 * share a cluster and why, each edge kind on its edge, and the summary figures, all derived by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters, type ClusterResult } from '../../src/clusters/cluster.js';
import type { Store } from '../../src/store/db.js';
import { storeWith, type Rec } from '../queries/harness.js';

// 62 incidents in scope (N, the IDF's total), and a request left out:
//   P  "Password reset needed" ×40                                  one node, n 40
//   A  "Outlook crashes at start" ×4, "start crashes Outlook" ×1 (same tokens {crashes, outlook, start}: one key),
//      "Outlok crashes at start" ×1: 'outlok' (1 ticket) is one edit from 'outlook' (5 tickets = 5 × 1, the
//      least that corrects it), same first letter, ≥ 4 letters → corrected: one node, n 6
//   D  "Festplatte voll" ×3, "Disk full" ×3, all in block Storage | Disk | Infra (3 fields filled). No shared
//      word; the block holds 6 / 62 = 0.0968 of the tickets, and each of the four words has 3 tickets, all in
//      the block (100 % ≥ 60 %, ≥ 3 tickets, 1 ≥ 10 × 0.0968 = 0.968): anchors. Both nodes sit wholly in the
//      block → one star: one cluster
//   V  "VPN tunnel keeps dropping connection hourly" ×2, "… daily" ×2: two nodes sharing 5 words of 6.
//      IDF w = ln(62 / tickets): the shared words 4 tickets each, w = ln 15.5 = 2.74084; hourly, daily 2 each,
//      w = ln 31 = 3.43399. Weighted Jaccard = 5·2.74084 / (2·(5·2.74084 + 3.43399) − 5·2.74084)
//      = 13.7042 / (34.2764 − 13.7042) = 13.7042 / 20.5722 = 0.666 ≥ 0.6 → an edge (Jaccard 0.67).
//      Their templates have 6 words and differ in one, but only 2 share the shape (< 3): no template edge.
//   J  "Job alpha|beta|gamma failed during nightly batch" ×1 each: 6-word templates equal but for word 2, 3 of
//      them → template edges ("job * failed during nightly batch")
//   S  no title, service Mail, CI EXCH01 ×2: keyed by the signature
//   X  no title and no fields ×1: a node of its own
// Clusters by size, ties by the least key: P 40 (CL00001); A 6 'T:crashes outlook start' before D 6 'T:disk full'
// (CL00002, CL00003); V 4; J 3; S 2; X 1. A label is the template of the cluster's largest node, ties the least key.
const rows: Rec[] = [];
const inc = (source_id: string, title: string | null, extra: Rec = {}) => rows.push({ source_id, kind: 'incident', title, opened_at: '2024-03-01 09:00:00', ...extra });
for (let i = 1; i <= 40; i++) inc(`P${i}`, 'Password reset needed', { assignment_group: 'SD' });
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
const block = { category: 'Storage', subcategory: 'Disk', assignment_group: 'Infra' };
for (let i = 1; i <= 3; i++) inc(`DF${i}`, 'Festplatte voll', block);
for (let i = 1; i <= 3; i++) inc(`DE${i}`, 'Disk full', block);
for (const w of ['hourly', 'daily']) for (let i = 1; i <= 2; i++) inc(`V${w[0]}${i}`, `VPN tunnel keeps dropping connection ${w}`);
for (const w of ['alpha', 'beta', 'gamma']) inc(`J${w}`, `Job ${w} failed during nightly batch`);
inc('S1', null, { service: 'Mail', ci_name: 'EXCH01' });
inc('S2', null, { service: 'Mail', ci_name: 'EXCH01' });
inc('X1', null);
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
    expect(result.tickets).toBe(62);
    expect(result.clusters.map((c) => [c.id, c.size, c.templates, c.label])).toEqual([
      ['CL00001', 40, 1, 'password reset needed'],
      ['CL00002', 6, 1, 'outlook crashes at start'],
      ['CL00003', 6, 2, 'disk full'],
      ['CL00004', 4, 2, 'vpn tunnel keeps dropping connection daily'],
      ['CL00005', 3, 3, 'job alpha failed during nightly batch'],
      ['CL00006', 2, 1, 'service=Mail ci=EXCH01'],
      ['CL00007', 1, 1, '(no text, no structured fields)'],
    ]);
    expect(tickets.R1).toBeUndefined();
    const byCluster = (id: string) => Object.keys(tickets).filter((k) => tickets[k]!.cluster_id === id).sort();
    expect(byCluster('CL00002')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(byCluster('CL00003')).toEqual(['DE1', 'DE2', 'DE3', 'DF1', 'DF2', 'DF3']);
    expect(byCluster('CL00004')).toEqual(['Vd1', 'Vd2', 'Vh1', 'Vh2']);
    expect(byCluster('CL00005')).toEqual(['Jalpha', 'Jbeta', 'Jgamma']);
    expect(byCluster('CL00006')).toEqual(['S1', 'S2']);
    expect(byCluster('CL00007')).toEqual(['X1']);
  });

  it('says why each ticket is in its cluster', () => {
    expect(tickets.P1!.why).toBe('same template as the label');
    expect(tickets.A6!.why).toBe('same template as the label'); // corrected into the label's node
    expect(tickets.A4!.why).toBe('same template as the label'); // the same words in another order
    expect(tickets.DE1!.why).toBe('same template as the label');
    // the anchor of the festplatte node: conc 1 and 3 tickets for both of its words, ties → the greatest word
    expect(tickets.DF1!.why).toBe('term "voll" specific to Storage | Disk | Infra | ');
    expect(tickets.Vd1!.why).toBe('same template as the label');
    expect(tickets.Vh1!.why).toBe('wording like "connection daily dropping keeps tunnel vpn" (Jaccard 0.67)');
    expect(tickets.Jalpha!.why).toBe('same template as the label');
    expect(tickets.Jbeta!.why).toBe('template with a variable word: "job * failed during nightly batch"');
    expect(tickets.Jgamma!.why).toBe('template with a variable word: "job * failed during nightly batch"');
    expect(tickets.S1!.why).toBe('same structured signature: service=Mail ci=EXCH01');
  });

  it('summarises a cluster: times, problems, top values, weeks, terms', () => {
    const a = result.clusters[1]!;
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
    // no ticket of P is resolved: 0 h in all, no median
    expect(result.clusters[0]).toMatchObject({ resolution_hours: 0, median_resolution_hours: null, linked_problems: [], top_group: { value: 'SD', share: 1 } });
    // 3 of 62 incidents name a problem
    expect(result.link_rate).toBeCloseTo(3 / 62, 12);
  });
});
