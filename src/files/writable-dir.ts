// Makes sure a folder exists and can be written before any slow work starts, and says in words
// why not: "read-only disk", "permission denied", "is a file" — not `ENOENT … mkdir` seconds later.
import { constants } from 'node:fs';
import { access, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { temporaryName } from './atomic-write';

export class NotWritableError extends Error {
  override name = 'NotWritable';
  readonly code = 'not-writable';
}

export async function ensureWritableDir(dir: string, what = 'The folder'): Promise<void> {
  const path = resolve(dir);
  try {
    await makeDirectories(path);
    const probe = temporaryName(`${path}/.write-check`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new NotWritableError(`${what} ${path} cannot be written: ${await explain(path, error as NodeJS.ErrnoException)}`);
  }
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
  // ENOENT from mkdir on a read-only or vanished ancestor: name the nearest existing ancestor.
  const ancestor = await nearestExisting(path);
  if (ancestor) {
    const writable = await access(ancestor, constants.W_OK).then(() => true, () => false);
    if (!writable) return `${ancestor} is read-only or not writable by this user`;
    if (error.code === 'ENOENT') return `${ancestor} does not accept new folders (a read-only or special file system)`;
  }
  return error.message;
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor: Node's recursive mkdir spins
 * forever on some paths (e.g. under /proc, where mkdir answers ENOENT for a parent that exists).
 */
async function makeDirectories(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = path; !(await stat(p).then(() => true, () => false)); p = dirname(p)) {
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
  for (let p = dirname(path); ; p = dirname(p)) {
    if (await stat(p).then(() => true, () => false)) return p;
    if (dirname(p) === p) return null;
  }
}
