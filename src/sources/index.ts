import { hpsm } from './hpsm.js';
import { jira } from './jira.js';
import { servicenow } from './servicenow.js';
import { xes } from './xes.js';
import { localize } from './i18n.js';
import type { SourceAdapter } from './types.js';

/** Every supported tool, in the order `itsm-lens sources` lists them, with localised labels added (i18n.ts). */
export const ADAPTERS: SourceAdapter[] = [servicenow, jira, hpsm, xes].map(localize);

export function adapterById(id: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id.toLowerCase());
}
