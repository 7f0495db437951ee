// The training configuration: one zod schema with a comment on every field, so the CLI, the
// form in the studio and a saved run.json all agree. Unknown keys are rejected (a typo must not
// silently train the default). Resolution order: defaults → preset → overrides (see presets.ts).
// Every number has an upper bound, so no value from a form, a CLI flag or an old run.json can make
// the studio misbehave; whether the whole model fits in memory is memory-estimate.ts's question.
import { z } from 'zod';
import { PretrainConfigSchema } from './pretrain-config';

export const ModelConfigSchema = z
  .object({
    /** d_model: width of every token representation. */
    dModel: z.number().int().min(8).max(2048),
    /** N: layers in the encoder. */
    encoderLayers: z.number().int().min(1).max(24),
    /** N: layers in the decoder. */
    decoderLayers: z.number().int().min(1).max(24),
    /** h: attention heads; must divide dModel. */
    numHeads: z.number().int().min(1).max(64),
    /** d_ff: inner width of the position-wise feed-forward network. */
    dFF: z.number().int().min(8).max(16384),
    /** P_drop: dropout on sub-layer outputs, embeddings and attention weights. */
    dropout: z.number().min(0).max(0.9),
    /** Longest English input in tokens (longer inputs are truncated). */
    maxSourceLength: z.number().int().min(4).max(2048),
    /** Longest Python output in tokens, including the end marker. */
    maxTargetLength: z.number().int().min(4).max(4096),
    /** Sinusoidal (the paper's, no parameters) or learned position embeddings. */
    positions: z.enum(['sinusoidal', 'learned']),
    /** Share the target embedding matrix with the output projection (paper §3.4). */
    tieWeights: z.boolean(),
    /** 'post' is the paper's LayerNorm(x + Sublayer(x)); 'pre' (x + Sublayer(LayerNorm(x))) trains more stably on small data. */
    norm: z.enum(['pre', 'post']),
    /** Copy attention: the decoder may also write any token of the English input, even one outside its vocabulary (a pointer over the source, one softmax with the vocabulary). */
    copy: z.boolean().default(false),
  })
  .strict()
  .refine((m) => m.dModel % m.numHeads === 0, { message: 'dModel must be divisible by numHeads', path: ['numHeads'] });

export const TrainConfigSchema = z
  .object({
    model: ModelConfigSchema,
    /** Pairs per batch. */
    batchSize: z.number().int().min(1).max(4096),
    /** Peak learning rate, reached at the end of warmup. */
    learningRate: z.number().positive().max(1),
    /** Linear warmup steps from 0 to the peak learning rate. */
    warmupSteps: z.number().int().min(0).max(1_000_000),
    /** After warmup: 'inverse-sqrt' (the paper's), 'cosine' to 10% of peak at maxSteps, or 'constant'. */
    decay: z.enum(['inverse-sqrt', 'cosine', 'constant']),
    // β = 1 would zero Adam's bias correction (1 − β^t) and turn every update into NaN.
    /** Adam β1, β2, ε (paper: 0.9, 0.98, 1e-9). */
    adamBeta1: z.number().min(0).lt(1),
    adamBeta2: z.number().min(0).lt(1),
    adamEpsilon: z.number().positive().max(1),
    /** Decoupled weight decay (AdamW); 0 turns it off. */
    weightDecay: z.number().min(0).max(1),
    /** Rescale gradients when their global L2 norm exceeds this; 0 turns clipping off. */
    clipNorm: z.number().min(0).max(1e6),
    /** ε_ls: label smoothing (paper: 0.1). */
    labelSmoothing: z.number().min(0).max(0.5),
    /** Stop after this many optimizer steps. */
    maxSteps: z.number().int().min(1).max(100_000_000),
    /** Stop after this many minutes of training (0 = no limit). */
    maxMinutes: z.number().min(0).max(60 * 24 * 365),
    /** Evaluate (validation loss, BLEU of greedy decoding) every this many steps. */
    evalEvery: z.number().int().min(1).max(100_000_000),
    /** Validation pairs decoded for BLEU / exact match / syntax at each evaluation. */
    evalSamples: z.number().int().min(1).max(10_000),
    /** Early stopping: stop after this many evaluations without a better validation BLEU (0 = never). */
    patience: z.number().int().min(0).max(10_000),
    /** Save a resumable checkpoint every this many steps (and at the end). */
    checkpointEvery: z.number().int().min(1).max(100_000_000),
    /**
     * Evaluate and keep an exponential moving average of the weights (Polyak averaging): after each
     * step average ← d·average + (1 − d)·weights. Smooths the noise of small-batch training; 0 = off.
     */
    averageDecay: z.number().min(0).lt(1).default(0),
    /**
     * Train a small reverse model (code → description) beside this one on the same batches, for
     * reranking beam search's candidates by how well they account for the description.
     */
    reverseModel: z.boolean().default(false),
    /**
     * When training ends, tune n-best reranking (forward and reverse scores, length, parses) on the
     * validation split for BLEU; the run then recommends beam search with those weights.
     */
    tuneReranker: z.boolean().default(false),
    /**
     * Mixing several data files: each epoch shows the first file's training pairs (the curated
     * set) this many times and the added files' pairs once. 1 = a plain union.
     */
    primaryWeight: z.number().int().min(1).max(100).default(1),
    /**
     * Train on all files, then fine-tune: for the last this-many minutes of maxMinutes, epochs show
     * only the first file's training pairs. 0 = off; needs maxMinutes.
     */
    fineTuneMinutes: z.number().min(0).max(60 * 24 * 365).default(0),
    /** Checkpoints kept besides the best one. */
    keepCheckpoints: z.number().int().min(1).max(100),
    /** Seed for initialisation, shuffles and dropout. */
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Code tokens: split string literals into characters so their contents do not flood the vocabulary. */
    splitStrings: z.boolean(),
    /** Slot placeholders: values the description quotes become var_0 / str_0 in both halves, filled back in after decoding (needs splitStrings). */
    slots: z.boolean().default(false),
    /** Tokens seen fewer times than this in the training split become <unk>. */
    minFrequency: z.number().int().min(1).max(1_000_000),
    /** Upper bound on each vocabulary's size. */
    maxVocabulary: z.number().int().min(16).max(200_000),
    /** Decoder pretraining: before the pairs, the decoder learns Python from a folder of source code (absent = none). */
    pretrain: PretrainConfigSchema.optional(),
  })
  .strict()
  .refine((c) => !c.slots || c.splitStrings, { message: 'slots needs splitStrings (a slot can stand for part of a string)', path: ['slots'] })
  .refine((c) => c.fineTuneMinutes === 0 || c.maxMinutes > 0, {
    message: 'fineTuneMinutes needs maxMinutes: fine-tuning takes the last minutes of the time limit',
    path: ['fineTuneMinutes'],
  });

export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type TrainConfig = z.infer<typeof TrainConfigSchema>;

/** A partial config as a user writes it: any field of TrainConfig, model fields nested under `model`. */
export type TrainConfigOverrides = Partial<Omit<TrainConfig, 'model'>> & { model?: Partial<ModelConfig> };
