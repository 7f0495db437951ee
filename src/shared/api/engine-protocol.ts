// Messages between the services (which supervise) and the engine process (which owns TF.js,
// trains and generates). Plain data only. One run trains at a time; requests (generation) carry an
// id, stream events, and end in exactly one result or error with that id; they can be cancelled.
import type { TrainConfig } from '../config/train-config';
import type { GenerateRequest, GenerationEvent, GenerationResult } from '../generation/generation';
import type { AttentionInspection, AttentionRequest } from '../attention/inspection';
import type { ErrorData } from './contract';
import type { RunDataOptions } from '../runs/run-data';
import type { CorpusSummary, PretrainingInfo } from '../runs/pretraining';
import type { DecodeSettings } from '../generation/decode-settings';

/** What can be asked of the engine, and what each answers. */
export interface EngineRequests {
  generate: { args: { runDir: string; request: GenerateRequest }; event: GenerationEvent; result: GenerationResult };
  attention: { args: { runDir: string; request: AttentionRequest }; event: never; result: AttentionInspection };
}
export type EngineRequestType = keyof EngineRequests;
export type EngineRequest = { [K in EngineRequestType]: { type: K } & EngineRequests[K]['args'] }[EngineRequestType];

export type EngineCommand =
  | {
      type: 'train';
      runId: string;
      runDir: string;
      /** Absent when resuming: the run folder knows its data (and its config). */
      data?: RunDataOptions;
      /** The preset the config started from (kept in run.json). */
      preset?: string;
      /** A new run's resolved config: the engine trains exactly what the studio checked. */
      config?: TrainConfig;
      name?: string;
      resume: boolean;
    }
  | { type: 'pause'; runId: string }
  | { type: 'request'; id: string; request: EngineRequest }
  /** Stops a request: a queued one fails with code 'cancelled', a running one returns what it has. */
  | { type: 'cancel'; id: string }
  | { type: 'shutdown' };

/** The subset of trainer events the engine forwards (see src/ml/train/trainer.ts TrainerEvent). */
export type EngineRunEvent =
  | { type: 'prepared'; parameterCount: number; backend: string }
  | { type: 'step'; step: number; epoch: number; loss: number; learningRate: number; targetTokensPerSecond: number; elapsedMs: number }
  | {
      type: 'evaluation'; step: number; elapsedMs: number; validationLoss: number; bleu: number; exactMatch: number; syntaxValid: number;
      samples: { description: string; reference: string; hypothesis: string; sentenceBleu: number; syntaxValid?: boolean }[];
    }
  | { type: 'checkpoint'; step: number; best: boolean }
  /** From this step on training uses only the first data file's `examples` training pairs (config.fineTuneMinutes). */
  | { type: 'fine-tuning'; step: number; examples: number }
  /** Decoder pretraining (src/shared/runs/pretraining.ts PretrainEvent), before the first pair-training step. */
  | { type: 'pretrain'; phase: 'started'; corpus: CorpusSummary; resumedFromStep: number | null; maxSteps: number | null; maxMinutes: number | null }
  | { type: 'pretrain'; phase: 'step'; step: number; loss: number; elapsedMs: number; maxSteps: number | null; maxMinutes: number | null }
  | { type: 'pretrain'; phase: 'finished'; done: boolean; step: number; elapsedMs: number; heldOutLoss: PretrainingInfo['heldOutLoss'] }
  | { type: 'pretrain'; phase: 'already-done'; step: number }
  /** After training (config.tuneReranker): validation pairs decoded for tuning the reranker so far. */
  | { type: 'reranker'; done: number; total: number }
  | { type: 'reranker-tuned'; settings: Extract<DecodeSettings, { strategy: 'beam' }>; bleu: number; logProbBleu: number; seconds: number };

export type EngineMessage =
  | { type: 'ready'; backend: string }
  | { type: 'run-event'; runId: string; event: EngineRunEvent }
  | { type: 'run-finished'; runId: string; reason: string }
  | { type: 'run-failed'; runId: string; error: ErrorData }
  /** A train command the engine refused without touching any run (it is busy with another). */
  | { type: 'command-rejected'; runId: string; error: ErrorData }
  | { type: 'request-event'; id: string; event: EngineRequests[EngineRequestType]['event'] }
  | { type: 'request-done'; id: string; result: EngineRequests[EngineRequestType]['result'] }
  | { type: 'request-failed'; id: string; error: ErrorData };
