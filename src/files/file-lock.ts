// Exclusive access to one file across processes (the engine and the studio's services both update
// a run's run.json): a lock file beside it, holding the owner's pid, created atomically (link fails
// when it exists). Within a process, callers queue in order. A lock left by a killed process (its
// pid is gone, or it is older than STALE_MS) is taken over, so a kill -9 never blocks a run forever.
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeyedSerialQueue } from '../shared/async/keyed-serial-queue';
import { temporaryName } from './atomic-write';

const queue = new KeyedSerialQueue();
const STALE_MS = 30_000;
const WAIT_MS = 15_000;

/** Runs `task` while holding the lock of `path` (the lock file is `path.lock`). */
export function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  return queue.run(key, async () => {
    const lockPath = `${key}.lock`;
    await acquire(lockPath);
    try {
      return await task();
    } finally {
      await rm(lockPath, { force: true });
    }
  });
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  // The lock appears with its owner's pid already inside (hard link of a written temporary):
  // a process killed at any moment never leaves an empty lock nobody can judge.
  const temporary = temporaryName(lockPath);
  await writeFile(temporary, String(process.pid));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temporary, lockPath);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (await isStale(lockPath)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockPath} is held by another process for more than ${WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, Math.min(2 + attempt * 2, 25)));
    }
  } finally {
    await rm(temporary, { force: true });
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const pid = Number(text);
    if (Date.now() - info.mtimeMs > STALE_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return true; // not written by this code: nobody owns it
    return pid !== process.pid && !processExists(pid);
  } catch {
    return false; // gone already: the next attempt takes it
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
