import type { CanonicalTable } from '../store/schema.js';

/**
 * A source adapter is data: how to recognise a tool's export from its header row, and how its columns and
 * values map to the canonical model. The same shape is what a user writes in a `--mapping` file (YAML/JSON)
 * for an export we do not know.
 */

/** What one export file holds. `event_log` = one row per update of a ticket, collapsed on ingest. */
export type ObjectKind = 'ticket' | 'change' | 'problem' | 'asset' | 'event_log';

/**
 * How a canonical field is filled. A string or string[] names the export column(s) that may hold it
 * (the first present wins; matched after header normalisation: case, spaces, `*`/`+` markers and Jira's
 * `Custom field (…)` wrapper ignored). The object form adds a vocabulary or a constant.
 */
export type FieldRule =
  | string
  | string[]
  | {
      from?: string | string[];
      /** name of a vocabulary in `vocab` translating raw values (case-insensitive) */
      vocab?: string;
      /** a constant when no column holds the field (e.g. kind: incident for an incident-only export) */
      value?: string | number | boolean;
      /** fill from another column when this one is empty or missing */
      fallback?: string | string[];
      /** how to read the text: `signed_duration` = true unless it starts with '-' (Jira SLA cells);
       *  `present` = true when the column is non-empty (e.g. HPSM Reopen Time → reopened);
       *  `duration` = seconds from a number of seconds, `[d ]h:mm:ss`, a ServiceNow duration value
       *  (`1970-01-01 01:30:00`) or display text (`1 Hour 30 Minutes`, Jira's `1h 30m`); then `scale`. */
      parse?: 'signed_duration' | 'present' | 'duration';
      /** multiply a number by this (HPSM handle time in seconds → hours: 1/3600) */
      scale?: number;
    };

/** A vocabulary: raw value (matched case-insensitively after trimming) → canonical value. */
export interface Vocab {
  map?: Record<string, string | number | boolean>;
  /** regular expressions tried in order when no exact key matches: [pattern, canonical] */
  patterns?: [string, string | number | boolean][];
  /** canonical value for a non-empty raw value nothing matched (default: null for numbers/bools, 'other' for text) */
  otherwise?: string | number | boolean | null;
}

export interface ObjectMapping {
  /** what the file holds */
  object: ObjectKind;
  /** canonical table filled (event logs fill `ticket` plus `ticket_event`) */
  table: CanonicalTable;
  /** the tool's own name for the table, recorded in provenance (incident, change_request, Detail Incident …) */
  sourceTable: string;
  /** header tokens that point to this object within the tool, with weights */
  tokens?: Record<string, number>;
  /** prefixes of the id column's values that point to this object (INC, CHG, PRB …) */
  idPrefixes?: string[];
  /** canonical field → rule; must include `source_id` */
  fields: Record<string, FieldRule>;
  /**
   * Process-mining activity logs (XES, or CSV with case/activity/timestamp columns): one row per activity
   * of a case. The ticket is the case (opened at its first activity, resolved at the first activity matching
   * `resolved`, closed at the last matching `closed`, both case-insensitive regular expressions); every row
   * is kept in ticket_event as an `activity`.
   */
  activityLog?: { activity: string | string[]; time: string | string[]; resource?: string | string[]; resolved?: string; closed?: string };
  /** event logs: the update counter and update time that order a ticket's rows, and who updated */
  eventLog?: { seq: string | string[]; time: string | string[]; actor?: string | string[] };
  /**
   * Rows of the same file that belong to another object, chosen by a column's value (Jira exports issues of
   * type Change and Problem in the same file as incidents). Rows no route takes stay with this mapping.
   */
  routes?: { column: string | string[]; values: string[]; mapping: ObjectMapping }[];
  /** one record spread over several rows (HPSM change: one row per affected CI): the CI columns */
  perRowCi?: { ci_name: string; ci_type?: string; ci_subtype?: string; service?: string };
  /**
   * A JSON record holding arrays (a Statuspage incident with its updates and components), each array one
   * column of JSON text after conversion. `updates`: every element becomes a ticket_event `communication` (its
   * `status` key through the vocabulary `vocab`, its time the first of `time` present), and the earliest
   * becomes first_response_at when no column gives it. `services`: every element's `name` becomes a
   * ticket_service link (the ticket's `service` is the first one). `updates.components`: an update's array
   * of component status changes (Statuspage `affected_components`); each element becomes a ticket_event
   * `component_status` at the update's time: field = the component (the service whose `id` equals the
   * element's `code`, else the element's own `name`), old_value / new_value as published, status = the new
   * one through the vocabulary `vocab` (canonical: operational | degraded | partial_outage | major_outage |
   * maintenance | other), which availability reads to weigh that component's minutes.
   */
  nested?: {
    updates?: {
      column: string | string[]; id: string; time: string[]; status: string; vocab: string; actor?: string;
      components?: { key: string; code: string; name: string; old: string; new: string; vocab: string };
    };
    services?: { column: string | string[]; name: string; id?: string };
  };
}

export interface SourceAdapter {
  /** short id used on the command line (`--source servicenow`) and in keys (`servicenow:INC0010001`) */
  id: string;
  name: string;
  /** where the facts come from, and which are unverified */
  notes?: string;
  /** header tokens that identify the tool: weight 5 = strong (unique to the tool), 2 = medium, 0.5 = generic */
  signature: Record<string, number>;
  /** a regular expression the id column's values match (e.g. Jira keys PROJ-123), scored as a strong token */
  idPattern?: string;
  /** cell texts that mean "no value" besides the empty string (ServiceNow audit exports use `?`) */
  nullValues?: string[];
  /** shared vocabularies, referenced by name from field rules */
  vocab: Record<string, Vocab>;
  objects: ObjectMapping[];
}
