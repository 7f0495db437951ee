// Imports a dataset file incrementally: read in chunks (read-text-chunks.ts) and handed to the pure
// importer of its format piece by piece (block-importers.ts): CSV and JSON lines cut into blocks of
// whole records (record-blocks.ts), seed text into blocks of whole lines, a CoNaLa JSON array into
// its elements. Pairs are handed out in batches. No file is ever held whole, as text or as pairs,
// whatever its format or size; the pairs and the report are those of the importer on the whole text.

import { basename } from 'node:path';
import { detectFormat, type FormatGuess } from '../../shared/dataset/detect-format';
import type { ImportTextOptions } from '../../shared/dataset/import-text';
import type { ImportFormat, ImportReport, Pair } from '../../shared/dataset/pair';
import { csvBlockImporter, jsonArrayImporter, lineBlockImporter, seedBlockImporter, throughBlocks, type BlockImportOptions, type TextImporter } from './block-importers';
import { emptyDatasetError } from './read-dataset-file';
import { DEFAULT_CHUNK_BYTES, openTextChunks, type TextPiece } from './read-text-chunks';
import { ReportAccumulator } from './report-accumulator';

export interface StreamProgress {
  bytesRead: number;
  totalBytes: number;
  /** Pairs handed out so far. */
  pairs: number;
}

export interface StreamDatasetOptions extends ImportTextOptions {
  /** Name used in reports and pair sources; default: the file's base name. */
  displayName?: string;
  /** Called after each batch and once at the end. */
  onProgress?: (progress: StreamProgress) => void;
  /** Pairs per batch (default 5,000). */
  batchSize?: number;
  /** Bytes per read (default 1 MB); blocks handed to an importer hold at most as many characters. Small values are for tests. */
  chunkBytes?: number;
  /** Longest record kept, in characters (default 16 million); a longer one is skipped and reported with its line. */
  maxRecordChars?: number;
}

export interface DatasetStream {
  /** Throws DatasetFileError for a file that cannot be read as text; problems inside it go to the report. */
  batches: AsyncIterable<Pair[]>;
  /** The import report, complete once `batches` has been read to its end (before that it throws). */
  report(): ImportReport;
}

export const DEFAULT_BATCH_SIZE = 5_000;
// Blocks stay below V8's large-object size (~128 KB): bigger strings are several times slower to
// build, and an importer call per 64 KB costs nothing next to the parsing.
const MAX_BLOCK_CHARS = 64 * 1024;
export const MAX_RECORD_CHARS = 16_000_000;

export function streamDatasetFile(path: string, options: StreamDatasetOptions = {}): DatasetStream {
  let finished: ImportReport | undefined;
  const batches = streamBatches(path, options, (report) => (finished = report));
  return {
    batches,
    report: () => {
      if (!finished) throw new Error(`the import report of ${path} is ready only once all its batches have been read`);
      return finished;
    },
  };
}

async function* streamBatches(path: string, options: StreamDatasetOptions, done: (report: ImportReport) => void): AsyncGenerator<Pair[]> {
  const fileName = options.displayName ?? basename(path);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const { totalBytes, pieces } = await openTextChunks(path, chunkBytes);
  let bytesRead = 0;
  let handedOut = 0;
  let pending: Pair[] = [];
  const progress = () => options.onProgress?.({ bytesRead, totalBytes, pairs: handedOut });
  function* batches(pairs: readonly Pair[], final = false): Generator<Pair[]> {
    for (const pair of pairs) pending.push(pair);
    while (pending.length >= batchSize || (final && pending.length > 0)) {
      const batch = pending.length > batchSize ? pending.splice(0, batchSize) : pending;
      if (batch === pending) pending = [];
      handedOut += batch.length;
      yield batch;
      progress();
    }
  }

  try {
    const first = (await pieces.next()).value as TextPiece; // there is always one piece, '' for an empty file
    bytesRead = first.bytesRead;
    if (bytesRead === totalBytes && first.text.trim() === '') throw emptyDatasetError(path);
    const guess: FormatGuess = options.format ? { format: options.format, reason: 'chosen by the caller' } : detectFormat(first.text, fileName);
    const report = new ReportAccumulator(fileName, guess.format, guess.reason);

    const importer = textImporter(guess.format, first.text, fileName, { fields: options.fields, delimiter: options.delimiter, maxRecordChars }, report, Math.min(chunkBytes, MAX_BLOCK_CHARS));
    yield* batches(importer.push(first.text));
    for await (const piece of pieces) {
      if (importer.stopped) break;
      bytesRead = piece.bytesRead;
      yield* batches(importer.push(piece.text));
    }
    if (!importer.stopped) yield* batches(importer.finish());
    yield* batches([], true);
    done(report.build());
    progress();
  } finally {
    await pieces.return(undefined);
  }
}

function textImporter(format: ImportFormat, fileStart: string, fileName: string, options: BlockImportOptions, report: ReportAccumulator, blockChars: number): TextImporter {
  switch (format) {
    case 'conala-json':
      return jsonArrayImporter(fileName, options, report);
    case 'seed-text':
      return throughBlocks(seedBlockImporter(fileName, options, report), blockChars, options.maxRecordChars);
    case 'csv':
      return throughBlocks(csvBlockImporter(fileStart, fileName, options, report), blockChars, options.maxRecordChars);
    case 'jsonl':
    case 'conala-jsonl':
      return throughBlocks(lineBlockImporter(format, fileName, options, report), blockChars, options.maxRecordChars);
  }
}
