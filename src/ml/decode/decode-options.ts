// How to turn the model's next-token distribution into a sequence, and what each decoding step
// reports. Shared by the CLI, the playground, the samples panel and evaluation (greedy).
import type { DecodeSettings } from '../../shared/generation/decode-settings';

/** The strategy and its settings, exactly as people pick them (validated in shared). */
export type DecodeOptions = DecodeSettings;

/** One candidate token and its log-probability under the model (before any sampling filter). */
export interface TokenChoice {
  id: number;
  logProb: number;
}

/** One generated position: the token taken, its log-probability and the most likely alternatives. */
export interface TokenStep extends TokenChoice {
  /** The most likely tokens at this position, best first (the chosen one included when it ranks). */
  alternatives: TokenChoice[];
  /** True when the caller forced this token (a prefix), not the strategy. */
  forced: boolean;
}

export interface DecodedSequence {
  /** Generated target ids, without BOS and EOS. */
  ids: number[];
  /** Sum of log-probabilities of the generated tokens (and EOS when reached). */
  logProb: number;
  /** True when the model produced EOS before the length limit. */
  finished: boolean;
  /** Per generated token (same length as ids), when alternatives were asked for. */
  steps?: TokenStep[];
  /** Beam search's length-normalised score (logProb / lp(|Y|)). */
  score?: number;
}

/** What a step-by-step decoder yields while it works (single-source decoding). */
export type DecodeEvent =
  /** Greedy and sampling: the token at `position` (EOS when the program ends). */
  | { type: 'token'; position: number; token: TokenStep }
  /** Beam search: the live hypotheses after `position` tokens, best first. */
  | { type: 'beams'; position: number; beams: { ids: number[]; logProb: number }[] };

/** Settings for a step-by-step decode that go beyond the strategy. */
export interface StepOptions {
  /** Tokens to take first, whatever the model prefers (branching from a chosen alternative). */
  prefix?: readonly number[];
  /** How many alternatives to report per token (0 = none, the fast path for evaluation). */
  alternatives?: number;
  /** Ignore EOS and always decode maxLength tokens (benchmarks). */
  forceLength?: boolean;
}

/** Runs a step-by-step decoder to the end and returns its result. */
export function drain<E, R>(steps: Generator<E, R>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
