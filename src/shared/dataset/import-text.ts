// The one entry every shell calls to import a dataset from text already in memory: detect the
// format (unless the caller names it) and dispatch to the importer. File reading is elsewhere
// (src/services/datasets/load-dataset.ts); nothing here touches the disk.

import { detectFormat } from './detect-format';
import { importConalaJson } from './import-conala-json';
import { importCsv } from './import-csv';
import { importConalaJsonLines, importJsonLines } from './import-jsonl';
import { importSeedText } from './import-seed-text';
import type { ImportOptions, ImportResult } from './pair';

export interface ImportTextOptions extends ImportOptions {
  /** CSV delimiter (default: tab for .tsv, comma otherwise). */
  delimiter?: string;
}

export function importText(text: string, fileName: string, options: ImportTextOptions = {}): ImportResult {
  const guess = options.format ? { format: options.format, reason: 'chosen by the caller' } : detectFormat(text, fileName);
  const result = dispatch(text, fileName, guess.format, options);
  result.report.detection = guess.reason;
  return result;
}

function dispatch(text: string, fileName: string, format: ImportResult['report']['format'], options: ImportTextOptions): ImportResult {
  switch (format) {
    case 'seed-text':
      return importSeedText(text, fileName);
    case 'conala-json':
      return importConalaJson(text, fileName, options.fields);
    case 'conala-jsonl':
      return importConalaJsonLines(text, fileName, options.fields);
    case 'jsonl':
      return importJsonLines(text, fileName, options.fields);
    case 'csv':
      return importCsv(text, fileName, { fields: options.fields, delimiter: options.delimiter });
  }
}
