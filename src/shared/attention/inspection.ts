// What the attention inspector asks the engine for and gets back: one map (a head, the head
// average or the rollout) of one kind and layer, every head's thumbnail for the overview, and the
// tokens on both sides with their character ranges in the prompt and in the code.
import { z } from 'zod';
import { CheckpointChoiceSchema, PROMPT_MAX_CHARS } from '../generation/generation';
import type { CharRange } from './align';
import type { Matrix } from './matrix';
import { unpackMatrix, type PackedMatrix } from './packed-matrix';

export const ATTENTION_KINDS = ['encoder', 'decoder', 'cross'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** Which map to draw: one head, the mean of a layer's heads, or the rollout through all layers. */
export const AttentionViewSchema = z.object({
  kind: z.enum(ATTENTION_KINDS),
  layer: z.number().int().min(0).max(63),
  head: z.union([z.number().int().min(0).max(255), z.literal('mean'), z.literal('rollout')]),
}).strict();
export type AttentionView = z.infer<typeof AttentionViewSchema>;

export const AttentionRequestSchema = z.object({
  prompt: z.string().min(1).max(PROMPT_MAX_CHARS),
  checkpoint: CheckpointChoiceSchema,
  /** The code to read teacher-forced: token ids (a generated candidate) or source text (a dataset reference). */
  target: z.union([
    z.object({ ids: z.array(z.number().int().min(0).max(10_000_000)).max(4096) }).strict(),
    z.object({ code: z.string().max(100_000) }).strict(),
  ]),
  view: AttentionViewSchema,
}).strict();
export type AttentionRequest = z.infer<typeof AttentionRequestSchema>;

export interface InspectedToken {
  text: string;
  /** Characters of the prompt (source) or of the code (target) this token covers; null when none. */
  range: CharRange | null;
  /** Source only: false when the model reads it as <unk>. */
  known?: boolean;
}

/** What the engine sends (M = PackedMatrix) and what the inspector draws (M = Matrix). */
export interface AttentionInspectionOf<M> {
  checkpoint: string;
  layers: number;
  heads: number;
  /** The English tokens the encoder read (ending with <eos>). */
  source: InspectedToken[];
  /** The decoder's inputs (<bos> then the code tokens): the columns of decoder self-attention. */
  targetInputs: InspectedToken[];
  /** The tokens written at each decoder position (the code tokens then <eos>): the rows of decoder and cross maps. */
  targetOutputs: InspectedToken[];
  code: string;
  /** Said above the view: code cut to the model's length, no <eos> position. */
  notes: string[];
  view: AttentionView;
  /** rows × cols: encoder S×S, decoder T×T, cross T×S. */
  map: M;
  /** Every head of this kind and layer (the token graph draws one colour per head). */
  headMaps: M[];
  /** Every layer × head of this kind, mean-pooled to at most 32 × 32, [layer][head]. */
  overview: Matrix[][];
  milliseconds: number;
}

/** On the wire: the big maps packed. */
export type AttentionInspection = AttentionInspectionOf<PackedMatrix>;
/** In the inspector: every map as plain numbers. */
export type AttentionMaps = AttentionInspectionOf<Matrix>;

export function unpackInspection(packed: AttentionInspection): AttentionMaps {
  return { ...packed, map: unpackMatrix(packed.map), headMaps: packed.headMaps.map(unpackMatrix) };
}
