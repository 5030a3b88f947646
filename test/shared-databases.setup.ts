/**
 * vitest globalSetup: one empty folder per run for the databases several test files share
 * (test/shared-databases.ts builds them there on first use); removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'itsm-lens-shared-dbs-'));
  project.provide('sharedDatabases', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
