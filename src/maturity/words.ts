/**
 * Plain words for what the assessment tells a client: field labels instead of column names, record scopes
 * instead of SQL, formatted numbers and dates, and text shortened only at a word boundary with an ellipsis.
 * Every reason that reaches the text or the page is built from these, never from a query or a config key.
 */
import { FIELDS, type CanonicalTable } from '../store/schema.js';

/** One canonical field as a reader knows it ("the knowledge article used", "the contact channel"). */
export function fieldLabel(spec: string, table: CanonicalTable): string {
  const [t, col] = spec.includes('.') ? (spec.split('.', 2) as [CanonicalTable, string]) : [table, spec];
  const f = FIELDS[t]?.find((x) => x.name === col);
  const fromDescription = f && !f.doc.includes('|') ? f.doc.replace(/\s*\(.*\)\s*/g, ' ').split(' / ')[0]!.trim() : '';
  const label = LABELS[col] ?? (fromDescription || col.replace(/_/g, ' '));
  return t !== table ? `the ${TABLE_NOUN[t].one}'s ${label.replace(/^the /, '')}` : label;
}

/** Several field specs ('a|b' = either) in words. */
export function fieldsLabel(specs: string[], table: CanonicalTable): string {
  return specs.map((s) => s.split('|').map((a) => fieldLabel(a, table)).join(' or ')).join(' and ');
}

// the columns whose schema description reads badly in a sentence
const LABELS: Record<string, string> = {
  channel: 'the contact channel',
  sla_met: 'the SLA flag',
  due_at: 'the due date',
  knowledge_ref: 'the knowledge article',
  problem_ref: 'the linked problem',
  change_ref: 'the related change',
  caused_by_change_ref: 'the change that caused it',
  ci_name: 'the configuration item',
  reassignment_count: 'the reassignment count',
  reopen_count: 'the reopen count',
  reopened_at: 'the reopen time',
  first_response_at: 'the first response time',
  first_assigned_at: 'the first assignment time',
  resolution_code: 'the close code',
  assignment_group: 'the assignment group',
  requester: 'the requester',
  change_type: 'the change type',
  approval: 'the approval',
  outcome: 'the change outcome',
  root_cause: 'the root cause',
  known_error: 'the known-error flag',
  warranty_end: 'the warranty end',
  purchase_date: 'the purchase date',
  updated_at: 'the last update',
  resolved_at: 'the resolution time',
  closed_at: 'the closure time',
  opened_at: 'the opening time',
  planned_start: 'the planned start',
  actual_start: 'the actual start',
  class: 'the class',
  model: 'the model',
  status: 'the status',
  category: 'the category',
  priority: 'the priority',
  impact: 'the impact',
  urgency: 'the urgency',
  risk: 'the risk',
  cost: 'the cost',
};

export const TABLE_NOUN: Record<CanonicalTable, { one: string; many: string }> = {
  ticket: { one: 'ticket', many: 'tickets' },
  change: { one: 'change', many: 'changes' },
  problem: { one: 'problem', many: 'problems' },
  asset: { one: 'asset', many: 'assets' },
} as Record<CanonicalTable, { one: string; many: string }>;

// the scopes the default rubric uses, in words; any other is "records in this criterion's scope"
const SCOPES: Record<string, string> = {
  "kind = 'incident'": 'incidents',
  "kind = 'service_request'": 'service requests',
  "kind IN ('incident', 'service_request')": 'incidents or service requests',
  "kind IN ('incident', 'service_request', 'interaction')": 'incidents, requests or interactions',
  "kind = 'incident' AND priority <= 2": 'priority 1 or 2 incidents',
  "kind = 'incident' AND priority IS NOT NULL": 'incidents with a priority',
  "resolved_at IS NOT NULL OR status IN ('resolved', 'closed')": 'resolved problems',
  "status = 'in_use'": 'assets in use',
  "kind = 'incident' AND is_set(knowledge_ref) AND lower(knowledge_ref) NOT IN ('true', '1', 'yes', 'y')": 'incidents citing an article by its number',
  "coalesce(change_type, 'normal') <> 'standard'": 'normal and emergency changes',
  "coalesce(status, '') NOT IN ('retired', 'disposed')": 'assets not retired',
  "kind IN ('incident', 'service_request') AND sla_met IS NOT NULL": 'incidents or service requests with an SLA flag',
  "actual_start IS NOT NULL AND actual_end IS NOT NULL AND planned_start IS NOT NULL AND planned_end IS NOT NULL": 'changes with planned and actual windows',
};

/** The records a criterion looks at, in words ("incidents", "resolved problems"). */
export function scopeWords(table: CanonicalTable, where: string | undefined): string {
  const w = (where ?? 'true').trim();
  if (w === 'true' || w === "'true'") return TABLE_NOUN[table]?.many ?? 'records';
  return SCOPES[w] ?? `${TABLE_NOUN[table]?.many ?? 'records'} of the kind this criterion looks at`;
}

/** The locale numbers and dates are written in. */
export const LOCALE = 'en-GB';

export const fmtInt = (n: number) => Math.round(n).toLocaleString(LOCALE);
export const fmtPct = (x: number, digits = 1) => `${(100 * x).toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
export const fmtNum = (x: number) => x.toLocaleString(LOCALE, { maximumFractionDigits: 2 });

/** An ISO instant as a date a reader writes ("9 Sep 2011"); null as a dash. */
export function fmtDate(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Text shortened to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max / 2 ? cut.slice(0, at) : cut).replace(/[\s,;:(]+$/, '')}…`;
}
