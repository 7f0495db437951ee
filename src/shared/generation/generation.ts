// What a generation is, as plain data crossing every boundary (engine → services → renderer, the
// CLI's --json and the history file): the request, the events streamed while decoding, the result.
import { z } from 'zod';
import { DecodeSettingsSchema, MAX_ALTERNATIVES, type DecodeSettings } from './decode-settings';

/** Which weights to use: the best by validation BLEU, the newest, or a checkpoint folder by name. */
export const CheckpointChoiceSchema = z.union([z.literal('best'), z.literal('latest'), z.string().regex(/^step-\d{6,}$/, 'a checkpoint is best, latest or a step-NNNNNN folder name')]);
export type CheckpointChoice = z.infer<typeof CheckpointChoiceSchema>;

export const PROMPT_MAX_CHARS = 2000;

export const GenerateRequestSchema = z.object({
  prompt: z.string().max(PROMPT_MAX_CHARS, `a prompt has at most ${PROMPT_MAX_CHARS} characters`),
  checkpoint: CheckpointChoiceSchema,
  settings: DecodeSettingsSchema,
  /** Target token ids to take first (branching from a chosen alternative). */
  prefix: z.array(z.number().int().min(0).max(10_000_000)).max(1024).optional(),
  alternatives: z.number().int().min(0).max(MAX_ALTERNATIVES).optional(),
}).strict();
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;

export interface TokenAlternative {
  id: number;
  text: string;
  probability: number;
}

export interface GeneratedToken extends TokenAlternative {
  /** The most likely tokens at this position, best first. */
  alternatives: TokenAlternative[];
  /** Taken because the user forced it, not chosen by the decoder. */
  forced: boolean;
}

export interface GeneratedCandidate {
  code: string;
  tokens: GeneratedToken[];
  logProb: number;
  /** Beam search's length-normalised score. */
  score?: number;
  /** False when the length limit cut the program before the model ended it. */
  finished: boolean;
}

export interface GenerationTiming {
  /** Waiting for the engine (a training step in progress, another generation). */
  queuedMs: number;
  /** Loading the checkpoint (0 when it was already open). */
  loadMs: number;
  /** From the start of decoding to the first token. */
  firstTokenMs: number;
  /** Decoding time per generated token, in the engine. */
  msPerToken: number;
  totalMs: number;
  tokens: number;
}

export interface GenerationResult {
  prompt: string;
  settings: DecodeSettings;
  /** The checkpoint folder used and its step. */
  checkpoint: string;
  checkpointStep: number;
  sourceTokens: string[];
  candidates: GeneratedCandidate[];
  /** The prefix forced at the start (ids), when branching. */
  prefix: number[];
  timing: GenerationTiming;
  /** True when the user stopped it: candidates hold what was decoded so far. */
  cancelled: boolean;
}

export type GenerationEvent =
  | { type: 'started'; checkpoint: string; checkpointStep: number; sourceTokens: string[]; queuedMs: number; loadMs: number }
  | { type: 'token'; position: number; token: GeneratedToken }
  | { type: 'beams'; position: number; beams: { tokens: string[]; logProb: number }[] };
