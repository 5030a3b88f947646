#!/usr/bin/env node
// Entry point for `npx itsm-lens`: runs the compiled CLI (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('itsm-lens: the compiled CLI is missing; run `npm install` (or `npm run build`) in ' + root + '\n');
  process.exit(2);
}
// `itsm-lens clusters --json | head`: a reader that closes the pipe early is not an error
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
