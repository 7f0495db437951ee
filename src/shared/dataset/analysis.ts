// What the studio knows about one dataset version after reading it through (statistics,
// duplicate groups, each pair's lengths and split): plain data for the Datasets view's Statistics
// and Duplicates panels and for the browser's length, split, syntax and duplicate filters.
import type { DuplicateKind } from './near-duplicates';
import type { SplitName } from './split';
import type { StoredPair } from './versions';

export interface LengthBin {
  from: number;
  /** Exclusive. The last bin of a long tail ends past the longest value and is `open`. */
  to: number;
  count: number;
  /** The tail: everything from `from` up (drawn as "≥ from"). */
  open?: boolean;
}

export interface VocabularyStats {
  /** Distinct tokens. */
  types: number;
  /** Token occurrences. */
  tokens: number;
  /** The model's vocabulary limit the coverage is measured at. */
  limit: number;
  /** Share (0–1) of occurrences whose token is among the `limit` most frequent. */
  coverage: number;
  top: { token: string; count: number }[];
}

export interface VersionStats {
  versionId: number;
  pairs: number;
  descriptionWords: LengthBin[];
  codeTokens: LengthBin[];
  descriptionVocabulary: VocabularyStats;
  codeVocabulary: VocabularyStats;
  /** CPython's compile() over every pair, or over an evenly spaced sample of a large version. */
  parse: { checked: number; failed: number; sampled: boolean };
  splits: Record<SplitName, number>;
  duplicates: Record<DuplicateKind, { groups: number; pairs: number }>;
  milliseconds: number;
}

/** Filters the browser applies from the analysis (on top of the store's own). */
export interface AnalysisFilter {
  descriptionWords?: [number, number];
  codeTokens?: [number, number];
  split?: SplitName;
  parses?: boolean;
  duplicates?: DuplicateKind | 'any';
}

/** An order for the browser other than the version's own. */
export interface PairSort {
  by: 'codeTokens' | 'descriptionWords';
  descending: boolean;
}

export interface DuplicateGroupView {
  kind: DuplicateKind;
  /** Stable for the group's members: dismissing ("keep all") remembers it. */
  key: string;
  similarity?: number;
  pairs: StoredPair[];
}

export interface DuplicatePage {
  kind: DuplicateKind;
  /** Groups of this kind not yet resolved. */
  total: number;
  groups: DuplicateGroupView[];
  counts: Record<DuplicateKind, { groups: number; pairs: number }>;
}

export interface AnalysisProgress {
  versionId: number;
  phase: 'reading' | 'measuring' | 'checking syntax' | 'grouping duplicates' | 'done' | 'failed';
  done: number;
  total: number;
  message?: string;
}
