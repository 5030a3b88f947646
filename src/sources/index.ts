import { hpsm } from './hpsm.js';
import { jira } from './jira.js';
import { servicenow } from './servicenow.js';
import { xes } from './xes.js';
import { localize } from './i18n.js';
import { otrs } from './otrs.js';
import { topdesk } from './topdesk.js';
import { ivanti } from './ivanti.js';
import { cherwell } from './cherwell.js';
import { swsd } from './swsd.js';
import { whd } from './whd.js';
import { zammad } from './zammad.js';
import { rt } from './rt.js';
import { motadata } from './motadata.js';
import { ninjaone } from './ninjaone.js';
import { monday } from './monday.js';
import { remedy } from './remedy.js';
import { freshdesk, freshservice } from './freshservice.js';
import { zendesk } from './zendesk.js';
import { sdp } from './sdp.js';
import { glpi } from './glpi.js';
import { itop } from './itop.js';
import { statuspage } from './statuspage.js';
import type { SourceAdapter } from './types.js';

/** Every supported tool, in the order `itsm-lens sources` lists them, with localised labels added (i18n.ts). */
export const ADAPTERS: SourceAdapter[] = [servicenow, jira, hpsm, remedy, freshservice, freshdesk, zendesk, sdp, glpi, itop, xes, otrs, topdesk, ivanti, cherwell, swsd, whd, zammad, rt, motadata, ninjaone, monday, statuspage].map(localize);

export function adapterById(id: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id.toLowerCase());
}
