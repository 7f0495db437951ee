// `code-studio import FILE --save --no-clean`: the file streamed straight into the dataset database,
// batch by batch, never held whole (a 600,000-pair file included). A progress line with the share
// of bytes read and an ETA goes to stderr (a progress event per batch with --json); the summary
// says what was imported and the process's peak memory.

import { basename } from 'node:path';
import { formatImportReport } from '../../shared/dataset/format-report';
import type { ImportOptions, Pair } from '../../shared/dataset/pair';
import type { NewPair } from '../../shared/dataset/versions';
import { openDataDir } from '../../services/data-dir';
import { noPairsError } from '../../services/datasets/load-dataset';
import { DatasetStore } from '../../services/datasets/store/dataset-store';
import { streamDatasetFile, type StreamProgress } from '../../services/datasets/stream-dataset-file';
import type { Output } from '../output';
import { PeakRss } from '../peak-rss';

export interface StreamedImportFlags {
  dataDir?: string;
  issues: number;
}

export async function importStreamed(file: string, importOptions: ImportOptions, flags: StreamedImportFlags, out: Output): Promise<void> {
  const peak = new PeakRss();
  const started = performance.now();
  const line = new ProgressLine(out.json);
  const stream = streamDatasetFile(file, {
    ...importOptions,
    onProgress: (progress) => {
      const etaSeconds = eta(progress, performance.now() - started);
      line.show(progress, etaSeconds);
      out.emit({ event: 'progress', bytesRead: progress.bytesRead, totalBytes: progress.totalBytes, pairs: progress.pairs, etaSeconds });
    },
  });
  const batches = stream.batches[Symbol.asyncIterator]();
  // The first batch before the database is touched: an unreadable file or one without a single
  // pair must not leave an empty dataset behind.
  const first = await batches.next().catch((error: unknown) => {
    line.end();
    throw error;
  });
  if (first.done) {
    line.end();
    throw noPairsError(file, stream.report());
  }

  const dataDir = await openDataDir(flags.dataDir);
  const store = DatasetStore.open(dataDir.datasets);
  const name = basename(file);
  let saved;
  try {
    const pairs = async function* (): AsyncGenerator<NewPair> {
      yield* first.value.map(newPair);
      for (let next = await batches.next(); !next.done; next = await batches.next()) yield* next.value.map(newPair);
    };
    const dataset = await store.importDataset(name, pairs(), { label: `Imported ${name}`, report: () => stream.report() });
    saved = { id: dataset.id, version: dataset.head.id, pairs: dataset.head.pairCount, contentHash: dataset.head.contentHash, database: dataDir.datasets };
    line.end(saved.pairs);
  } finally {
    line.end();
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssBytes = peak.stop();
  const report = stream.report();
  out.emit({ event: 'summary', importReport: report, cleanReport: null, stats: null, split: null, out: null, saved, seconds, peakRssBytes });
  out.say(formatImportReport(report, { maxItems: flags.issues }));
  out.say(`\nsaved as dataset ${saved.id}, version ${saved.version} (${saved.pairs.toLocaleString('en')} pairs, sha256 ${saved.contentHash.slice(0, 12)}…) in ${saved.database}`);
  out.say(`streamed in ${seconds.toFixed(1)} s · peak memory ${(peakRssBytes / 2 ** 20).toFixed(0)} MB (RSS) · not cleaned: clean it as a new version in the studio`);
}

function newPair(pair: Pair): NewPair {
  return { description: pair.description, code: pair.code, source: pair.source, ...(pair.group !== undefined ? { group: pair.group } : {}) };
}

/** Seconds left at the pace so far, once there is a pace. */
function eta(progress: StreamProgress, elapsedMs: number): number | null {
  if (progress.bytesRead === 0 || elapsedMs < 500) return null;
  return Math.max(0, ((progress.totalBytes - progress.bytesRead) * elapsedMs) / progress.bytesRead / 1000);
}

/** "importing: 41% · 246,000 pairs · ETA 6 s" on stderr, rewritten in place on a terminal, at most 4 times a second (every 2 s in a log). */
class ProgressLine {
  #lastMs = performance.now();
  #shown = false;
  readonly #tty = process.stderr.isTTY === true;

  constructor(private readonly silent: boolean) {}

  show(progress: StreamProgress, etaSeconds: number | null): void {
    const now = performance.now();
    if (this.silent || now - this.#lastMs < (this.#tty ? 250 : 2_000)) return;
    this.#lastMs = now;
    const percent = progress.totalBytes > 0 ? Math.floor((100 * progress.bytesRead) / progress.totalBytes) : 100;
    this.#write(`importing: ${percent}% · ${progress.pairs.toLocaleString('en')} pairs` + (etaSeconds !== null ? ` · ETA ${Math.ceil(etaSeconds)} s` : ''));
  }

  /** The import is over: its last state when it succeeded (`pairs`), or nothing more when it failed. */
  end(pairs?: number): void {
    if (pairs !== undefined && !this.silent) this.#write(`importing: 100% · ${pairs.toLocaleString('en')} pairs`);
    if (this.#shown && this.#tty) process.stderr.write('\n');
    this.#shown = false;
  }

  #write(text: string): void {
    process.stderr.write(this.#tty ? `\r${text}\x1b[K` : `${text}\n`);
    this.#shown = true;
  }
}
