// Makes sure a folder can be written before any slow work starts, and says in words why not:
// "read-only disk", "permission denied", "a file stands where a folder should be" — not
// `ENOENT … mkdir` seconds later. `checkWritable` leaves no trace (a refused run leaves no folder);
// `ensureWritableDir` also creates the folder.
import { constants } from 'node:fs';
import { access, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { temporaryName } from './atomic-write';

export class NotWritableError extends Error {
  override name = 'NotWritable';
  readonly code = 'not-writable';
}

/** Proves that `dir` (or, when it does not exist yet, the folder it would be created in) takes new files. */
export async function checkWritable(dir: string, what = 'The folder'): Promise<void> {
  const path = resolve(dir);
  const existing = await nearestExisting(path);
  try {
    if (!existing || !(await stat(existing)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const probe = temporaryName(join(existing, '.write-check'));
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new NotWritableError(`${what} ${path} cannot be written: ${await explain(path, error as NodeJS.ErrnoException)}`);
  }
}

/** Creates `dir` when missing and proves it writable. */
export async function ensureWritableDir(dir: string, what = 'The folder'): Promise<void> {
  const path = resolve(dir);
  try {
    await makeDirectories(path);
  } catch (error) {
    throw new NotWritableError(`${what} ${path} cannot be written: ${await explain(path, error as NodeJS.ErrnoException)}`);
  }
  await checkWritable(path, what);
}

async function explain(path: string, error: NodeJS.ErrnoException): Promise<string> {
  switch (error.code) {
    case 'EROFS':
      return 'it is on a read-only disk';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file stands where a folder should be';
  }
  // ENOENT on a read-only or special ancestor: name the nearest existing one.
  const ancestor = await nearestExisting(dirname(path));
  if (ancestor) {
    const writable = await access(ancestor, constants.W_OK).then(() => true, () => false);
    if (!writable) return `${ancestor} is read-only or not writable by this user`;
    if (error.code === 'ENOENT') return `${ancestor} does not accept new files (a read-only or special file system)`;
  }
  return error.message;
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor: Node's recursive mkdir spins
 * forever on some paths (e.g. under /proc, where mkdir answers ENOENT for a parent that exists).
 */
async function makeDirectories(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = path; !(await exists(p)); p = dirname(p)) {
    if (dirname(p) === p) break;
    missing.unshift(p);
  }
  for (const dir of missing) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  if (!(await stat(path)).isDirectory()) throw Object.assign(new Error(`${path} is not a folder`), { code: 'ENOTDIR' });
}

async function nearestExisting(path: string): Promise<string | null> {
  for (let p = path; ; p = dirname(p)) {
    if (await exists(p)) return p;
    if (dirname(p) === p) return null;
  }
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
