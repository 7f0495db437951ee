// The plain-data shapes of the datasets view's requests: where an import comes from, its progress,
// and everything the view shows of one stored dataset.
import type { ImportFormat, ImportReport } from '../dataset/pair';
import type { DatasetInfo, VersionInfo } from '../dataset/versions';

/**
 * What to import. 'file': a file the studio offers (the built-in sample, ../shared/data) by its id.
 * 'upload': a file the browser uploaded (web mode). 'path': a file the desktop app's dialog or a drop
 * named (desktop mode only: in web mode a path from the page is refused).
 */
export type ImportSource = { kind: 'file'; id: string } | { kind: 'upload'; uploadId: string } | { kind: 'path'; path: string };

/** A file on this machine the studio can import with one click. */
export interface ImportableFile {
  id: string;
  name: string;
  bytes: number | null;
}

export interface ImportArgs {
  source: ImportSource;
  /** The renderer's id for this import, echoed in its progress events. */
  jobId: string;
  name?: string;
  format?: ImportFormat;
  fields?: { description?: string; code?: string };
}

export interface ImportProgress {
  jobId: string;
  phase: 'reading' | 'done' | 'failed';
  bytesRead: number;
  totalBytes: number;
  pairs: number;
  elapsedMs: number;
  /** Time left at the pace so far; null until there is a pace. */
  etaMs: number | null;
}

export interface DatasetDetail {
  dataset: DatasetInfo;
  versions: VersionInfo[];
  tags: { tag: string; pairs: number }[];
  importReport: ImportReport | null;
}

export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
}

/**
 * What exporting a version did. The web shell answers with a one-time address (`url`, a path on
 * the studio's server) that the page has the browser download: the server streams the file as it
 * is read. The desktop app asked where to save it and wrote it there, or the user closed the dialog.
 */
export type VersionExport =
  | { kind: 'download'; url: string; fileName: string; pairs: number }
  | { kind: 'saved'; path: string; fileName: string; pairs: number }
  | { kind: 'cancelled' };
