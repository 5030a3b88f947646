/** Writers of the generator formats added per tool (one file each); dispatched from generate(). */
import type { Plan } from '../sql.js';
import type { Exec, Internal } from '../writers.js';
import { writeRemedy } from './remedy.js';
import { writeFreshservice } from './freshservice.js';
import { writeZendesk } from './zendesk.js';
import { writeSdp } from './sdp.js';
import { writeGlpi } from './glpi.js';
import { writeTopdesk } from './topdesk.js';
import { writeSwsd } from './swsd.js';
import { writeWhd } from './whd.js';
import { writeRt } from './rt.js';
import { writeMotadata } from './motadata.js';
import { writeNinjaone } from './ninjaone.js';
import { writeMonday } from './monday.js';
import { writeOtrs } from './otrs.js';
import { writeItop } from './itop.js';
import { writeIvanti } from './ivanti.js';
import { writeZammad } from './zammad.js';
import { writeCherwell } from './cherwell.js';
import { writeFreshdesk } from './freshdesk.js';

export type FormatWriter = (p: Plan, x: Internal, out: string, exec: Exec) => Promise<string[]>;

export const FORMAT_WRITERS: Record<string, FormatWriter> = {
  remedy: writeRemedy,
  freshservice: writeFreshservice,
  zendesk: writeZendesk,
  sdp: writeSdp,
  glpi: writeGlpi,
  topdesk: writeTopdesk,
  swsd: writeSwsd,
  whd: writeWhd,
  rt: writeRt,
  motadata: writeMotadata,
  ninjaone: writeNinjaone,
  monday: writeMonday,
  otrs: writeOtrs,
  itop: writeItop,
  ivanti: writeIvanti,
  zammad: writeZammad,
  cherwell: writeCherwell,
  freshdesk: writeFreshdesk,
};
