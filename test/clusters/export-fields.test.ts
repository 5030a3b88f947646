/**
 * A field the export does not carry at all (problem_ref, assignment_group empty on every incident) is said to be
 * missing from the export, never read as the organisation's doing; a cluster's weeks are given out of the calendar
 * weeks it spans. Hand-made incidents, sentences derived by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters, type ClusterResult } from '../../src/clusters/cluster.js';
import { clusterSpanWeeks } from '../../src/clusters/candidates.js';
import { clustersDocument, renderClustersText } from '../../src/clusters/document.js';
import { recurringSentence } from '../../src/findings/recurring.js';
import type { Store } from '../../src/store/db.js';
import { storeWith, type Rec } from '../queries/harness.js';

// 12 incidents "VPN drops" on CI VPN-GW1: 4 on Mon 4 Mar 2024, 4 on Wed 13 Mar, 4 on Fri 29 Mar (09:00 … 09:03).
//   distinct ISO weeks: those of 4 Mar, 11 Mar and 25 Mar = 3 (≥ 3, and 12 ≥ 10 incidents: recurring)
//   span: Monday 4 Mar to Monday 25 Mar is 21 days = 3 weeks apart, so 4 calendar weeks counting both ends
//   (the week of 18 Mar has none): "in 3 of the 4 weeks from 4 Mar 2024 to 29 Mar 2024"
const vpn: Rec[] = ['2024-03-04', '2024-03-13', '2024-03-29'].flatMap((d) =>
  [0, 1, 2, 3].map((i) => ({ source_id: `V${d}-${i}`, kind: 'incident', title: 'VPN drops', ci_name: 'VPN-GW1', opened_at: `${d} 09:0${i}:00` })),
);
// one incident in January, outside the window clustered below (since 1 Mar), names a group and a problem record
const linked: Rec = { source_id: 'P1', kind: 'incident', title: 'Printer jam', assignment_group: 'Net', problem_ref: 'PRB9', opened_at: '2024-01-10 09:00:00' };

describe('an export without problem links or assignment groups', () => {
  let store: Store;
  let res: ClusterResult;
  beforeAll(async () => {
    store = await storeWith({ ticket: vpn });
    res = await buildClusters(store, { since: '2024-03-01' });
  }, 60_000);
  afterAll(() => store?.close());

  it('says the export carries neither, in the candidate reason, the sentence and the clusters text', () => {
    expect(res.export_carries).toEqual({ problem_link: false, assignment_group: false });
    const c = res.clusters[0]!;
    expect([c.size, c.distinct_weeks, c.problem_candidate]).toEqual([12, 3, true]);
    expect(c.candidate_reason).toBe('12 incidents in 3 distinct weeks, no problem record: the export carries no problem link (problem_ref empty on every incident), so chance cannot be told from neglect');
    expect(recurringSentence(c, res.export_carries)).toBe(
      `12 incidents like "${c.label}" recurred in 3 of the 4 weeks from 4 Mar 2024 to 29 Mar 2024, on VPN-GW1; the export carries no assignment group and no problem link.`,
    );
    const doc = clustersDocument(res, { minSize: 10, minWeeks: 3, q: 0.05 });
    expect(doc.export_carries).toEqual({ problem_link: false, assignment_group: false });
    expect(renderClustersText(doc)).toContain('the export carries no problem link (every recurring cluster is a candidate: chance cannot be told from neglect) and no assignment group (top group stays empty)');
  });
});

describe('an export that links problems, none of them in the window', () => {
  let store: Store;
  let res: ClusterResult;
  beforeAll(async () => {
    store = await storeWith({ ticket: [...vpn, linked] });
    res = await buildClusters(store, { since: '2024-03-01' });
  }, 60_000);
  afterAll(() => store?.close());

  it('says no incident in scope names a problem, and keeps "none is linked" and "no group named"', () => {
    expect(res.export_carries).toEqual({ problem_link: true, assignment_group: true });
    expect(res.link_rate).toBe(0);
    const c = res.clusters[0]!;
    expect(c.candidate_reason).toBe('12 incidents in 3 distinct weeks, no problem record: no incident in scope names one, so chance cannot be told from neglect');
    expect(recurringSentence(c, res.export_carries)).toBe(
      `12 incidents like "${c.label}" recurred in 3 of the 4 weeks from 4 Mar 2024 to 29 Mar 2024, no group named on VPN-GW1, and none is linked to a problem record.`,
    );
    expect(renderClustersText(clustersDocument(res, { minSize: 10, minWeeks: 3, q: 0.05 }))).not.toContain('the export carries');
  });
});

describe('the calendar weeks a cluster spans', () => {
  it('counts Monday-based weeks from the first incident to the last, both ends included', () => {
    // HPSM CL00001 with findings --month 2014-02: Wed 27 Mar 2013 (its Monday 25 Mar) to Fri 28 Feb 2014 (Monday
    // 24 Feb); 25 Mar 2013 + 52 weeks = 24 Mar 2014, 4 weeks after 24 Feb: 48 weeks apart, 49 counting both
    expect(clusterSpanWeeks('2013-03-27T10:07:53.000Z', '2014-02-28T16:00:00.000Z')).toBe(49);
    // a Sunday and the Monday after: two weeks; the same day: one
    expect(clusterSpanWeeks('2024-03-10T23:00:00Z', '2024-03-11T01:00:00Z')).toBe(2);
    expect(clusterSpanWeeks('2024-03-11T01:00:00Z', '2024-03-11T02:00:00Z')).toBe(1);
    expect(clusterSpanWeeks(null, '2024-03-11T02:00:00Z')).toBeNull();
  });

  it('says "each of the" when the cluster has an incident in every week of its span', () => {
    const c = { size: 30, label: 'x', first_seen: '2024-03-04T09:00:00Z', last_seen: '2024-03-20T09:00:00Z', distinct_weeks: 3, top_group: { value: 'SD', share: 1 }, top_ci: { value: null, share: 1 } };
    // 4 Mar (Mon) to 20 Mar (Wed, Monday 18 Mar): 2 weeks apart, 3 weeks
    expect(recurringSentence(c as never, { problem_link: true, assignment_group: true })).toBe(
      '30 incidents like "x" recurred in each of the 3 weeks from 4 Mar 2024 to 20 Mar 2024, mostly handled by SD, and none is linked to a problem record.',
    );
  });
});
