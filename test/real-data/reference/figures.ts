/**
 * The figures the real-data suite pins, each one reproduced by a plain SQL script over the raw file in this
 * folder (servicenow-uci.sql, hpsm-bpi2014.sql), which test/real-data/reference.test.ts runs against these
 * values. The tests of itsm-lens read their expectations from here, so a pinned figure cannot drift from its
 * independent computation. Names are the scripts' `figure` column.
 */
export const SERVICENOW_UCI = {
  events: 119998,
  incidents: 20769,
  sla_met: 12595,
  resolved: 19351,
  mttr_median_hours: 24.6,
  mttr_mean_hours: 187.7,
  reopened: 234,
  reopened_resolved: 233,
  never_reassigned_pct: 52.61,
  with_problem: 324,
  problems: 207,
  with_rfc: 157,
  resolved_by_first_group: 10911,
  fcr_first_group: 0.563847,
  hold_share_with_hold: 0.261278,
  hold_mean_hours: 73.0873,
  net_of_hold_median_hours: 9.1,
  net_of_hold_mean_hours: 114.5908,
  resolved_with_group_pct: 88.9,
  knowledge_linked_pct: 17.6,
  sla_pct_p1: 2.27, sla_pct_p1_n: 220,
  sla_pct_p2: 0.3, sla_pct_p2_n: 337,
  sla_pct_p3: 61.62, sla_pct_p3_n: 19554,
  sla_pct_p4: 81.91, sla_pct_p4_n: 658,
  first_opened_yyyymmdd: 20160229,
  last_opened_yyyymmdd: 20160513,
} as const;

export const HPSM_BPI2014 = {
  incident_lines: 46809,
  incidents: 46606,
  resolved: 44826,
  mttr_median_hours: 18.76,
  mttr_mean_hours: 124.65,
  never_reassigned_pct: 58.94,
  reopened: 2284,
  km_numbers: 1825,
  with_change: 560,
  categorised_pct: 19,
  priority_1: 3, priority_2: 697, priority_3: 6703, priority_4: 22717, priority_5: 16486,
  feb2014_services_named: 199,
  feb2014_services_down: 3,
  first_opened_yyyymmdd: 20120205,
  last_opened_yyyymmdd: 20140331,
  interactions: 147004,
  fcr_flag_pct: 63.94,
  change_rows: 30275,
  changes: 18000,
  emergency_changes: 35,
  cab_changes: 374,
} as const;
