/** The clusters@1 document (`clusters --json`), its text for a terminal, and the per-incident assignments CSV. */
import { lit, type Store } from '../store/db.js';
import { csvSafeSql } from '../store/csv-safe.js';
import { CLUSTER_METHOD, type ClusterResult, type ClusterSummary, type ExportCarries } from './cluster.js';

export interface ClustersDocument {
  schema: 'itsm-lens/clusters@1';
  incidents: number;
  /** incidents in a cluster of their own (left out of `clusters`) */
  singletons: number;
  method: typeof CLUSTER_METHOD;
  candidate_rule: { min_size: number; min_weeks: number; q: number; link_rate: number };
  /** whether the loaded incidents carry a problem link and an assignment group at all (false: the export has none) */
  export_carries: ExportCarries;
  /** the clusters of two incidents or more, largest first */
  clusters: ClusterSummary[];
}

export function clustersDocument(res: ClusterResult, rule: { minSize: number; minWeeks: number; q: number }): ClustersDocument {
  const multi = res.clusters.filter((c) => c.size >= 2);
  return {
    schema: 'itsm-lens/clusters@1',
    incidents: res.tickets,
    singletons: res.clusters.length - multi.length,
    method: CLUSTER_METHOD,
    candidate_rule: { min_size: rule.minSize, min_weeks: rule.minWeeks, q: rule.q, link_rate: res.link_rate },
    export_carries: res.export_carries,
    clusters: multi,
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The 25 largest clusters, one line each, and a legend. */
export function renderClustersText(doc: ClustersDocument): string {
  const multi = doc.clusters;
  const out = [
    `incidents ${fmt(doc.incidents)} · clusters of 2+ ${fmt(multi.length)} · problem candidates ${fmt(multi.filter((c) => c.problem_candidate).length)}`,
    `${'id'.padEnd(8)} ${'size'.padStart(6)} ${'weeks'.padStart(5)} ${'median h'.padStart(9)} cand  ${'top group'.padEnd(24)} label`,
  ];
  for (const c of multi.slice(0, 25)) {
    out.push(
      `${c.id.padEnd(8)} ${String(c.size).padStart(6)} ${String(c.distinct_weeks).padStart(5)} ${(c.median_resolution_hours === null ? 'n/a' : c.median_resolution_hours.toFixed(1)).padStart(9)} ${c.problem_candidate ? 'yes ' : (c.linked_problems.length ? 'prb ' : '    ')}  ${String(c.top_group.value ?? '').slice(0, 24).padEnd(24)} ${c.label.slice(0, 60)}`,
    );
  }
  if (multi.length > 25) out.push(`… ${fmt(multi.length - 25)} more clusters: --json lists them all`);
  out.push(
    '',
    'size: incidents · weeks: distinct ISO weeks with one · median h: median hours to resolve (n/a: none resolved)',
    'cand: yes = a problem candidate (recurring, no problem record, unlinked beyond chance); prb = its incidents name a problem record',
  );
  // an empty field of the whole export says nothing about the organisation: said once, not read as "none linked"
  const absent = [!doc.export_carries.problem_link && 'no problem link (every recurring cluster is a candidate: chance cannot be told from neglect)', !doc.export_carries.assignment_group && 'no assignment group (top group stays empty)'].filter(Boolean);
  if (absent.length) out.push(`the export carries ${absent.join(' and ')}`);
  return out.join('\n');
}

/** `clusters --assignments FILE`: ticket_id, cluster_id, why, template for every incident (ticket_cluster, as buildClusters wrote it). */
export async function writeClusterAssignments(store: Store, path: string): Promise<void> {
  // text from tickets goes to a spreadsheet: cells that Excel would run as a formula are quoted with '
  await store.run(`COPY (SELECT ${csvSafeSql('coalesce(t.source_id, t.ticket_key)')} AS ticket_id, c.cluster_id, ${csvSafeSql('c.why')} AS why, ${csvSafeSql('c.template')} AS template
    FROM ticket_cluster c JOIN ticket t USING (ticket_key) ORDER BY c.cluster_id, ticket_id) TO ${lit(path)} (FORMAT csv, HEADER)`);
}
