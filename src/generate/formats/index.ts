/** Writers of the generator formats added per tool (one file each); dispatched from generate(). */
import type { Plan } from '../sql.js';
import type { Exec, Internal } from '../writers.js';
import { writeRemedy } from './remedy.js';
import { writeFreshservice } from './freshservice.js';
import { writeZendesk } from './zendesk.js';
import { writeSdp } from './sdp.js';
import { writeGlpi } from './glpi.js';
import { writeTopdesk } from './topdesk.js';

export type FormatWriter = (p: Plan, x: Internal, out: string, exec: Exec) => Promise<string[]>;

export const FORMAT_WRITERS: Record<string, FormatWriter> = {
  remedy: writeRemedy,
  freshservice: writeFreshservice,
  zendesk: writeZendesk,
  sdp: writeSdp,
  glpi: writeGlpi,
  topdesk: writeTopdesk,
};
