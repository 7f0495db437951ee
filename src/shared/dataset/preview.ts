// What the studio shows of a dataset file before importing it, read from the file's start only
// (src/services/datasets/preview-dataset-file.ts): the format and why, the columns or keys, which of
// them become description, code and group, the first pairs and the first problems. Plain data.

import type { ImportFormat, ImportIssue, Pair } from './pair';

/** The column (CSV) or key (JSON) each part of a pair is read from; null when the file has none of the wanted names. */
export interface PreviewFields {
  description: string | null;
  code: string | null;
  /** The grouping key (CoNaLa's question_id), when the file has one. */
  group?: string;
}

export interface DatasetPreview {
  /** The name the import will report (the file's base name unless the caller gave one). */
  file: string;
  sizeBytes: number;
  /** Bytes of the file's start that were read. */
  bytesRead: number;
  format: ImportFormat;
  /** Why this format ("'.csv' extension", "chosen by the caller"). */
  detection: string;
  /** CSV: the header's columns. JSON formats: the keys seen in the records read, in order of appearance. Seed text: none. */
  columns: string[];
  /** null for seed text, whose parts are found by layout, not by name. */
  fields: PreviewFields | null;
  /** The first pairs, each with its source line. */
  records: Pair[];
  /** The first problems, each with its line or record. */
  issues: ImportIssue[];
  /** The file goes on after what was read: counts and problems cover its start only. */
  truncated: boolean;
}
