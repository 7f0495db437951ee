// What the playground asks of the studio and gets back, beyond the engine's GenerationResult: the
// prompt as the model reads it, CPython's verdict on the code, the dataset's reference, history.
import type { DecodeSettings } from './decode-settings';
import type { GenerationResult } from './generation';

export interface PromptWord {
  text: string;
  /** False when the model never saw this word in training: it reads it as <unk>. */
  known: boolean;
  /** A quoted value the model reads as this slot token (var_0, str_0) and writes back into the code. */
  slot?: string;
}

export interface PromptInspection {
  words: PromptWord[];
  unknownWords: string[];
  /** The model has copy attention: it can write unknown words of the prompt into the code. */
  copies: boolean;
  /** The model reads at most this many source tokens; the rest of a longer prompt is ignored. */
  maxTokens: number;
  truncated: boolean;
  /** The dataset's code for exactly this description (after normalising case and spaces), if any. */
  reference: { code: string; split: 'train' | 'validation' | 'test' } | null;
}

export type SyntaxVerdict = { ok: true } | { ok: false; line: number; column: number; message: string };

export interface CheckedCandidate {
  syntax: SyntaxVerdict;
  /** Sentence BLEU (0–100) against the dataset's reference for this prompt, when there is one. */
  bleu: number | null;
}

export interface PlaygroundResult extends GenerationResult {
  /** The history entry this result was saved as. */
  historyId: string;
  runId: string;
  createdAt: string;
  checks: CheckedCandidate[];
  reference: PromptInspection['reference'];
}

/** One line of a run's playground.jsonl: a result as it was shown. */
export type HistoryEntry = PlaygroundResult;

export interface HistorySummary {
  historyId: string;
  createdAt: string;
  prompt: string;
  settings: DecodeSettings;
  checkpoint: string;
  firstLine: string;
  cancelled: boolean;
  forced: boolean;
}
