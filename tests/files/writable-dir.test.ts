// The writable-folder check answers at once and in words: a read-only disk says "read-only",
// a file in the way says so, and a path Node's own recursive mkdir would spin on (/proc) returns.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWritableDir } from '../../src/files/writable-dir';

let dir: string;
let readOnlyMount: string | null = null;
let mountProblem = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'writable-dir-'));
  // A real read-only file system: a tmpfs mounted ro (needs root, as on this project's CI machines).
  const target = join(dir, 'ro');
  await mkdir(target);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', target], { stdio: 'pipe' });
    readOnlyMount = target;
  } catch (error) {
    mountProblem = String((error as { stderr?: Buffer }).stderr ?? error).trim();
  }
});
afterAll(async () => {
  if (readOnlyMount) execFileSync('umount', [readOnlyMount]);
  await rm(dir, { recursive: true, force: true });
});

describe('ensureWritableDir', () => {
  it('creates missing folders and leaves no probe file behind', async () => {
    const target = join(dir, 'a', 'b', 'c');
    await ensureWritableDir(target);
    await ensureWritableDir(target); // again: already there is fine
  });

  it('says "read-only disk" for a folder on a read-only file system', async (context) => {
    if (!readOnlyMount) {
      console.log(`NOT RUN: cannot mount a read-only tmpfs here (${mountProblem})`);
      context.skip();
    }
    const started = Date.now();
    await expect(ensureWritableDir(join(readOnlyMount!, 'runs', 'r1'), 'The run folder')).rejects.toThrow(/The run folder .*ro\/runs\/r1 cannot be written: it is on a read-only disk/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('says a file stands in the way', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(ensureWritableDir(join(dir, 'file', 'run'))).rejects.toThrow(/a file stands where a folder should be/);
  });

  it('answers for paths where mkdir -p never returns in Node (/proc)', async () => {
    await expect(ensureWritableDir('/proc/code-studio-test/run')).rejects.toThrow(/cannot be written/);
  });
});
