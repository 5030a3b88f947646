/**
 * The output-folder module on its own: the commit a killed run left half done is finished by the next run,
 * a manifest naming a path outside the folder is refused, leftovers that are links are removed as links.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { fileListKind, OutputFolder, OUTPUT_SCHEMA } from '../../src/store/output-folder.js';
import { tempDir } from '../helpers.js';
import { filesOn, snapshot } from '../robustness/folder-state.js';

const KIND = fileListKind('test --out', 'test output', 'itsm-lens-test.json');

/** Writes `files` (path → text) into `dir` through the module, as a command does. */
async function write(dir: string, files: Record<string, string>): Promise<void> {
  await OutputFolder.with(dir, KIND, async (folder) => {
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(folder.stage, f, '..'), { recursive: true });
      writeFileSync(join(folder.stage, f), text);
    }
    await folder.commit(Object.keys(files), KIND.text);
  });
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'itsm-lens-test.json'), 'utf8'));

describe('OutputFolder', () => {
  it('writes, then replaces its files and deletes only the ones it wrote before and no longer writes', async () => {
    const dir = join(tempDir(), 'out');
    await write(dir, { 'a.txt': 'a1', 'sub/b.txt': 'b1', 'sub/deep/c.txt': 'c1' });
    writeFileSync(join(dir, 'sub', 'mine.txt'), 'mine');
    await write(dir, { 'a.txt': 'a2' });
    expect(filesOn(dir)).toEqual(['a.txt', 'itsm-lens-test.json', 'sub/mine.txt']);
    // sub/deep went with its last file; sub stays for the user's file
    expect(snapshot(dir)['sub/deep']).toBeUndefined();
    expect(manifestOf(dir)).toEqual({ schema: OUTPUT_SCHEMA, command: 'test', files: [{ path: 'a.txt', bytes: 2 }] });
  });

  it('a run that fails before it commits removes the folder and the new parents it made on the way, only those', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'kept'));
    // kept/ exists; a/ and a/b/ are made for kept/a/b/out: a failure leaves kept/ as it was and nothing in it
    const dir = join(root, 'kept', 'a', 'b', 'out');
    await expect(OutputFolder.with(dir, KIND, async () => {
      throw new UserError('the assessment failed');
    })).rejects.toThrow('the assessment failed');
    expect(existsSync(join(root, 'kept', 'a'))).toBe(false);
    expect(existsSync(join(root, 'kept'))).toBe(true);
    // a parent the user filled meanwhile is not removed: only empty folders go
    await OutputFolder.with(join(root, 'x', 'out'), KIND, async () => {
      writeFileSync(join(root, 'x', 'theirs.txt'), 'theirs');
      throw new UserError('failed');
    }).catch(() => undefined);
    expect(filesOn(join(root, 'x'))).toEqual(['theirs.txt']);
  });

  it('finishes the commit of a run killed while it moved its files into place', async () => {
    const dir = join(tempDir(), 'out');
    await write(dir, { 'a.txt': 'a1', 'b.txt': 'b1' });
    // what a run writing a.txt = a2 and c.txt (b.txt no longer) leaves when killed after moving a.txt:
    // its stage holds the commit record and c.txt; the manifest is still the first run's
    const stage = join(dir, '.itsm-lens-stage-999999-killed');
    mkdirSync(stage);
    writeFileSync(join(stage, 'c.txt'), 'c2');
    writeFileSync(join(dir, 'a.txt'), 'a2');
    const text = KIND.text([{ path: 'a.txt', bytes: 2 }, { path: 'c.txt', bytes: 2 }]);
    writeFileSync(join(stage, '.itsm-lens-commit.json'), JSON.stringify({ manifest: 'itsm-lens-test.json', text, files: ['a.txt', 'c.txt'], stale: ['b.txt'] }));
    writeFileSync(join(dir, '.itsm-lens-lock'), '999999\n');
    const folder = await OutputFolder.open(dir, KIND);
    try {
      // opened on the finished commit: the killed run's output, whole
      expect(folder.previous?.files.map((f) => f.path)).toEqual(['a.txt', 'c.txt']);
      expect(filesOn(dir)).toEqual(['a.txt', 'c.txt', 'itsm-lens-test.json']);
      expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('c2');
    } finally {
      await folder.close();
    }
    expect(filesOn(dir)).toEqual(['a.txt', 'c.txt', 'itsm-lens-test.json']);
  });

  it('a first run killed while committing (no manifest yet) is finished, not taken for a foreign folder', async () => {
    const dir = join(tempDir(), 'out');
    mkdirSync(dir);
    const stage = join(dir, '.itsm-lens-stage-999999-killed');
    mkdirSync(stage);
    writeFileSync(join(dir, 'a.txt'), 'a1');
    const text = KIND.text([{ path: 'a.txt', bytes: 2 }]);
    writeFileSync(join(stage, '.itsm-lens-commit.json'), JSON.stringify({ manifest: 'itsm-lens-test.json', text, files: ['a.txt'], stale: [] }));
    await write(dir, { 'b.txt': 'b1' });
    expect(filesOn(dir)).toEqual(['b.txt', 'itsm-lens-test.json']);
  });

  it('one writer at a time, within one process too', async () => {
    const dir = join(tempDir(), 'out');
    const first = await OutputFolder.open(dir, KIND);
    try {
      await expect(OutputFolder.open(dir, KIND)).rejects.toThrow(new RegExp(`is being written by another itsm-lens process \\(PID ${process.pid}\\)`));
    } finally {
      await first.close();
    }
    await write(dir, { 'a.txt': 'a1' });
    expect(filesOn(dir)).toEqual(['a.txt', 'itsm-lens-test.json']);
  });

  it('refuses a manifest that names a path outside the folder, and touches nothing outside', async () => {
    const root = tempDir();
    const dir = join(root, 'out');
    writeFileSync(join(root, 'precious.txt'), 'keep');
    await write(dir, { 'a.txt': 'a1' });
    writeFileSync(join(dir, 'itsm-lens-test.json'), KIND.text([{ path: '../precious.txt', bytes: 4 }]));
    await expect(write(dir, { 'a.txt': 'a2' })).rejects.toThrow(UserError);
    await expect(write(dir, { 'a.txt': 'a2' })).rejects.toThrow(/lists '\.\.\/precious\.txt', a path outside its folder/);
    expect(readFileSync(join(root, 'precious.txt'), 'utf8')).toBe('keep');
  });

  it('removes a leftover stage that is a link as a link, and never writes through a linked output folder', async () => {
    const root = tempDir();
    const dir = join(root, 'out');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'x.txt'), 'keep');
    await write(dir, { 'a.txt': 'a1' });
    symlinkSync(elsewhere, join(dir, '.itsm-lens-stage-1-planted'));
    await write(dir, { 'a.txt': 'a2' });
    expect(Object.keys(snapshot(elsewhere))).toEqual(['x.txt']);
    expect(readFileSync(join(elsewhere, 'x.txt'), 'utf8')).toBe('keep');
    expect(filesOn(dir)).toEqual(['a.txt', 'itsm-lens-test.json']);
    renameSync(dir, join(root, 'real'));
    symlinkSync(join(root, 'real'), dir);
    await expect(write(dir, { 'a.txt': 'a3' })).rejects.toThrow(/is a symbolic link; itsm-lens does not write through links/);
    expect(readFileSync(join(root, 'real', 'a.txt'), 'utf8')).toBe('a2');
  });
});
