import { hpsm } from './hpsm.js';
import { jira } from './jira.js';
import { servicenow } from './servicenow.js';
import { xes } from './xes.js';
import type { SourceAdapter } from './types.js';

/** Every supported tool, in the order `itsm-lens sources` lists them. */
export const ADAPTERS: SourceAdapter[] = [servicenow, jira, hpsm, xes];

export function adapterById(id: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id.toLowerCase());
}
