// The plain-data shapes that cross the contract: what the renderer sees of runs, datasets and
// the engine. No classes, functions or tensors.
import type { PresetName } from '../config/presets';
import type { TrainConfig, TrainConfigOverrides } from '../config/train-config';
import type { DatasetVersionRef } from '../runs/run-data';

export type RunState = 'preparing' | 'training' | 'paused' | 'stopped' | 'completed' | 'failed' | 'interrupted';

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'web';
  dataDir: string;
  engine: EngineStatus;
}

export interface EngineStatus {
  state: 'starting' | 'ready' | 'crashed' | 'restarting';
  /** Label of the TF.js backend in use, e.g. "wasm (SIMD, 1 thread)"; null until the engine has started. */
  backend: string | null;
  /** Why the engine is not ready (crash message), for the banner. */
  message?: string;
  activeRunId: string | null;
}

export interface PresetInfo {
  name: PresetName;
  description: string;
  config: TrainConfig;
}

/** A field of the training form, with its explanation for the tooltip. */
export interface ConfigFieldInfo {
  path: string;
  description: string;
}

export interface DatasetSummary {
  id: string;
  name: string;
  path: string;
  /** True for the sample the studio ships. */
  builtIn: boolean;
  pairs: number | null;
  /** Present for a dataset of the studio's database: the version a run would train on (the head). */
  stored?: {
    datasetId: string; versionId: number; versionLabel: string; contentHash: string;
    /** The version keeps each question's pairs (CoNaLa's question_id) in one split. */
    splitByQuestion: boolean;
  };
}

/**
 * A dataset whose pairs only add to training (e.g. CoNaLa-Large beside curated CoNaLa): it is not
 * split, and its repeats and pairs that would leak into the main dataset's validation or test split
 * are left out. Named like the main dataset: a catalog id or "store:ds-…", never a path.
 */
export interface ExtraTrainingSource {
  datasetId: string;
  /** For a stored dataset: the version to add (default: its current one). */
  versionId?: number;
}

export interface StartRunArgs {
  datasetId: string;
  /** For a stored dataset: the version to train on (default: its current one). */
  versionId?: number;
  /** More training-only data, added after the main dataset is split. */
  extraTraining?: ExtraTrainingSource[];
  preset: PresetName;
  overrides?: TrainConfigOverrides;
  name?: string;
  /** The first-launch quick run: a preset sized to show learning within minutes. */
  quick?: boolean;
}

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  learningRate: number;
  targetTokensPerSecond: number;
  elapsedMs: number;
}

/** Scores (BLEU, exact match, syntax-valid, sentence BLEU) are on a 0–100 scale throughout. */
export interface EvaluationPoint {
  step: number;
  elapsedMs: number;
  validationLoss: number;
  bleu: number;
  exactMatch: number;
  syntaxValid: number | null;
}

export interface DecodedSampleData {
  description: string;
  reference: string;
  hypothesis: string;
  sentenceBleu: number;
  syntaxValid?: boolean;
}

export interface SamplesAtStep {
  step: number;
  samples: DecodedSampleData[];
}

export interface RunListItem {
  id: string;
  name: string;
  status: RunState;
  preset: string;
  datasetName: string;
  createdAt: string;
  updatedAt: string;
  steps: number;
  maxSteps: number;
  elapsedMs: number;
  bestBleu: number | null;
  bestExactMatch: number | null;
  parameterCount: number;
  backend: string;
  /** The dataset version the run trained on, when it came from the studio's database. */
  datasetVersion?: DatasetVersionRef;
  /** Training-only files the run added, with what each gave (present once the data is prepared). */
  extraTraining?: ExtraTrainingSummary[];
  /** What the run took besides its training steps, measured: estimates for the next run read it. */
  timing?: RunTiming;
  /** The run's resolved config (always in a RunDetail): estimates compare the model and batch they measured. */
  config?: TrainConfig;
  error?: string;
}

export interface ExtraTrainingSummary {
  /** The file's name (a stored dataset's is written into the run folder, named after it). */
  name: string;
  pairs: number;
  added: number;
  duplicates: number;
  leaks: number;
}

export interface RunTiming {
  /** From the start request to the first step: data read, cleaned, split and encoded, model built. Null when not recorded. */
  prepareMs: number | null;
  /** One evaluation (validation loss and decoded samples), the median of the run's; null before the first. */
  evaluationMs: number | null;
  /** Tuning the n-best reranker after training (config.tuneReranker); null when the run did not tune one. */
  rerankerMs: number | null;
}

/**
 * Decoder pretraining (config.pretrain), before the first pair-training step: live from the
 * engine's events, or read from run.json (then `loss` is null).
 */
export interface PretrainingPhase {
  /** As configured: "stdlib" (this machine's Python standard library) or a folder. */
  corpus: string;
  /** running: not finished (pretraining now, or paused part-way); done: pair training starts from it. */
  status: 'running' | 'done';
  step: number;
  /** The budget asked for: steps, minutes (either may be null). */
  maxSteps: number | null;
  maxMinutes: number | null;
  elapsedMs: number;
  /** The newest step's training loss; null before the first step or when read from run.json. */
  loss: number | null;
  /** Loss on held-out windows of the corpus, at random initialisation and after pretraining. */
  heldOutLoss: { before: number | null; after: number | null };
}

/** From `step` on, training uses only the first data file's `examples` training pairs (config.fineTuneMinutes). */
export interface FineTuningPhase {
  step: number;
  examples: number;
}

/** Tuning the n-best reranker on the validation split after training (config.tuneReranker). */
export interface RerankerPhase {
  status: 'tuning' | 'done';
  /** Validation pairs decoded so far, of `total`. */
  done: number;
  total: number;
  /** Since tuning started, or (done) how long it took. */
  elapsedMs: number;
  /** Once done: corpus BLEU of the most likely candidate and of the reranked choice (0–100). */
  logProbBleu?: number;
  bleu?: number;
  /** Once done: the decoding the run now recommends. */
  beamWidth?: number;
  reranked?: boolean;
}

/** What a run does besides its pair-training steps, as far as known; each present once it has begun. */
export interface RunPhases {
  pretraining?: PretrainingPhase;
  fineTuning?: FineTuningPhase;
  reranker?: RerankerPhase;
}

export interface RunDetail extends RunListItem {
  config: TrainConfig;
  /** Pretraining, fine-tuning and reranker tuning, as run.json and the live run say. */
  phases?: RunPhases;
  stepPoints: StepPoint[];
  evaluations: EvaluationPoint[];
  samples: SamplesAtStep[];
  checkpoints: { name: string; step: number; best: boolean }[];
}

export interface RunStatusChange {
  runId: string;
  status: RunState;
  error?: string;
  /** Present once the data is prepared. */
  run?: RunListItem;
}
