/**
 * vitest setupFiles (both projects): after each test file, remove the folders its tempDir() calls made
 * (test/helpers.ts). Registered before the file's own hooks, so it runs after them (hooks run as a stack):
 * a file's afterAll still finds its folders. Keeps the disk from filling during a run; what a file makes
 * by other means (a CLI's own temp files, chromium's profile) goes with the run's folder (test/temp-root.setup.ts).
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

afterAll(() => removeTempDirs());
