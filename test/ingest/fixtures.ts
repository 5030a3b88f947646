/**
 * Small hand-made exports shared by several ingest tests, each described where its figures are read off.
 *
 * UCI_LIKE_LOG: a ServiceNow incident audit log in the UCI layout (one row per update, sys_mod_count counting
 * them): INC1 updated three times (New → Active → Resolved), INC2 once.
 * DESK_CSV: a home-grown helpdesk for `map`: '-' in three columns (4 cells), dates day first (13/01 decides the
 * order), T-1 … T-5 unique.
 */
export const UCI_LIKE_LOG = [
  'number,incident_state,sys_mod_count,made_sla,caller_id,opened_at,sys_updated_by,sys_updated_at,assignment_group,assigned_to,priority,reassignment_count,reopen_count,resolved_at',
  'INC1,New,0,true,C1,1/3/2016 09:00,u1,1/3/2016 09:00,?,?,3 - Moderate,0,0,?',
  'INC1,Active,1,true,C1,1/3/2016 09:00,u2,1/3/2016 10:00,G1,A1,3 - Moderate,0,0,?',
  'INC1,Resolved,2,false,C1,1/3/2016 09:00,u2,2/3/2016 10:00,G2,A2,2 - High,1,0,2/3/2016 09:30',
  'INC2,New,0,true,C2,13/3/2016 09:00,u1,13/3/2016 09:00,G1,?,4 - Low,0,0,?',
].join('\n');

export const DESK_CSV = [
  'Ticket No,Created On,Resolved On,Status,Priority,Assigned Group,Summary,Requester',
  'T-1,13/01/2024 08:00,13/01/2024 10:00,Closed,High,Network,VPN down,ann',
  'T-2,14/01/2024 09:00,15/01/2024 09:00,Resolved,Low,Desk,Password reset,bob',
  'T-3,15/01/2024 10:00,-,Open,Medium,Desk,Printer jam,-',
  'T-4,16/01/2024 11:00,16/01/2024 17:00,Closed,Critical,Network,Switch failure,dan',
  'T-5,17/01/2024 12:00,-,Awaiting caller,Low,-,Laptop slow,eve',
].join('\n') + '\n';
