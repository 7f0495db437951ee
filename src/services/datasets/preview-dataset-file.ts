// A look at a dataset file before importing it, from its first ~256 KB only (never the whole file):
// format and why, columns or keys and which become description / code / group, the first pairs and
// the first problems, each located. Parsing is the pure importers'; this file picks what to read.

import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectFormat } from '../../shared/dataset/detect-format';
import { readCsvHeader } from '../../shared/dataset/import-csv';
import { importText, type ImportTextOptions } from '../../shared/dataset/import-text';
import { CONALA_FIELDS, JSONL_DEFAULT_FIELDS } from '../../shared/dataset/import-jsonl';
import { splitLines } from '../../shared/dataset/import-report';
import type { ImportFormat } from '../../shared/dataset/pair';
import type { DatasetPreview, PreviewFields } from '../../shared/dataset/preview';
import { resolveMapping } from '../../shared/dataset/record-fields';
import { DatasetFileError, checkLeadingBytes, emptyDatasetError, firstInvalidUtf8, notUtf8Error, statDatasetFile } from './read-dataset-file';
import { wholeRecordsPrefix } from './whole-records-prefix';

export const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_RECORDS = 20;
const PREVIEW_ISSUES = 20;

export interface PreviewOptions extends ImportTextOptions {
  /** Name shown in the preview and in pair sources; default: the file's base name. */
  displayName?: string;
}

export async function previewDatasetFile(path: string, options: PreviewOptions = {}): Promise<DatasetPreview> {
  const info = await statDatasetFile(path);
  const bytes = await readStart(path, Math.min(info.size, PREVIEW_BYTES));
  const truncated = info.size > bytes.length;
  checkLeadingBytes(bytes, path);
  const text = decodeStart(bytes, path, truncated);
  if (!truncated && text.trim() === '') throw emptyDatasetError(path);

  const fileName = options.displayName ?? basename(path);
  const guess = options.format ? { format: options.format, reason: 'chosen by the caller' } : detectFormat(text, fileName);
  const header = guess.format === 'csv' ? readCsvHeader(text, fileName, options) : undefined;
  const body = truncated ? wholeRecordsPrefix(text, guess.format, header?.delimiter) : text;
  const imported = importText(body, fileName, { ...options, format: guess.format });
  const columns = header?.columns ?? jsonKeys(body, guess.format);
  const issues = imported.report.issues.slice(0, PREVIEW_ISSUES);
  if (truncated && body.trim() === '' && text.trim() !== '') {
    issues.unshift({ file: fileName, line: 1, severity: 'warning', reason: `the first record is longer than the ${PREVIEW_BYTES / 1024} KB a preview reads; nothing to show` });
  }
  return {
    file: fileName,
    sizeBytes: info.size,
    bytesRead: bytes.length,
    format: guess.format,
    detection: guess.reason,
    columns,
    fields: header
      ? withGroup({ description: header.matched.description[0] ?? null, code: header.matched.code[0] ?? null }, header.matched.group[0])
      : chosenKeys(guess.format, columns, options),
    records: imported.pairs.slice(0, PREVIEW_RECORDS),
    issues,
    truncated,
  };
}

async function readStart(path: string, length: number): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new DatasetFileError('unreadable', path, `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A cut start may end inside a UTF-8 sequence: stream mode leaves it out instead of calling it invalid. */
function decodeStart(bytes: Uint8Array, path: string, truncated: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    const where = firstInvalidUtf8(bytes);
    throw notUtf8Error(path, where.line, where.offset);
  }
}

/** Keys of the JSON objects in what was read, in order of first appearance. */
function jsonKeys(body: string, format: ImportFormat): string[] {
  const keys = new Set<string>();
  const collect = (value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const key of Object.keys(value)) keys.add(key);
  };
  const parse = (json: string): unknown => {
    try {
      return JSON.parse(json);
    } catch {
      return undefined;
    }
  };
  if (format === 'conala-json') {
    const parsed = parse(body);
    if (Array.isArray(parsed)) parsed.forEach(collect);
  } else if (format === 'jsonl' || format === 'conala-jsonl') {
    for (const line of splitLines(body)) if (line.trim() !== '') collect(parse(line));
  }
  return [...keys];
}

/** For JSON formats: the first name of each wanted list that the records have. */
function chosenKeys(format: ImportFormat, columns: readonly string[], options: PreviewOptions): PreviewFields | null {
  if (format === 'seed-text' || format === 'csv') return null;
  const mapping = resolveMapping(format === 'jsonl' ? JSONL_DEFAULT_FIELDS : CONALA_FIELDS, options.fields);
  const present = (names: readonly string[]) => names.find((name) => columns.includes(name));
  return withGroup({ description: present(mapping.description) ?? null, code: present(mapping.code) ?? null }, present(mapping.group));
}

function withGroup(fields: PreviewFields, group: string | undefined): PreviewFields {
  return group === undefined ? fields : { ...fields, group };
}
