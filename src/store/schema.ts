/**
 * The canonical model: every table and column the store holds, declared once. The DDL, the mapping
 * compiler and the docs (`itsm-lens sources`) all read this list, so a new field is added here only.
 *
 * Conventions: timestamps are UTC instants (TIMESTAMPTZ); `priority`/`impact`/`urgency`/`risk` run
 * 1 = most urgent; an enumerated or parsed field marked `raw` keeps the export's original text beside it
 * as `<name>_raw`, because vocabularies are customised per instance and users must be able to check us.
 */

export type FieldType = 'text' | 'timestamp' | 'date' | 'int' | 'number' | 'bool' | 'enum';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** keep the export's text beside the canonical value as `<name>_raw` */
  raw?: boolean;
  doc: string;
}

export type CanonicalTable = 'ticket' | 'change' | 'problem' | 'asset';

const t = (name: string, type: FieldType, doc: string, raw = false): FieldDef => ({ name, type, doc, raw });

/** Columns every canonical record table starts with (not mapped from exports; filled by ingest). */
export const PROVENANCE_COLUMNS = [
  'file_id VARCHAR', // sha256 of the source file
  'source_row BIGINT', // line of the record in its file (header = line 1)
  'source_tool VARCHAR',
  'source_table VARCHAR',
];

export const FIELDS: Record<CanonicalTable, FieldDef[]> = {
  ticket: [
    t('source_id', 'text', 'the ticket number as the tool shows it (INC0010001, IM0000004, HIVE-123)'),
    t('kind', 'enum', 'incident | service_request | interaction | other', true),
    t('title', 'text', 'short description / summary'),
    t('description', 'text', 'long description'),
    t('status', 'enum', 'new | assigned | in_progress | pending | resolved | closed | cancelled | other', true),
    t('priority', 'int', 'priority, 1 = most urgent', true),
    t('impact', 'int', 'impact, 1 = highest', true),
    t('urgency', 'int', 'urgency, 1 = highest', true),
    t('category', 'text', 'category'),
    t('subcategory', 'text', 'subcategory'),
    t('symptom', 'text', 'symptom code'),
    t('service', 'text', 'business service / service component'),
    t('ci_name', 'text', 'configuration item affected'),
    t('ci_type', 'text', 'class of the configuration item'),
    t('assignment_group', 'text', 'assignment group (latest)'),
    t('assignee', 'text', 'assignee (latest)'),
    t('requester', 'text', 'caller / requester / reporter'),
    t('opened_by', 'text', 'who logged it'),
    t('location', 'text', 'location'),
    t('channel', 'enum', 'email | phone | portal | chat | walk_in | monitoring | api | other', true),
    t('opened_at', 'timestamp', 'when the user reported it (start of every duration)', true),
    t('first_assigned_at', 'timestamp', 'first time an assignee or group was set (event logs)'),
    t('first_response_at', 'timestamp', 'first response / acknowledgement', true),
    t('resolved_at', 'timestamp', 'when the fix was delivered', true),
    t('closed_at', 'timestamp', 'when it was administratively closed', true),
    t('reopened_at', 'timestamp', 'last reopen time', true),
    t('updated_at', 'timestamp', 'last update', true),
    t('due_at', 'timestamp', 'resolution due date', true),
    t('sla_met', 'bool', "the export's own overall SLA flag (ServiceNow made_sla)", true),
    t('first_contact_resolved', 'bool', "the export's own first-call/contact resolution flag", true),
    t('reopen_count', 'int', 'times reopened'),
    t('reassignment_count', 'int', 'times reassigned'),
    t('handle_time_hours', 'number', 'time worked / agent handle time in hours, as logged (ServiceNow time_worked, Jira Time Spent, RT TimeWorked, GLPI actiontime, HPSM handle time): the hourly cost model reads it'),
    t('resolution_code', 'text', 'close / resolution code'),
    t('problem_ref', 'text', 'linked problem'),
    t('change_ref', 'text', 'related change (rfc)'),
    t('caused_by_change_ref', 'text', 'change that caused it'),
    t('related_ticket_ref', 'text', 'related interaction / incident / parent'),
    t('knowledge_ref', 'text', 'knowledge article used'),
    t('resolved_by', 'text', 'who resolved it'),
    t('csat_score', 'number', 'satisfaction score normalised to 0..1', true),
    t('major_incident', 'bool', 'the tool marks it a major incident (ServiceNow major_incident_state, Freshservice Major incident type, TOPdesk majorCall, every Statuspage incident)', true),
  ],
  change: [
    t('source_id', 'text', 'the change number (CHG0030001, C00000003)'),
    t('title', 'text', 'short description'),
    t('change_type', 'enum', 'standard | normal | emergency | other', true),
    t('status', 'enum', 'draft | assess | authorize | scheduled | implement | review | closed | cancelled | other', true),
    t('risk', 'int', 'risk, 1 = highest', true),
    t('priority', 'int', 'priority, 1 = most urgent', true),
    t('emergency', 'bool', 'flagged as an emergency change', true),
    t('cab_required', 'bool', 'CAB approval needed', true),
    t('approval', 'enum', 'not_requested | requested | approved | rejected | other', true),
    t('outcome', 'enum', 'successful | successful_with_issues | unsuccessful | backed_out | cancelled | other', true),
    t('category', 'text', 'category / change model'),
    t('ci_name', 'text', 'first affected CI (all of them are in change_ci)'),
    t('ci_type', 'text', 'class of the first affected CI'),
    t('service', 'text', 'service'),
    t('assignment_group', 'text', 'assignment group'),
    t('assignee', 'text', 'assignee'),
    t('requested_by', 'text', 'requester'),
    t('origin', 'text', 'what the change originated from (problem, incident …)'),
    t('opened_at', 'timestamp', 'record opened', true),
    t('closed_at', 'timestamp', 'record closed', true),
    t('planned_start', 'timestamp', 'planned start', true),
    t('planned_end', 'timestamp', 'planned end', true),
    t('actual_start', 'timestamp', 'actual start', true),
    t('actual_end', 'timestamp', 'actual end', true),
  ],
  problem: [
    t('source_id', 'text', 'the problem number'),
    t('title', 'text', 'short description'),
    t('status', 'enum', 'new | assess | root_cause_analysis | fix_in_progress | resolved | closed | cancelled | other', true),
    t('priority', 'int', 'priority, 1 = most urgent', true),
    t('known_error', 'bool', 'flagged as a known error', true),
    t('category', 'text', 'category'),
    t('ci_name', 'text', 'configuration item'),
    t('service', 'text', 'service'),
    t('assignment_group', 'text', 'assignment group'),
    t('assignee', 'text', 'assignee'),
    t('root_cause', 'text', 'cause notes'),
    t('workaround', 'text', 'workaround'),
    t('change_ref', 'text', 'fixing change'),
    t('opened_at', 'timestamp', 'opened', true),
    t('resolved_at', 'timestamp', 'resolved', true),
    t('closed_at', 'timestamp', 'closed', true),
  ],
  asset: [
    t('source_id', 'text', 'asset tag / CI name / id'),
    t('name', 'text', 'display name'),
    t('asset_tag', 'text', 'asset tag'),
    t('serial_number', 'text', 'serial number'),
    t('class', 'text', 'class (computer, server, network, application …)', true),
    t('status', 'enum', 'in_use | in_stock | on_order | in_maintenance | retired | disposed | missing | other', true),
    t('model_category', 'text', 'model category'),
    t('model', 'text', 'model'),
    t('manufacturer', 'text', 'manufacturer'),
    t('owner', 'text', 'owner'),
    t('assigned_to', 'text', 'assigned to'),
    t('support_group', 'text', 'support group'),
    t('location', 'text', 'location'),
    t('department', 'text', 'department'),
    t('ci_name', 'text', 'linked configuration item'),
    t('cost', 'number', 'cost'),
    t('purchase_date', 'date', 'purchase date', true),
    t('warranty_end', 'date', 'warranty expiration', true),
    t('install_date', 'date', 'install date', true),
    t('updated_at', 'timestamp', 'last update', true),
  ],
};

/** Primary key column of each canonical table: `<tool>:<source_id>`. */
export const KEY_COLUMN: Record<CanonicalTable, string> = {
  ticket: 'ticket_key',
  change: 'change_key',
  problem: 'problem_key',
  asset: 'asset_key',
};

export function sqlType(f: FieldDef): string {
  switch (f.type) {
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'date':
      return 'DATE';
    case 'int':
      return 'INTEGER';
    case 'number':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}

/** Column definitions of a canonical table, in order. */
export function tableColumns(table: CanonicalTable): string[] {
  const cols = [`${KEY_COLUMN[table]} VARCHAR NOT NULL`, ...PROVENANCE_COLUMNS];
  for (const f of FIELDS[table]) {
    cols.push(`${f.name} ${sqlType(f)}`);
    if (f.raw) cols.push(`${f.name}_raw VARCHAR`);
  }
  cols.push('extra JSON'); // columns of the export that no field maps, as {"header": "value"}
  return cols;
}

/** The canonical values of an enum field: its doc is the list of them (`new | assigned | … | other`). */
export function enumValues(def: FieldDef): string[] {
  return def.type === 'enum' ? def.doc.split('|').map((v) => v.trim()) : [];
}

/**
 * SQL: one record's hash over its typed canonical fields, for comparing the records two files loaded
 * (ingest's same-data check, source_file.rows_hash): not the `_raw` text, `extra`, key or provenance.
 */
export function recordHashExpr(table: CanonicalTable): string {
  return `hash('${table}', ${FIELDS[table].map((f) => f.name).join(', ')})`;
}
