// One-line explanations of every TrainConfig field, keyed by its path ('batchSize', 'model.dModel'),
// for the training form's tooltips. They repeat the doc comments of train-config.ts (a test keeps
// the two in step and checks that every schema key has one). Not the schema: no validation here.

export const FIELD_DOCS = {
  'model.dModel': 'd_model: width of every token representation.',
  'model.encoderLayers': 'N: layers in the encoder.',
  'model.decoderLayers': 'N: layers in the decoder.',
  'model.numHeads': 'h: attention heads; must divide dModel.',
  'model.dFF': 'd_ff: inner width of the position-wise feed-forward network.',
  'model.dropout': 'P_drop: dropout on sub-layer outputs, embeddings and attention weights.',
  'model.maxSourceLength': 'Longest English input in tokens (longer inputs are truncated).',
  'model.maxTargetLength': 'Longest Python output in tokens, including the end marker.',
  'model.positions': "Sinusoidal (the paper's, no parameters) or learned position embeddings.",
  'model.tieWeights': 'Share the target embedding matrix with the output projection (paper §3.4).',
  'model.norm':
    "'post' is the paper's LayerNorm(x + Sublayer(x)); 'pre' (x + Sublayer(LayerNorm(x))) trains more stably on small data.",
  'model.copy':
    'Copy attention: the decoder may also write any token of the English input, even one outside its vocabulary (a pointer over the source, one softmax with the vocabulary).',
  batchSize: 'Pairs per batch.',
  learningRate: 'Peak learning rate, reached at the end of warmup.',
  warmupSteps: 'Linear warmup steps from 0 to the peak learning rate.',
  decay: "After warmup: 'inverse-sqrt' (the paper's), 'cosine' to 10% of peak at maxSteps, or 'constant'.",
  adamBeta1: 'Adam β1: decay of the running mean of gradients (paper: 0.9).',
  adamBeta2: 'Adam β2: decay of the running mean of squared gradients (paper: 0.98).',
  adamEpsilon: 'Adam ε: added to the denominator for numerical stability (paper: 1e-9).',
  weightDecay: 'Decoupled weight decay (AdamW); 0 turns it off.',
  clipNorm: 'Rescale gradients when their global L2 norm exceeds this; 0 turns clipping off.',
  labelSmoothing: 'ε_ls: label smoothing (paper: 0.1).',
  maxSteps: 'Stop after this many optimizer steps.',
  maxMinutes: 'Stop after this many minutes of training (0 = no limit).',
  evalEvery: 'Evaluate (validation loss, BLEU of greedy decoding) every this many steps.',
  evalSamples: 'Validation pairs decoded for BLEU / exact match / syntax at each evaluation.',
  patience: 'Early stopping: stop after this many evaluations without a better validation BLEU (0 = never).',
  checkpointEvery: 'Save a resumable checkpoint every this many steps (and at the end).',
  averageDecay:
    'Evaluate and keep an exponential moving average of the weights (Polyak averaging): after each step average ← d·average + (1 − d)·weights. Smooths the noise of small-batch training; 0 = off.',
  reverseModel:
    'Train a small reverse model (code → description) beside this one on the same batches, for reranking beam search\'s candidates by how well they account for the description.',
  tuneReranker:
    'When training ends, tune n-best reranking (forward and reverse scores, length, parses) on the validation split for BLEU; the run then recommends beam search with those weights.',
  primaryWeight:
    "Mixing several data files: each epoch shows the first file's training pairs (the curated set) this many times and the added files' pairs once. 1 = a plain union.",
  fineTuneMinutes:
    "Train on all files, then fine-tune: for the last this-many minutes of maxMinutes, epochs show only the first file's training pairs. 0 = off; needs maxMinutes.",
  keepCheckpoints: 'Checkpoints kept besides the best one.',
  seed: 'Seed for initialisation, shuffles and dropout.',
  splitStrings: 'Code tokens: split string literals into characters so their contents do not flood the vocabulary.',
  slots:
    'Slot placeholders: values the description quotes become var_0 / str_0 in both halves, filled back in after decoding (needs splitStrings).',
  minFrequency: 'Tokens seen fewer times than this in the training split become <unk>.',
  maxVocabulary: "Upper bound on each vocabulary's size.",
  pretrain: 'Decoder pretraining: before the pairs, the decoder learns Python from a folder of source code (absent = none).',
} as const satisfies Record<string, string>;

export type ConfigFieldPath = keyof typeof FIELD_DOCS;

/** The explanation of a field, or an empty string for a path the schema does not have. */
export function fieldDoc(path: string): string {
  return (FIELD_DOCS as Record<string, string>)[path] ?? '';
}
