import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';

/** Commands that read loaded data stop with one line when there is no database yet (rather than create an empty one). */
export function requireDatabase(path: string): void {
  if (!existsSync(path)) throw new UserError(`no database at ${path}; load exports first with itsm-lens ingest (or pass --db)`);
}
