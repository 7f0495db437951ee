// The decoding settings a person picks in the playground or on the command line, validated at
// every boundary (zod) and stored with each result. The engine's decoders take exactly this shape.
import { z } from 'zod';
import { RerankWeightsSchema } from './rerank';

export const MAX_BEAM_WIDTH = 16;
export const MAX_ALTERNATIVES = 10;

const maxLength = z.number().int().min(1).max(1024).optional();

export const DecodeSettingsSchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('greedy'), maxLength }).strict(),
  z.object({
    strategy: z.literal('beam'),
    beamWidth: z.number().int().min(1).max(MAX_BEAM_WIDTH),
    lengthPenalty: z.number().min(0).max(5),
    /** Reorder the final beams with these feature weights (rerank.ts), tuned on a run's validation split. */
    rerank: RerankWeightsSchema.optional(),
    maxLength,
  }).strict(),
  z.object({
    strategy: z.literal('sample'),
    temperature: z.number().gt(0).max(10),
    topK: z.number().int().min(0).max(100_000),
    topP: z.number().gt(0).max(1),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    maxLength,
  }).strict(),
]);

export type DecodeSettings = z.infer<typeof DecodeSettingsSchema>;

export const DEFAULT_DECODE_SETTINGS = {
  greedy: { strategy: 'greedy' },
  beam: { strategy: 'beam', beamWidth: 4, lengthPenalty: 0.6 },
  sample: { strategy: 'sample', temperature: 0.8, topK: 0, topP: 0.95, seed: 1 },
} as const satisfies Record<DecodeSettings['strategy'], DecodeSettings>;

/** One line for history lists and the CLI: "beam 4 (α 0.6)", "sample T 0.8 top-p 0.95 seed 1". */
export function describeSettings(settings: DecodeSettings): string {
  const limit = settings.maxLength ? `, ≤ ${settings.maxLength} tokens` : '';
  switch (settings.strategy) {
    case 'greedy':
      return `greedy${limit}`;
    case 'beam': {
      const r = settings.rerank;
      const reranked = r ? ` reranked (length ${r.length}${r.reverse ? `, reverse ${r.reverse}` : ''}${r.parses ? `, parses ${r.parses}` : ''})` : '';
      return `beam ${settings.beamWidth} (α ${settings.lengthPenalty})${reranked}${limit}`;
    }
    case 'sample': {
      const filters = [settings.topK > 0 ? `top-k ${settings.topK}` : '', settings.topP < 1 ? `top-p ${settings.topP}` : ''].filter(Boolean).join(' ');
      return `sample T ${settings.temperature}${filters ? ` ${filters}` : ''} seed ${settings.seed}${limit}`;
    }
  }
}
