// Loads one dataset file for any shell: read it in a stream (stream-dataset-file.ts, so the file's
// text is never held whole beside its pairs), detect its format, import it, and optionally clean it
// with the real Python syntax check (Pyodide, loaded only when needed). Parsing and cleaning rules
// live in src/shared/dataset; this file only wires them to the disk.

import { basename } from 'node:path';
import { cleanPairs, type CleanOptions, type CleanReport, type SyntaxCheck } from '../../shared/dataset/clean';
import type { ImportTextOptions } from '../../shared/dataset/import-text';
import type { ImportReport, Pair } from '../../shared/dataset/pair';
import { getPythonSyntaxChecker } from '../python/syntax-check';
import { DatasetFileError } from './read-dataset-file';
import { streamDatasetFile } from './stream-dataset-file';

export { formatCleanReport, formatImportReport } from '../../shared/dataset/format-report';
export { DatasetFileError } from './read-dataset-file';

export interface LoadDatasetOptions extends ImportTextOptions {
  /** Run the cleaning pipeline: true for the defaults, or the options to use. Default: no cleaning. */
  clean?: boolean | Partial<CleanOptions>;
  /** Syntax check to use instead of Pyodide (tests, or a checker the caller already loaded). */
  checkSyntax?: SyntaxCheck;
  /** Name used in reports; default: the file's base name. */
  displayName?: string;
}

export interface LoadedDataset {
  pairs: Pair[];
  importReport: ImportReport;
  /** Present when cleaning ran. */
  cleanReport?: CleanReport;
}

/**
 * Reads, imports and (optionally) cleans a dataset file. Throws DatasetFileError for files that
 * cannot be read as text; everything wrong inside the file is in the reports instead.
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const stream = streamDatasetFile(path, { format: options.format, fields: options.fields, delimiter: options.delimiter, displayName: options.displayName ?? basename(path) });
  const pairs: Pair[] = [];
  for await (const batch of stream.batches) for (const pair of batch) pairs.push(pair);
  const imported = { pairs, report: stream.report() };
  if (imported.pairs.length === 0) throw noPairsError(path, imported.report);
  if (!options.clean) return { pairs: imported.pairs, importReport: imported.report };

  const cleanOptions = options.clean === true ? {} : options.clean;
  let check = options.checkSyntax;
  if (!check && cleanOptions.syntax !== 'off') {
    const checker = await getPythonSyntaxChecker();
    check = (code) => checker.check(code);
  }
  const cleaned = cleanPairs(imported.pairs, cleanOptions, check);
  if (cleaned.pairs.length === 0) {
    throw new DatasetFileError('no-pairs', path, `${path}: cleaning kept none of its ${imported.pairs.length === 1 ? "1 pair" : `${imported.pairs.length} pairs`} (${summariseDrops(cleaned.report)}); import it with --no-clean or without --drop-unparseable to see them`);
  }
  return { pairs: cleaned.pairs, importReport: imported.report, cleanReport: cleaned.report };
}

/** "No pairs" in words when every record was rejected, quoting the first reasons with their lines. */
export function noPairsError(path: string, report: ImportReport): DatasetFileError {
  const located = report.issues
    .filter((i) => i.severity === 'error')
    .slice(0, 3)
    .map((i) => `${i.line !== undefined ? `line ${i.line}` : i.record !== undefined ? `record ${i.record}` : 'file'}: ${i.reason}`);
  const seen = report.records === 1 ? '1 record' : `${report.records} records`;
  return new DatasetFileError(
    'no-pairs',
    path,
    `${path}: no English→Python pairs found in ${seen} read as ${report.format}` + (located.length ? ` — ${located.join('; ')}` : '') +
      (located.length === 0 ? ' (is it the right format? --format overrides the detection)' : ''),
  );
}

function summariseDrops(report: CleanReport): string {
  const drops = Object.entries(report.steps).filter(([, count]) => count.dropped > 0).map(([step, count]) => `${count.dropped} by ${step}`);
  return drops.length ? `dropped ${drops.join(', ')}` : 'all dropped';
}
