// The unit of every dataset: one English description and the Python code it asks for,
// with where it came from so that every report can point back at the file.
// Pure types; importers live beside this file, file reading lives in src/services.

/** Where a pair or a problem was found. `line` is 1-based (text formats), `record` is 1-based (JSON, CSV rows). */
export interface SourceLocation {
  file: string;
  line?: number;
  record?: number;
}

export interface Pair {
  /** Stable id: a hash of the normalised description and code (see normalize.ts). */
  id: string;
  description: string;
  code: string;
  source: SourceLocation;
}

export type IssueSeverity = 'error' | 'warning';

/** One rejected or suspicious record, located precisely enough for a user to open the file and fix it. */
export interface ImportIssue extends SourceLocation {
  severity: IssueSeverity;
  reason: string;
}

export type ImportFormat = 'seed-text' | 'conala-json' | 'jsonl' | 'csv';

export interface ImportReport {
  file: string;
  format: ImportFormat;
  /** Records seen in the file (examples, JSON records or CSV rows). */
  records: number;
  accepted: number;
  rejected: number;
  /** Format-specific counters, e.g. `mergedComments` for the seed text format. */
  counts: Record<string, number>;
  issues: ImportIssue[];
}

export interface ImportResult {
  pairs: Pair[];
  report: ImportReport;
}
