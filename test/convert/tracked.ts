import { convertInput, type Converted } from '../../src/ingest/convert/index.js';

/**
 * `convert(path)` for tests: converts like the ingest does, fails when the file is not one that converts, and
 * removes every converted temp file in the hook given (afterEach or afterAll).
 */
export function trackedConverter(cleanupHook: (fn: () => Promise<void>) => void): (path: string) => Promise<Converted> {
  const done: Converted[] = [];
  cleanupHook(async () => {
    for (const c of done.splice(0)) await c.cleanup();
  });
  return async (path: string) => {
    const c = await convertInput(path);
    if (!c) throw new Error('no conversion');
    done.push(c);
    return c;
  };
}
