// Decoder pretraining settings (TrainConfig.pretrain): before pair training, the decoder learns
// Python as a language model on a folder of source code (src/jobs/pretrain-decoder.ts). Validated
// like every other field: the folder name comes from a CLI flag, a form or an old run.json.
import { z } from 'zod';

/** The corpus name that means "the Python standard library of the machine that trains". */
export const STDLIB_CORPUS = 'stdlib';

/** How much of a folder is read at most: a home folder picked by mistake must not take an hour. */
export const CORPUS_LIMITS = {
  maxFiles: 20_000,
  maxBytes: 64 * 1024 * 1024,
  /** Larger files are generated data (pydoc's topics.py, Unicode tables), not code to learn from. */
  maxFileBytes: 1024 * 1024,
} as const;

export const PretrainConfigSchema = z
  .object({
    /** A folder of Python source (every *.py under it), or "stdlib" for this machine's Python standard library. */
    corpus: z.string().trim().min(1, 'name a folder of Python source').max(4096),
    /** Stop pretraining after this many optimizer steps. */
    steps: z.number().int().min(1).max(10_000_000).optional(),
    /** Stop pretraining after this many minutes (over all resumes). */
    minutes: z.number().positive().max(60 * 24 * 30).optional(),
  })
  .strict()
  .refine((p) => p.steps !== undefined || p.minutes !== undefined, { message: 'pretraining needs steps or minutes (or both)', path: ['steps'] });

export type PretrainConfig = z.infer<typeof PretrainConfigSchema>;

/** Tooltips of the training form's pretraining fields (the schema's comments, in words). */
export const PRETRAIN_FIELD_DOCS = {
  corpus:
    'Pretrain the decoder on a folder of Python source: before training on the pairs, the decoder, target embedding and generator learn to write Python from every *.py file under it. "stdlib" is this machine\'s Python standard library. Empty: no pretraining.',
  steps: 'Stop pretraining after this many optimizer steps.',
  minutes: 'Stop pretraining after this many minutes (over all resumes).',
} as const;
