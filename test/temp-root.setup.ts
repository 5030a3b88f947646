/**
 * vitest globalSetup, first of all: one folder per run under the system's temp folder, made the temp folder
 * (TMPDIR) of the run — of the workers vitest starts after this, and so of every CLI process and browser they
 * start. When the run ends the folder goes, with whatever a test left in it: a file killed by its timeout, a
 * SIGKILLed CLI's temp files, chromium's profiles. Without it the suite left hundreds of /tmp/itsm-lens-*
 * folders a run. (test/temp-dirs.per-file.ts removes each file's folders as soon as the file ends.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'itsm-lens-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
