// Append-only JSON-lines files (metrics.jsonl, samples.jsonl). Reading tolerates a torn last line,
// which is what a process killed in the middle of an append leaves behind.
import { appendFile, open, readFile } from 'node:fs/promises';

export async function appendJsonLines(path: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  // After a torn last line, start on a fresh line: appending to it would glue the first new
  // record onto the torn one and lose both.
  const separator = (await endsMidLine(path)) ? '\n' : '';
  await appendFile(path, separator + records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function endsMidLine(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = new Uint8Array(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

export async function readJsonLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      /* a torn line from an interrupted append: skip it */
    }
  }
  return out;
}
