// What a run trains on: a dataset file and how it is read, cleaned and split, plus — when it came
// from the studio's dataset database — which dataset version it is, so runs can say what they used.
import type { CleanOptions } from '../dataset/clean';
import type { ImportOptions } from '../dataset/pair';
import type { SplitSettings } from '../dataset/versions';

/** A version of a stored dataset, as a run remembers it. */
export interface DatasetVersionRef {
  datasetId: string;
  datasetName: string;
  versionId: number;
  /** The version's label, or the name the user gave it. */
  versionLabel: string;
  /** SHA-256 of the version's pairs in order. */
  contentHash: string;
}

export interface RunDataOptions {
  path: string;
  import?: ImportOptions;
  /** Cleaning options; false = none; absent = the defaults. */
  clean?: Partial<CleanOptions> | false;
  splitSalt?: string;
  /** The version's split (fractions, salt, grouping); absent = by description, 80/10/10. */
  split?: SplitSettings;
  /** Present when the file is an export of a stored dataset version. */
  version?: DatasetVersionRef;
}
