// What the one-off bench scripts share: the repository root, importing the built code, and `--name value` options.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** imports a module of the build (`npm run build` first) */
export const dist = (p) => import(join(root, 'dist', p));
/** the value after `--name` on the command line, or `def` */
export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
