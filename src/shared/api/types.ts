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
  stored?: { datasetId: string; versionId: number; versionLabel: string; contentHash: string };
}

export interface StartRunArgs {
  datasetId: string;
  /** For a stored dataset: the version to train on (default: its current one). */
  versionId?: number;
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
  error?: string;
}

export interface RunDetail extends RunListItem {
  config: TrainConfig;
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
