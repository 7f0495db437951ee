// What the studio's dataset database holds, as plain data for every shell: datasets, their
// versions (immutable lists of pairs), and stored pairs with the tags and edits they carry.
import type { SourceLocation } from './pair';
import type { SplitFractions } from './split';

/** How a version is split into train / validation / test (docs/decisions/008). */
export interface SplitSettings {
  fractions: SplitFractions;
  /** Change it to draw a different, equally deterministic split. */
  salt: string;
  /**
   * 'description': pairs with the same description share a split. 'group': pairs with the same
   * grouping key (CoNaLa's question_id) share one too, so one Stack Overflow question never lands in two.
   */
  groupBy: 'description' | 'group';
}

export interface VersionInfo {
  id: number;
  datasetId: string;
  parentId: number | null;
  /** What made it: "Imported seed.txt", "Edited 1 pair" … */
  label: string;
  /** A name the user gave it, or null. */
  name: string | null;
  createdAt: string;
  pairCount: number;
  /** SHA-256 over the pairs in order; a run records it as what it trained on. */
  contentHash: string;
  /** null: the default split (by description, 80/10/10). */
  split: SplitSettings | null;
}

export interface DatasetInfo {
  id: string;
  name: string;
  createdAt: string;
  head: VersionInfo;
  canUndo: boolean;
  canRedo: boolean;
}

export interface NewPair {
  description: string;
  code: string;
  source?: SourceLocation;
  /** Grouping key for splits (CoNaLa's question_id). */
  group?: string;
}

export interface StoredPair extends NewPair {
  id: number;
  /** The pair this one is an edit of, when it is one. */
  replaces?: number;
}

/** A pair as the browser shows it: where it sits in the version and its tags. */
export interface ListedPair extends StoredPair {
  position: number;
  tags: string[];
}

/** A change from the head version, by pair id: what goes, what is rewritten, what comes back, what is appended. */
export interface VersionChange {
  remove?: readonly number[];
  replace?: readonly { pairId: number; description: string; code: string }[];
  /** Pairs deleted in an earlier version, put back at the end. */
  restore?: readonly number[];
  add?: readonly NewPair[];
}

/** Which pairs of a version the browser lists. */
export interface PairFilter {
  /** Words matched as prefixes in descriptions and code. */
  text?: string;
  /** Only pairs that are edits of imported ones. */
  edited?: boolean;
  tag?: string;
  /** Instead of the version's pairs: those deleted on the way to it (to restore). */
  deleted?: boolean;
  /** Pairs read from this line of the imported file (the import report links to them). */
  line?: number;
}

export interface PairPage {
  offset: number;
  /** Pairs matching the filter, counted a little past this page; `exact` false when there are more. */
  total: number;
  exact: boolean;
  pairs: ListedPair[];
}
