// Each run's playground history on disk: <run>/playground.jsonl, one result per line as it was
// shown (prompt, settings, checkpoint, candidates with every token). Appends are serialised per
// run; a torn last line (a crash mid-append) is skipped on read, never fatal.
import { join } from 'node:path';
import { appendJsonLines, readJsonLines } from '../../files/jsonl';
import { KeyedSerialQueue } from '../../shared/async/keyed-serial-queue';
import type { HistoryEntry, HistorySummary } from '../../shared/generation/playground';

export const HISTORY_FILE = 'playground.jsonl';

export class PlaygroundHistory {
  private readonly writes = new KeyedSerialQueue();

  append(runDir: string, entry: HistoryEntry): Promise<void> {
    return this.writes.run(runDir, () => appendJsonLines(join(runDir, HISTORY_FILE), [entry]));
  }

  /** Every readable entry, oldest first (lines that are not a result are skipped). */
  async entries(runDir: string): Promise<HistoryEntry[]> {
    const lines = await this.writes.run(runDir, () => readJsonLines<unknown>(join(runDir, HISTORY_FILE)));
    return lines.filter(isEntry);
  }

  async summaries(runDir: string): Promise<HistorySummary[]> {
    return (await this.entries(runDir)).reverse().map((e) => ({
      historyId: e.historyId,
      createdAt: e.createdAt,
      prompt: e.prompt,
      settings: e.settings,
      checkpoint: e.checkpoint,
      firstLine: (e.candidates[0]?.code ?? '').split('\n')[0].slice(0, 120),
      cancelled: e.cancelled,
      forced: e.prefix.length > 0,
    }));
  }

  async entry(runDir: string, historyId: string): Promise<HistoryEntry> {
    const found = (await this.entries(runDir)).find((e) => e.historyId === historyId);
    if (!found) throw Object.assign(new Error('This history entry is not in the run any more'), { code: 'not-found' });
    return found;
  }

  /** The history as JSON lines: one self-contained result per line. */
  async exportJsonl(runDir: string): Promise<{ jsonl: string; entries: number }> {
    const entries = await this.entries(runDir);
    return { jsonl: entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''), entries: entries.length };
  }
}

/** The file is ours but may be damaged or hand-edited: keep only lines shaped like a result. */
function isEntry(value: unknown): value is HistoryEntry {
  const e = value as Partial<HistoryEntry> | null;
  return (
    typeof e === 'object' && e !== null && typeof e.historyId === 'string' && typeof e.prompt === 'string' && typeof e.createdAt === 'string' &&
    typeof e.checkpoint === 'string' && Array.isArray(e.candidates) && Array.isArray(e.prefix) && typeof e.settings === 'object' && e.settings !== null &&
    e.candidates.every((c) => typeof c?.code === 'string' && Array.isArray(c.tokens))
  );
}
