/**
 * Zammad (adapter src/sources/zammad.ts, export-formats.md §15.1): the reporting ticket export
 * (`lib/excel_sheet/ticket.rb`) with its display labels `#, Title, State, Priority, Group, Owner, Customer,
 * Organization, Create Channel, Sender, Tags, Time Units Total, Created At, … Close Diff In Min, First Response
 * At, … Escalation At`. Zammad downloads it as .xlsx; it is written here as the CSV of that sheet (the committed
 * fixtures and the detection matrix are CSV), dates `YYYY-MM-DD HH:MM:SS` in the requested time zone (UTC).
 * Zammad has tickets only (no request type, no change or problem module): every generated ticket is an incident.
 * States new / open / pending reminder / closed / merged, priorities `1 low`, `2 normal`, `3 high` (reversed by the
 * adapter). No resolved state: `Closed At` = the resolution time.
 * SLA: `Close Diff In Min` (solution target − minutes taken, negative = breached) is set when a ticket closes,
 * `First Response Diff In Min` (4 h target) when it is answered; the adapter takes the first and falls back per
 * row to the second, and truth.json's SLA flag does the same (trait slaFlag).
 * Null in truth.json: FCR and reopen rate (no reassignment or reopen count in the export), change success rate
 * (no change module).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { respondedAt, TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M:%S';
const PRI = strList(['3 high', '3 high', '2 normal', '1 low', '1 low']);
export const ZAMMAD_HEADER = [
  '#', 'Title', 'State', 'Priority', 'Group', 'Owner', 'Customer', 'Organization', 'Create Channel', 'Sender', 'Tags', 'Time Units Total',
  'Created At', 'Updated At', 'Closed At', 'Close Escalation At', 'Close In Min', 'Close Diff In Min', 'First Response At',
  'First Response Escalation At', 'First Response In Min', 'First Response Diff In Min', 'Update Escalation At', 'Update In Min',
  'Update Diff In Min', 'Last Contact At', 'Last Contact Agent At', 'Last Contact Customer At', 'Article Count', 'Escalation At',
] as const;

export async function writeZammad(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const responded = respondedAt(o.t1);
  const lastAgent = `CASE WHEN ${responded} IS NOT NULL THEN coalesce(resolved, greatest(${responded}, least(${o.t1 - 60}, opened + floor(u(i, 'zm.la') * (${o.t1} - opened))::BIGINT))) END`;
  const open = `resolved IS NULL AND NOT canceled`;
  const file = await writeCsv(exec, out, 'zammad_tickets.csv', ZAMMAD_HEADER, [{
    from: pq(x.tk),
    cells: {
      '#': TRAITS.zammad!.ticketId('i'),
      Title: `short_description`,
      State: `CASE WHEN canceled THEN 'merged' WHEN resolved IS NOT NULL THEN 'closed' WHEN state_open = 'New' THEN 'new'
        WHEN state_open = 'On Hold' THEN 'pending reminder' ELSE 'open' END`,
      Priority: `${PRI}[priority]`,
      Group: `grp`,
      Owner: `coalesce(assigned_to, '-')`,
      Customer: `person(usr)`,
      Organization: `'Acme Corp'`,
      'Create Channel': `pick(['email', 'email', 'phone', 'web', 'chat'], u(i, 'zm.ch'))`,
      Sender: `'Customer'`,
      Tags: `${strList(CATEGORIES.map((c) => c.name))}[cat + 1] || CASE WHEN priority = 1 THEN ', major' ELSE '' END`,
      'Time Units Total': `CASE WHEN assigned_to IS NOT NULL THEN floor(u(i, 'zm.tu') * 12)::BIGINT * 5 END`,
      'Created At': fmt('opened', DATE),
      'Updated At': fmt(updated(p), DATE),
      'Closed At': fmt('resolved', DATE),
      'Close Escalation At': fmt(`CASE WHEN ${open} THEN opened + target_s END`, DATE),
      'Close In Min': `CASE WHEN resolved IS NOT NULL THEN (resolved - opened) // 60 END`,
      'Close Diff In Min': `CASE WHEN resolved IS NOT NULL THEN (target_s - (resolved - opened)) // 60 END`,
      'First Response At': fmt(responded, DATE),
      'First Response Escalation At': fmt(`CASE WHEN ${open} AND ${responded} IS NULL THEN opened + 14400 END`, DATE),
      'First Response In Min': `CASE WHEN ${responded} IS NOT NULL THEN (${responded} - opened) // 60 END`,
      'First Response Diff In Min': `CASE WHEN ${responded} IS NOT NULL THEN 240 - (${responded} - opened) // 60 END`,
      'Last Contact At': fmt(`coalesce(${lastAgent}, opened)`, DATE),
      'Last Contact Agent At': fmt(lastAgent, DATE),
      'Last Contact Customer At': fmt('opened', DATE),
      'Article Count': `1 + CASE WHEN ${responded} IS NOT NULL THEN 1 + floor(u(i, 'zm.ac') * 5)::BIGINT ELSE 0 END`,
      'Escalation At': fmt(`CASE WHEN ${open} THEN CASE WHEN ${responded} IS NULL THEN least(opened + 14400, opened + target_s) ELSE opened + target_s END END`, DATE),
    },
  }]);
  return [file];
}
