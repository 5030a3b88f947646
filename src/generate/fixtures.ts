/**
 * Regenerates the committed fixtures: `npm run build && node dist/generate/fixtures.js [root]`.
 * fixtures/<format>/ = 2,000 tickets, seed 42, 12 months from 2025-01, plus truth.json.
 * test/generate checks that the committed files are byte-identical to a fresh run.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from './index.js';
import { FORMATS, type GenerateOptions } from './options.js';

export const FIXTURE_OPTIONS: Omit<GenerateOptions, 'out'> = { tickets: 2000, seed: 42, months: 12, start: '2025-01' };

export async function writeFixtures(root = 'fixtures'): Promise<string[]> {
  const written: string[] = [];
  for (const format of FORMATS) {
    const out = join(resolve(root), format);
    await rm(out, { recursive: true, force: true });
    const res = await generate({ ...FIXTURE_OPTIONS, format, out });
    written.push(...res.files, res.truthPath);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const files = await writeFixtures(process.argv[2] ?? 'fixtures');
  for (const f of files) process.stdout.write(f + '\n');
}
