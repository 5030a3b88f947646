/**
 * What each added generator format (one per tool adapter) writes and what its export can support, as data
 * with no imports, so that options.ts, sql.ts and truth.ts can read it without import cycles. The writers
 * themselves are in `formats/<tool>.ts`. ServiceNow, Jira and HPSM keep their own code paths (writers.ts).
 *
 * A KPI named in `nullKpis` gets `value: null` with that reason in truth.json: the export has no column the
 * adapter could compute it from, so kpi@1 must report it as unavailable too.
 */
export interface FormatTraits {
  /** tool name in truth.json notes */
  name: string;
  /** the ticket stream holds service requests (every 4th ticket, as ServiceNow) besides incidents */
  requests: boolean;
  /** change / problem exports written (otherwise the generator makes none and truth counts 0) */
  changes: boolean;
  problems: boolean;
  /** KPI id → why the export cannot support it (absent = supported: computed as for ServiceNow) */
  nullKpis: Partial<Record<'sla_attainment' | 'fcr' | 'reopen_rate' | 'change_success_rate', string>>;
  /** SQL for the ticket id of internal row `i` (truth.json's planted member ids) */
  ticketId: (i: string) => string;
  /** the columns planted patterns show in (truth.json planted.*.column) */
  groupColumn: string;
  categoryColumn: string;
  priorityScale: string;
  /** written timestamps have whole seconds (else minute-aligned) */
  seconds?: boolean;
  /** the export has no resolution time the adapter reads: truth's MTTR is null (n 0) with this reason */
  nullMttr?: string;
  /**
   * SQL over the internal ticket table for the SLA flag the adapter reads from this export, where it is not
   * made_sla on every ticket (NULL = the export carries no flag for the row); `t1` = the export time.
   */
  slaFlag?: (t1: number) => string;
  /** what that flag is (truth.json kpis.sla_attainment.definition) */
  slaDefinition?: string;
}

/** First response time written by the OTRS and Zammad writers: none for new and cancelled tickets. */
export const respondedAt = (t1: number) =>
  `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT), coalesce(resolved, ${t1 - 60})) END`;

export const FCR_DEF = 'first-assignment resolution (P2): resolved incidents with reassignment count = 0 and not reopened / resolved incidents';

export const TRAITS: Record<string, FormatTraits> = {
  remedy: {
    name: 'BMC Remedy / Helix ITSM',
    requests: true,
    changes: true,
    problems: true,
    nullKpis: {},
    ticketId: (i) => `'INC' || printf('%012d', (${i}) + 1)`,
    groupColumn: 'Assigned Group*+',
    categoryColumn: 'Operational Categorization Tier 1',
    priorityScale: 'Critical=1 .. Low=4',
  },
  freshservice: {
    name: 'Freshservice',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the Freshservice ticket export has no reassignment or reopen count (activities API only)',
      reopen_rate: 'the Freshservice ticket export has no reopen count (activities API only)',
      change_success_rate: 'no change export: Freshservice changes are known only from API field names [K], and they carry no outcome',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Group',
    categoryColumn: 'Category',
    priorityScale: 'Urgent=1 .. Low=4',
    seconds: true,
  },
  zendesk: {
    name: 'Zendesk',
    requests: true,
    changes: false,
    problems: true,
    nullKpis: {
      sla_attainment: 'the Zendesk CSV export has no SLA flag (SLAs are ticket metric events, API only)',
      change_success_rate: 'Zendesk has no change object',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Group',
    categoryColumn: 'Tags',
    priorityScale: 'Urgent=1 .. Low=4',
  },
  sdp: {
    name: 'ManageEngine ServiceDesk Plus',
    requests: true,
    changes: true,
    problems: false,
    nullKpis: {
      fcr: 'the ServiceDesk Plus request export has no reassignment count',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Group',
    categoryColumn: 'Category',
    priorityScale: 'High=1, Medium=2, Normal=3, Low=4',
  },
  glpi: {
    name: 'GLPI',
    requests: true,
    changes: true,
    problems: true,
    nullKpis: {
      fcr: 'GLPI exports no reassignment or reopen count (only the glpi_logs history has them)',
      reopen_rate: 'GLPI exports no reopen count (only the glpi_logs history has it)',
      change_success_rate: 'a GLPI change has no outcome field',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Assigned to - Technician group',
    categoryColumn: 'Category',
    priorityScale: 'Very high=1 .. Very low=5 (GLPI 5 Very high .. 1 Very low, reversed)',
  },
  topdesk: {
    name: 'TOPdesk',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      sla_attainment: 'the TOPdesk incident export has no SLA flag (only targetDate and completedDate)',
      fcr: 'the TOPdesk incident export has no reassignment or reopen count',
      reopen_rate: 'the TOPdesk incident export has no reopen count',
      change_success_rate: 'no change export: the operator-change fields are unverified [K] and have no outcome',
    },
    ticketId: (i) => `'I ' || strftime(ts(opened), '%y%m') || ' ' || printf('%04d', (${i}) + 1)`,
    groupColumn: 'operatorGroup.name',
    categoryColumn: 'category.name',
    priorityScale: 'P1=1 .. P4=4',
  },
  otrs: {
    name: 'Znuny / OTRS / OTOBO',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the OTRS ticket search export has no reassignment or reopen count (only ticket_history has them)',
      reopen_rate: 'the OTRS ticket search export has no reopen count (only ticket_history has it)',
      change_success_rate: 'no change export: the OTRS::ITSM change list is unverified [K] and its ChangeState has no "successful with issues"',
    },
    ticketId: (i) => `strftime(ts(opened), '%Y%m%d') || '10' || printf('%06d', (${i}) + 1)`,
    groupColumn: 'Queue',
    categoryColumn: 'Service',
    priorityScale: '5 very high=1 .. 1 very low=5 (OTRS higher = more urgent, reversed)',
    // SolutionDiffInMin on closed tickets; the adapter falls back per row to FirstResponseDiffInMin (240 min target)
    slaFlag: (t1) => `CASE WHEN resolved IS NOT NULL THEN made_sla ELSE (${respondedAt(t1)} - opened) // 60 <= 240 END`,
    slaDefinition: 'closed incidents: SolutionDiffInMin >= 0 (resolution target met); open answered ones: FirstResponseDiffInMin >= 0 (4 h response target; the adapter falls back per row); new and cancelled: no flag',
  },
  swsd: {
    name: 'SolarWinds Service Desk (Samanage)',
    requests: false,
    changes: false,
    problems: false,
    nullMttr: 'the SolarWinds Service Desk incident record has no resolution time (created_at, updated_at, due_at only)',
    nullKpis: {
      sla_attainment: 'sla_violations is a list whose shape is unverified; the adapter reads no SLA flag from it',
      fcr: 'the SolarWinds Service Desk incident record has no reassignment or reopen count',
      reopen_rate: 'the SolarWinds Service Desk incident record has no reopen count',
      change_success_rate: 'no change export written: SolarWinds Service Desk changes are not read by the adapter',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'assignee.group_name',
    categoryColumn: 'category.name',
    priorityScale: 'Critical=1 .. Low=4',
    seconds: true,
  },
  whd: {
    name: 'SolarWinds Web Help Desk',
    requests: false,
    changes: false,
    problems: false,
    nullMttr: 'the Web Help Desk ticket record has no resolution time (closeDate is the closing, read as closed_at)',
    nullKpis: {
      sla_attainment: 'the Web Help Desk ticket record has no SLA flag (dueDate vs closeDate would be a two-column comparison)',
      fcr: 'the Web Help Desk ticket record has no reassignment or reopen count',
      reopen_rate: 'the Web Help Desk ticket record has no reopen count',
      change_success_rate: 'Web Help Desk has no change object',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'techGroupLevel.shortLevelName',
    categoryColumn: 'problemtype.detailDisplayName',
    priorityScale: 'Urgent=1 .. Low=4',
  },
  rt: {
    name: 'Request Tracker',
    requests: false,
    changes: false,
    problems: false,
    nullKpis: {
      sla_attainment: 'Results.tsv has no SLA flag (Due vs Resolved would be a two-column comparison)',
      fcr: 'Results.tsv has no reassignment or reopen count (only the transactions have them)',
      reopen_rate: 'Results.tsv has no reopen count (only the transactions have it)',
      change_success_rate: 'Request Tracker has no change object',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Queue',
    categoryColumn: 'CF.{Category}',
    priorityScale: 'numeric 0..99, higher = more urgent (reversed): 90/70/50/20/10 written for 1..5; the adapter buckets 67+ → 2, 34..66 → 3, 0..33 → 4',
    seconds: true,
  },
  motadata: {
    name: 'Motadata ServiceOps',
    requests: true,
    changes: false,
    problems: false,
    nullMttr: 'the Motadata request record has no resolution time (createdTime, updatedTime only)',
    nullKpis: {
      sla_attainment: 'the Motadata request record has no SLA flag',
      fcr: 'the Motadata request record has no reassignment or reopen count',
      reopen_rate: 'the Motadata request record has no reopen count',
      change_success_rate: 'no change export written: Motadata changes are not read by the adapter',
    },
    ticketId: (i) => `'INC-' || ((${i}) + 1)`,
    groupColumn: 'groupName',
    categoryColumn: 'categoryName',
    priorityScale: 'Urgent=1 .. Low=4',
    seconds: true,
  },
  ninjaone: {
    name: 'NinjaOne ticketing',
    requests: true,
    changes: false,
    problems: false,
    nullMttr: 'the NinjaOne ticket record has no resolution time (createTime only)',
    nullKpis: {
      sla_attainment: 'the NinjaOne ticket record has no SLA flag',
      fcr: 'the NinjaOne ticket record has no reassignment or reopen count',
      reopen_rate: 'the NinjaOne ticket record has no reopen count',
      change_success_rate: 'NinjaOne has no change object',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'tags',
    categoryColumn: 'tags',
    priorityScale: 'URGENT=1 .. LOW=4',
    seconds: true,
  },
  monday: {
    name: 'monday service',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the monday service Tickets board has no reassignment or reopen count',
      reopen_rate: 'the monday service Tickets board has no reopen count',
      change_success_rate: 'no change board written: its columns are user-designed and carry no outcome the adapter reads',
    },
    ticketId: (i) => `(1800000000 + (${i}))::VARCHAR`,
    groupColumn: 'Team',
    categoryColumn: 'Category',
    priorityScale: 'Critical=1 .. Low=4',
  },
  itop: {
    name: 'iTop',
    requests: true,
    changes: true,
    problems: false,
    nullKpis: {
      fcr: 'the iTop UserRequest export has no reassignment or reopen count (case log / history only)',
      reopen_rate: 'the iTop UserRequest export has no reopen count (history only)',
      change_success_rate: 'an iTop change has no outcome attribute (closed vs rejected / notapproved only)',
    },
    ticketId: (i) => `'R-' || printf('%06d', (${i}) + 1)`,
    groupColumn: 'team_id_friendlyname',
    categoryColumn: 'service_id_friendlyname',
    priorityScale: '1 Critical=1 .. 4 Low=4 (same direction)',
  },
  ivanti: {
    name: 'Ivanti Neurons for ITSM / Service Manager (HEAT)',
    requests: true,
    changes: true,
    problems: true,
    nullKpis: {
      sla_attainment: 'the Ivanti incident record has no SLA flag (met/breached lives in escalation-watch records, Frs_EscalationWatch)',
      fcr: 'the Ivanti incident record has no reassignment count (FirstCallResolution is an agent checkbox, read for interactions only)',
      reopen_rate: 'the Ivanti incident record has no reopen count',
      change_success_rate: 'the Ivanti Change record has no outcome field the adapter reads [K]',
    },
    ticketId: (i) => `((${i}) - (${i}) // 4 + 10000)::VARCHAR`,
    groupColumn: 'OwnerTeam',
    categoryColumn: 'Category',
    priorityScale: '1=1 .. 5=5 (1 highest, same direction)',
  },
  zammad: {
    name: 'Zammad',
    requests: false,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the Zammad ticket export has no reassignment or reopen count (history only)',
      reopen_rate: 'the Zammad ticket export has no reopen count (history only)',
      change_success_rate: 'Zammad has no change module',
    },
    ticketId: (i) => `(31000 + (${i}) + 1)::VARCHAR`,
    groupColumn: 'Group',
    categoryColumn: 'Tags',
    priorityScale: '3 high=2, 2 normal=3, 1 low=4 (Zammad higher = more urgent, reversed)',
    // Close Diff In Min on closed tickets; the adapter falls back per row to First Response Diff In Min (240 min target)
    slaFlag: (t1) => `CASE WHEN resolved IS NOT NULL THEN made_sla ELSE (${respondedAt(t1)} - opened) // 60 <= 240 END`,
    slaDefinition: 'closed incidents: Close Diff In Min >= 0 (resolution target met); open answered ones: First Response Diff In Min >= 0 (4 h response target; the adapter falls back per row); new and cancelled: no flag',
  },
  cherwell: {
    name: 'Cherwell Service Management (Ivanti)',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the Cherwell incident export has no reassignment count (Stat_NumberOfEscalations is not one, not mapped)',
      change_success_rate: 'no change export: no verified Cherwell change headers, none written',
    },
    ticketId: (i) => `(100000 + (${i}) + 1)::VARCHAR`,
    groupColumn: 'OwnedByTeam',
    categoryColumn: 'Category',
    priorityScale: '1=1 .. 5=5 (1 highest, same direction)',
  },
  freshdesk: {
    name: 'Freshdesk',
    requests: true,
    changes: false,
    problems: false,
    nullKpis: {
      fcr: 'the Freshdesk ticket export has no reassignment or reopen count (activities API only)',
      reopen_rate: 'the Freshdesk ticket export has no reopen count (activities API only)',
      change_success_rate: 'Freshdesk has no change object',
    },
    ticketId: (i) => `((${i}) + 1)::VARCHAR`,
    groupColumn: 'Group',
    categoryColumn: 'Tags',
    priorityScale: 'Urgent=1 .. Low=4',
    seconds: true,
  },
};
