// Atomic replacement of files and folders: write a uniquely named temporary sibling, then rename
// it over the target, so a reader (or a process killed mid-write) sees the old or the new content,
// never a mix. Temporary names carry pid, a counter and random bytes: two writers of one file,
// in one process or in two, never share a temporary (they did: issue 8, run.json corrupted).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';

let counter = 0;

/** A fresh sibling name for `path`; `isTemporaryName` recognises it. */
export function temporaryName(path: string): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${path}.tmp-${process.pid}-${counter}-${randomBytes(4).toString('hex')}`;
}

export function isTemporaryName(name: string): boolean {
  return /\.tmp-\d+-\d+-[0-9a-f]{8}$/.test(name) || /\.tmp-\d+(-\d+)?$/.test(name);
}

/** `contents` may be text, bytes, or an (async) iterable of text chunks written as they come. */
export async function writeFileAtomically(path: string, contents: string | Uint8Array | Iterable<string> | AsyncIterable<string>): Promise<void> {
  const temporary = temporaryName(path);
  try {
    await writeFile(temporary, contents);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}

export function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeFileAtomically(path, JSON.stringify(value, null, 2) + '\n');
}

/** Writes a folder atomically: `fill` writes into a temporary sibling, which then replaces `directory`. */
export async function writeDirectoryAtomically(directory: string, fill: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryName(directory);
  await mkdir(temporary, { recursive: true });
  try {
    await fill(temporary);
    await rm(directory, { recursive: true, force: true });
    await rename(temporary, directory);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
