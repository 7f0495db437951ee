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

/** What an extra training file gave: pairs read, added, left out as repeats or as leaks into held-out splits. */
export interface ExtraTrainingInfo {
  path: string;
  pairs: number;
  added: number;
  duplicates: number;
  leaks: number;
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
  /**
   * More files whose pairs all go to training (e.g. CoNaLa-Large beside curated CoNaLa), each read
   * with its own import options and cleaned with its own `clean` (absent = the first file's: the
   * CLI reads every --data file alike; the studio says per file, since a stored dataset version is
   * already cleaned and a raw catalog file is not). Only the first file is split, so its validation
   * and test splits stay what they are alone; a pair that repeats one already kept, or would leak
   * into those splits (same description or same code, leak-check.ts), is left out and counted.
   */
  extraTraining?: ExtraTrainingFile[];
}

export interface ExtraTrainingFile {
  path: string;
  import?: ImportOptions;
  /** As RunDataOptions.clean ({} = the defaults, false = none); absent = the first file's setting. */
  clean?: Partial<CleanOptions> | false;
}
