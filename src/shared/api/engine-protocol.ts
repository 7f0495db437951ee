// Messages between the services (which supervise) and the engine process (which owns TF.js and
// trains). Plain data only. One run trains at a time; inference requests may come later.
import type { TrainConfig } from '../config/train-config';
import type { ErrorData } from './contract';

export type EngineCommand =
  | {
      type: 'train';
      runId: string;
      runDir: string;
      /** Absent when resuming: the run folder knows its data (and its config). */
      dataPath?: string;
      /** The preset the config started from (kept in run.json). */
      preset?: string;
      /** A new run's resolved config: the engine trains exactly what the studio checked. */
      config?: TrainConfig;
      name?: string;
      resume: boolean;
    }
  | { type: 'pause'; runId: string }
  | { type: 'shutdown' };

/** The subset of trainer events the engine forwards (see src/ml/train/trainer.ts TrainerEvent). */
export type EngineRunEvent =
  | { type: 'prepared'; parameterCount: number; backend: string }
  | { type: 'step'; step: number; epoch: number; loss: number; learningRate: number; targetTokensPerSecond: number; elapsedMs: number }
  | {
      type: 'evaluation'; step: number; elapsedMs: number; validationLoss: number; bleu: number; exactMatch: number; syntaxValid: number;
      samples: { description: string; reference: string; hypothesis: string; sentenceBleu: number; syntaxValid?: boolean }[];
    }
  | { type: 'checkpoint'; step: number; best: boolean };

export type EngineMessage =
  | { type: 'ready'; backend: string }
  | { type: 'run-event'; runId: string; event: EngineRunEvent }
  | { type: 'run-finished'; runId: string; reason: string }
  | { type: 'run-failed'; runId: string; error: ErrorData }
  /** A train command the engine refused without touching any run (it is busy with another). */
  | { type: 'command-rejected'; runId: string; error: ErrorData };
