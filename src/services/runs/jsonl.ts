// Append-only JSON-lines files (metrics.jsonl, samples.jsonl). Reading tolerates a torn last line,
// which is what a process killed in the middle of an append leaves behind.
import { appendFile, readFile } from 'node:fs/promises';

export async function appendJsonLines(path: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await appendFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
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
