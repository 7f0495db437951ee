// Walks a folder for Python source (*.py) and reads each file as UTF-8 text, in a fixed order (names
// sorted), within limits on files and bytes. Nothing stops the walk: an unreadable file, a binary or
// non-UTF-8 file, a file over the size limit, a symlink loop or a folder reached twice is skipped
// and reported with its reason. Not a tokenizer: what the text holds is the caller's business.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface CorpusLimits {
  maxFiles: number;
  maxBytes: number;
  maxFileBytes: number;
}

export interface WalkOptions extends CorpusLimits {
  /** Folder names never entered, at any depth (each one met is reported as 'excluded'). */
  excludeFolders?: readonly string[];
}

export type SkipReason = 'unreadable' | 'binary' | 'too-large' | 'symlink-loop' | 'limit' | 'excluded';

export interface SkippedFile {
  /** Relative to the corpus folder. */
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface PythonFile {
  /** Relative to the corpus folder, with forward slashes. */
  path: string;
  text: string;
  bytes: number;
}

export interface WalkReport {
  skipped: SkippedFile[];
  /** True when maxFiles or maxBytes stopped the walk before every file was read. */
  limitReached: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Yields the readable *.py files under `root`; `report` fills in as the walk goes. */
export async function* pythonFiles(root: string, limits: WalkOptions, report: WalkReport): AsyncGenerator<PythonFile> {
  const excluded = new Set(limits.excludeFolders ?? []);
  const visited = new Set<string>();
  const rel = (path: string) => relative(root, path).split('\\').join('/') || '.';
  const skip = (path: string, reason: SkipReason, detail: string) => report.skipped.push({ path: rel(path), reason, detail });
  let files = 0;
  let bytes = 0;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let real: string;
    let names: string[];
    try {
      real = await realpath(dir);
      if (visited.has(real)) {
        skip(dir, 'symlink-loop', 'a folder already read (a symlink loop, or a second link to it)');
        continue;
      }
      visited.add(real);
      names = (await readdir(dir)).sort();
    } catch (error) {
      skip(dir, 'unreadable', errorCode(error));
      continue;
    }
    const subfolders: string[] = [];
    for (const name of names) {
      const path = join(dir, name);
      let info;
      try {
        info = await stat(path); // follows symlinks: a linked folder is walked, a loop caught by realpath
      } catch (error) {
        if (name.endsWith('.py')) skip(path, 'unreadable', errorCode(error));
        continue;
      }
      if (info.isDirectory()) {
        if (excluded.has(name)) skip(path, 'excluded', 'a folder this corpus leaves out');
        else subfolders.push(path);
        continue;
      }
      if (!info.isFile() || !name.endsWith('.py')) continue;
      if (info.size > limits.maxFileBytes) {
        skip(path, 'too-large', `${info.size} bytes; files over ${limits.maxFileBytes} are not read`);
        continue;
      }
      if (files >= limits.maxFiles || bytes + info.size > limits.maxBytes) {
        report.limitReached = true;
        skip(path, 'limit', files >= limits.maxFiles ? `${limits.maxFiles} files read already` : `${limits.maxBytes} bytes read already`);
        return;
      }
      let text: string;
      try {
        const data = await readFile(path);
        if (data.includes(0)) {
          skip(path, 'binary', 'holds NUL bytes');
          continue;
        }
        text = utf8.decode(data);
      } catch (error) {
        if (error instanceof TypeError) skip(path, 'binary', 'not UTF-8 text');
        else skip(path, 'unreadable', errorCode(error));
        continue;
      }
      files++;
      bytes += info.size;
      yield { path: rel(path), text, bytes: info.size };
    }
    // Depth-first, in name order: pushed in reverse so the first name comes off the stack first.
    stack.push(...subfolders.reverse());
  }
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `cannot be read (${code})` : `cannot be read: ${(error as Error).message}`;
}
