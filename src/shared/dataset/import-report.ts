// Builds an ImportResult while an importer walks a file: counts records, keeps accepted pairs and
// turns every rejected or suspicious record into a located ImportIssue. Shared by all importers so
// their reports read alike; it knows nothing about any file format.

import { pairId } from './normalize';
import type { ImportFormat, ImportIssue, ImportResult, IssueSeverity, Pair, SourceLocation } from './pair';

export type Location = Omit<SourceLocation, 'file'>;

/**
 * Where a block of text starts in its file, for an importer handed one block of a streamed file
 * (src/services/datasets/stream-dataset-file.ts): lines and records before it, added to every
 * number the importer reports so that pairs and issues point at the real file.
 */
export interface BlockOffset {
  lines: number;
  records: number;
}

export class ImportReportBuilder {
  readonly pairs: Pair[] = [];
  readonly issues: ImportIssue[] = [];
  readonly counts: Record<string, number> = {};
  /** Records seen in this text (not counting the block offset). */
  records = 0;
  rejected = 0;

  constructor(
    readonly file: string,
    readonly format: ImportFormat,
    readonly offset: BlockOffset = { lines: 0, records: 0 },
  ) {}

  /** A record was seen (accepted or not). */
  record(): void {
    this.records++;
  }

  /** The file-wide number of the record about to be counted. */
  nextRecordNumber(): number {
    return this.offset.records + this.records + 1;
  }

  /** A 1-based line of the text being imported, as a line of the whole file. */
  fileLine(line: number): number {
    return this.offset.lines + line;
  }

  accept(description: string, code: string, at: Location, group?: string): Pair {
    const pair: Pair = { id: pairId(description, code), description, code, source: { file: this.file, ...at } };
    if (group !== undefined) pair.group = group;
    this.pairs.push(pair);
    return pair;
  }

  /** The record is dropped; the reason says why and where. */
  reject(at: Location, reason: string, severity: IssueSeverity = 'error'): void {
    this.rejected++;
    this.warn(at, reason, severity);
  }

  /** Suspicious but kept (or not a record at all). */
  warn(at: Location, reason: string, severity: IssueSeverity = 'warning'): void {
    this.issues.push({ file: this.file, ...at, severity, reason });
  }

  count(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  build(): ImportResult {
    return {
      pairs: this.pairs,
      report: {
        file: this.file,
        format: this.format,
        records: this.records,
        accepted: this.pairs.length,
        rejected: this.rejected,
        counts: this.counts,
        issues: this.issues,
      },
    };
  }
}

/** Splits text into lines the way every text format here counts them (\r\n, \n or lone \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Drops a leading byte-order mark, which editors on Windows add and which would corrupt the first field. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line number of a character offset, from a precomputed list of line-start offsets. */
export function lineAtOffset(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** Offsets at which each line of `text` starts (line 1 starts at 0). */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
