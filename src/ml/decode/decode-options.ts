// How to turn the model's next-token distribution into a sequence. Shared by the CLI, the
// playground and evaluation (which always uses greedy).
export type DecodeOptions =
  | { strategy: 'greedy'; maxLength?: number }
  | { strategy: 'beam'; beamWidth: number; lengthPenalty: number; maxLength?: number }
  | { strategy: 'sample'; temperature: number; topK: number; topP: number; seed: number; maxLength?: number };

export interface DecodedSequence {
  /** Generated target ids, without BOS and EOS. */
  ids: number[];
  /** Sum of log-probabilities of the generated tokens (and EOS when reached). */
  logProb: number;
  /** True when the model produced EOS before the length limit. */
  finished: boolean;
}
