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
  /**
   * Grouping key for splits: pairs sharing it (CoNaLa's `question_id`, the Stack Overflow question
   * they answer) must land in one split. Absent when the file has no such field.
   */
  group?: string;
}

export type IssueSeverity = 'error' | 'warning';

/** One rejected or suspicious record, located precisely enough for a user to open the file and fix it. */
export interface ImportIssue extends SourceLocation {
  severity: IssueSeverity;
  reason: string;
}

/**
 * `seed-text`: `# description` then code (english_python_data.txt). `conala-json`: CoNaLa's JSON array.
 * `conala-jsonl`: CoNaLa-mined, one `{intent, snippet, …}` object per line. `jsonl`: one object per line
 * with configurable field names. `csv`: header row plus two chosen columns.
 */
export type ImportFormat = 'seed-text' | 'conala-json' | 'conala-jsonl' | 'jsonl' | 'csv';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['seed-text', 'conala-json', 'conala-jsonl', 'jsonl', 'csv'];

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
  /** How the format was chosen ("'.csv' extension", "chosen by the caller"), when importText chose it. */
  detection?: string;
}

export interface ImportResult {
  pairs: Pair[];
  report: ImportReport;
}

/**
 * Which record fields hold the description and the code (CSV columns, JSON-lines keys).
 * A list means "first one present and non-empty wins", e.g. CoNaLa's `['rewritten_intent', 'intent']`.
 */
export interface FieldMapping {
  description: string | readonly string[];
  code: string | readonly string[];
  /** The grouping key (default `question_id`); a record without it simply has no group. */
  group?: string | readonly string[];
}

export interface ImportOptions {
  /** Skip detection and use this format. */
  format?: ImportFormat;
  /** Fields for `csv` (default `intent`/`snippet`) and `jsonl` (default `description`/`code`). */
  fields?: Partial<FieldMapping>;
}
