// Loads one dataset file for any shell: read it (read-dataset-file.ts), detect its format, import
// it, and optionally clean it with the real Python syntax check (Pyodide, loaded only when needed).
// Parsing and cleaning rules live in src/shared/dataset; this file only wires them to the disk.

import { basename } from 'node:path';
import { cleanPairs, type CleanOptions, type CleanReport, type SyntaxCheck } from '../../shared/dataset/clean';
import { importText, type ImportTextOptions } from '../../shared/dataset/import-text';
import type { ImportReport, Pair } from '../../shared/dataset/pair';
import { getPythonSyntaxChecker } from '../python/syntax-check';
import { readDatasetFile } from './read-dataset-file';

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
  const text = await readDatasetFile(path);
  const imported = importText(text, options.displayName ?? basename(path), options);
  if (!options.clean) return { pairs: imported.pairs, importReport: imported.report };

  const cleanOptions = options.clean === true ? {} : options.clean;
  let check = options.checkSyntax;
  if (!check && cleanOptions.syntax !== 'off') {
    const checker = await getPythonSyntaxChecker();
    check = (code) => checker.check(code);
  }
  const cleaned = cleanPairs(imported.pairs, cleanOptions, check);
  return { pairs: cleaned.pairs, importReport: imported.report, cleanReport: cleaned.report };
}
