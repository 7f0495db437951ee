// One training run on disk (layout in the README and ../shared/guide/ARCHITECTURE.md §4):
//   run.json        manifest: resolved config, dataset fingerprint, status, summary
//   tokenizer.json  the codec (vocabularies + options) built from the training split
//   metrics.jsonl   one line per step / evaluation;  samples.jsonl: decoded samples per evaluation
//   checkpoints/    step-NNNNNN/ folders and best.json (written by the trainer)
// JSON files are replaced atomically (temporary file + rename); updates of run.json hold its lock,
// so the engine (status, summary) and the services (rename) never lose each other's changes.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainConfig } from '../../shared/config/train-config';
import type { ExtraTrainingInfo, RunDataOptions } from '../../shared/runs/run-data';
import type { DecodeSettings } from '../../shared/generation/decode-settings';
import type { PretrainingInfo } from '../../shared/runs/pretraining';
import type { CleanOptions } from '../../shared/dataset/clean';
import type { ImportOptions } from '../../shared/dataset/pair';
import { writeJsonAtomically } from '../../files/atomic-write';
import { withFileLock } from '../../files/file-lock';
import { appendJsonLines, readJsonLines } from '../../files/jsonl';

export type RunStatus = 'preparing' | 'training' | 'stopped' | 'completed' | 'failed';

export interface RunDatasetInfo {
  path: string;
  format: string;
  /** Fingerprint of the cleaned pairs (their content ids), to notice a changed file on resume. */
  fingerprint: string;
  pairs: number;
  train: number;
  validation: number;
  test: number;
  /** Pairs that could not become training examples (too long, untokenizable). */
  skipped: number;
  /** Files whose pairs were added to training (RunDataOptions.extraTraining). */
  extraTraining?: ExtraTrainingInfo[];
}

export type { RunDataOptions } from '../../shared/runs/run-data';

export interface RunSummary {
  steps: number;
  epochs: number;
  elapsedMs: number;
  bestBleu: number | null;
  bestStep: number | null;
  stopReason?: string;
}

export interface RunManifest {
  format: 'code-studio-run';
  version: 1;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  appVersion: string;
  preset: string;
  config: TrainConfig;
  dataset: RunDatasetInfo;
  /** How the dataset was imported, cleaned and split, so a resume rebuilds exactly the same examples. */
  dataOptions: RunDataOptions;
  parameterCount: number;
  backend: string;
  summary: RunSummary;
  error?: string;
  /** How this run's model is best decoded (its preset's recommendation); eval and generate use it unless told otherwise. */
  decoding?: DecodeSettings;
  /** How the n-best reranker behind `decoding` was tuned (config.tuneReranker or `code-studio rerank`): validation BLEU without and with it. */
  reranker?: { validationPairs: number; bleu: number; logProbBleu: number; seconds: number };
  /** What the decoder was pretrained on and how far (src/jobs/pretrain-decoder.ts); absent without pretraining. */
  pretraining?: PretrainingInfo;
  /** When training switched to the first data file's pairs alone (config.fineTuneMinutes), and how many there are. */
  fineTuning?: { step: number; examples: number };
  /**
   * Started from the studio: wall-clock time from the start request to the engine's "prepared"
   * (data read, cleaned, split and encoded; model built). The studio's next estimate reads it.
   */
  preparedInMs?: number;
}

export const RUN_FILES = {
  manifest: 'run.json',
  codec: 'tokenizer.json',
  metrics: 'metrics.jsonl',
  samples: 'samples.jsonl',
  checkpoints: 'checkpoints',
} as const;

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is damaged (not valid JSON: ${(error as Error).message.slice(0, 120)})`);
  }
}

export class RunStore {
  constructor(readonly dir: string) {}

  get checkpointsDir(): string {
    return join(this.dir, RUN_FILES.checkpoints);
  }

  async create(manifest: RunManifest, codec: unknown): Promise<void> {
    await mkdir(this.checkpointsDir, { recursive: true });
    await writeJsonAtomically(join(this.dir, RUN_FILES.codec), codec);
    await writeJsonAtomically(join(this.dir, RUN_FILES.manifest), manifest);
  }

  async exists(): Promise<boolean> {
    try {
      await readFile(join(this.dir, RUN_FILES.manifest));
      return true;
    } catch {
      return false;
    }
  }

  async readManifest(): Promise<RunManifest> {
    const path = join(this.dir, RUN_FILES.manifest);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new Error(`${this.dir} is not a run folder: ${RUN_FILES.manifest} is missing`);
    }
    const manifest = parseJson(text, path) as RunManifest | null;
    if (manifest?.format !== 'code-studio-run') throw new Error(`${path} is not a code-studio run manifest`);
    return manifest;
  }

  async readCodec(): Promise<unknown> {
    const path = join(this.dir, RUN_FILES.codec);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new Error(`${this.dir} has no ${RUN_FILES.codec}: the run folder is incomplete`);
    }
    return parseJson(text, path);
  }

  /** Read-modify-write of run.json under its lock: concurrent updates apply one after another. */
  update(patch: Partial<RunManifest>): Promise<RunManifest> {
    const path = join(this.dir, RUN_FILES.manifest);
    return withFileLock(path, async () => {
      const next = { ...(await this.readManifest()), ...patch, updatedAt: new Date().toISOString() };
      await writeJsonAtomically(path, next);
      return next;
    });
  }

  appendMetrics(records: readonly unknown[]): Promise<void> {
    return appendJsonLines(join(this.dir, RUN_FILES.metrics), records);
  }

  appendSamples(records: readonly unknown[]): Promise<void> {
    return appendJsonLines(join(this.dir, RUN_FILES.samples), records);
  }

  readMetrics<T = Record<string, unknown>>(): Promise<T[]> {
    return readJsonLines<T>(join(this.dir, RUN_FILES.metrics));
  }

  readSamples<T = Record<string, unknown>>(): Promise<T[]> {
    return readJsonLines<T>(join(this.dir, RUN_FILES.samples));
  }
}
