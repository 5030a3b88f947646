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
}

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
};
