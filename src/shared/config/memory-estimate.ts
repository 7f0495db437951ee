// How much memory training a config needs, estimated before anything is allocated, so a model that
// cannot fit (WebAssembly's heap is 4 GiB at most) is refused up front with the estimate and the
// limit, instead of aborting minutes later inside a kernel. Parameters are counted exactly as
// src/ml/model builds them; activations count the tensors alive at the peak of one training step
// (forward outputs the tape keeps, plus their gradients, which TF.js holds until the step ends),
// as measured on the wasm backend (tests/shared/config/memory-estimate-measured.test.ts).
import type { ModelConfig, TrainConfig } from './train-config';

export interface VocabularySizes {
  sourceVocabSize: number;
  targetVocabSize: number;
}

/** Longest source and target (in tokens) of the batches to train; defaults to the config's maxima. */
export interface BatchLengths {
  sourceLength: number;
  targetLength: number;
}

/** Bytes per part of one training step at its peak. */
export interface MemoryParts {
  /** Weights, plus the fixed sinusoid tables. */
  weights: number;
  /** One gradient per weight, plus the scattered gradients of the two embedding lookups. */
  gradients: number;
  /** Adam's first and second moments. */
  adamMoments: number;
  /** Token embeddings, positions and the final layer norms, with their gradients. */
  embeddings: number;
  /** Q, K and V (projected, split into heads), the attention context and output projection. */
  attentionProjections: number;
  /** Scores, scaled and masked scores, softmax (and dropout) per head: [B,H,S,S], [B,H,T,T], [B,H,T,S]. */
  attentionMaps: number;
  /** The feed-forward hidden layer [B, L, dFF] (and its dropout). */
  feedForward: number;
  /** Sub-layer inputs and outputs: layer norms, residual sums, dropout. */
  residualsAndNorms: number;
  /** The logits [B, T, V], their bias sum, the loss gradient and the logits' gradient. */
  logits: number;
  /** The engine before any tensor (runtime, TF.js) and room for the heap's fragmentation. */
  runtime: number;
}

export interface MemoryEstimate {
  parameterCount: number;
  /** Weights, their gradients and Adam's two moments, in bytes. */
  parameterBytes: number;
  /** Activations kept for the backward pass of one batch and their gradients, in bytes (logits included). */
  activationBytes: number;
  /** The logits [B, T, V] and their copies, in bytes (part of activationBytes). */
  logitBytes: number;
  totalBytes: number;
  parts: MemoryParts;
}

const FLOAT = 4;
const GiB = 1024 ** 3;
/** WebAssembly (wasm32) addresses at most 4 GiB: the wasm backend's whole heap. */
export const WASM_HEAP_LIMIT_BYTES = 4 * GiB;
/**
 * The engine before any tensor, and the heap grown past its live tensors (growth steps,
 * fragmentation): the seed preset's step peaked at 3.11 GB of tensors in a 3.46 GB wasm heap.
 */
const BASELINE_BYTES = 300 * 1024 ** 2;

/** Trainable parameters of `makeModel` for this shape (src/ml/model). */
export function countParameters(model: ModelConfig, vocab: VocabularySizes): number {
  const d = model.dModel;
  const linear = (inputs: number, outputs: number) => inputs * outputs + outputs;
  const layerNorm = 2 * d;
  const attention = linear(d, 3 * d) + linear(d, d); // fused (or split) Q/K/V projections + output projection
  const feedForward = linear(d, model.dFF) + linear(model.dFF, d);
  const encoderLayer = attention + feedForward + 2 * layerNorm;
  const decoderLayer = 2 * attention + feedForward + 3 * layerNorm;
  const finalNorms = model.norm === 'pre' ? 2 * layerNorm : 0;
  const positions = model.positions === 'learned' ? (model.maxSourceLength + model.maxTargetLength) * d : 0;
  const embeddings = (vocab.sourceVocabSize + vocab.targetVocabSize) * d;
  const generator = model.tieWeights ? vocab.targetVocabSize : linear(d, vocab.targetVocabSize);
  const copy = model.copy ? 2 * linear(d, d) : 0; // copy attention's query and key projections
  return embeddings + positions + model.encoderLayers * encoderLayer + model.decoderLayers * decoderLayer + finalNorms + generator + copy;
}

/**
 * Values (floats) alive at the peak of one step, per part. The counts are of whole tensors of each
 * shape: e.g. self-attention keeps its fused [B, L, 3D] projection, the [3, B, H, L, Dh] transpose and
 * the three unstacked heads (9 [B, L, D]), and as many gradients again. Each dropout site adds its
 * mask, its output and a gradient (3 tensors of the site's shape).
 */
function activationValues(config: TrainConfig, vocab: VocabularySizes, lengths: BatchLengths) {
  const m = config.model;
  const b = config.batchSize;
  const s = lengths.sourceLength;
  const t = lengths.targetLength;
  const bsd = b * s * m.dModel;
  const btd = b * t * m.dModel;
  const drop = m.dropout > 0 ? 3 : 0;
  const finalNorm = m.norm === 'pre' ? 2 : 0;
  const encoder = m.encoderLayers;
  const decoder = m.decoderLayers;
  const perMap = 7 + drop; // scores, scaled, masked, softmax (+ dropout), and the gradients of each
  return {
    embeddings: (4 + finalNorm + drop) * bsd + (5 + finalNorm + drop) * btd,
    // Encoder: self Q/K/V 18, context and output 6. Decoder: self 18 + 6, cross Q 4 + 6, and the
    // memory's keys and values for cross-attention (12 [B, S, D]) per layer.
    attentionProjections: encoder * 24 * bsd + decoder * (34 * btd + 12 * bsd),
    attentionMaps: perMap * b * m.numHeads * (encoder * s * s + decoder * (t * t + t * s)),
    feedForward: (5 + drop) * b * m.dFF * (encoder * s + decoder * t),
    // Layer norms and residual sums (2 tensors each, with gradients), the sub-layer dropout, and the
    // causal mask's [T, T] copies.
    residualsAndNorms: encoder * (8 + 2 * drop) * bsd + decoder * (12 + 3 * drop) * btd + 5 * t * t,
    // Tied: matMul then a separate bias add (4 [B, T, V]); untied: one fused matMul with its bias (3).
    logits: (m.tieWeights ? 4 : 3) * b * t * vocab.targetVocabSize,
  };
}

export function estimateTrainingMemory(config: TrainConfig, vocab: VocabularySizes, lengths?: BatchLengths): MemoryEstimate {
  const m = config.model;
  const parameterCount = countParameters(m, vocab);
  const batch = lengths ?? { sourceLength: m.maxSourceLength, targetLength: m.maxTargetLength };
  const sinusoids = m.positions === 'sinusoidal' ? (m.maxSourceLength + m.maxTargetLength) * m.dModel : 0;
  const activations = activationValues(config, vocab, batch);
  const parts: MemoryParts = {
    weights: (parameterCount + sinusoids) * FLOAT,
    gradients: (parameterCount + (vocab.sourceVocabSize + vocab.targetVocabSize) * m.dModel) * FLOAT,
    adamMoments: 2 * parameterCount * FLOAT,
    embeddings: activations.embeddings * FLOAT,
    attentionProjections: activations.attentionProjections * FLOAT,
    attentionMaps: activations.attentionMaps * FLOAT,
    feedForward: activations.feedForward * FLOAT,
    residualsAndNorms: activations.residualsAndNorms * FLOAT,
    logits: activations.logits * FLOAT,
    runtime: BASELINE_BYTES,
  };
  const parameterBytes = parts.weights + parts.gradients + parts.adamMoments;
  const activationBytes = parts.embeddings + parts.attentionProjections + parts.attentionMaps + parts.feedForward + parts.residualsAndNorms + parts.logits;
  return { parameterCount, parameterBytes, activationBytes, logitBytes: parts.logits, totalBytes: parts.runtime + parameterBytes + activationBytes, parts };
}

/** The memory a backend can give to tensors: its label or name ("wasm …", "tfjs-node …", "cpu"). */
export function memoryLimitFor(backend: string, totalMemoryBytes: number): { bytes: number; what: string } {
  const machine = Math.floor(0.8 * totalMemoryBytes);
  if (backend.startsWith('wasm')) {
    return machine < WASM_HEAP_LIMIT_BYTES ? { bytes: machine, what: "80% of this machine's memory" } : { bytes: WASM_HEAP_LIMIT_BYTES, what: "the wasm backend's 4 GiB heap" };
  }
  return { bytes: machine, what: "80% of this machine's memory" };
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

/** Null when the config fits; otherwise one sentence with the estimate, the limit and what to lower. */
export function configMemoryProblem(config: TrainConfig, vocab: VocabularySizes, limit: { bytes: number; what: string }, lengths?: BatchLengths): string | null {
  const estimate = estimateTrainingMemory(config, vocab, lengths);
  if (estimate.totalBytes <= limit.bytes) return null;
  // When the weights and their optimizer state alone do not fit, no batch size helps.
  const biggest = estimate.parameterBytes + estimate.parts.runtime > limit.bytes
    ? 'dModel, dFF or the number of layers'
    : estimate.logitBytes > estimate.activationBytes / 2
      ? 'batchSize, maxTargetLength or maxVocabulary'
      : 'batchSize, maxSourceLength / maxTargetLength or the number of layers';
  return (
    `This model needs about ${formatBytes(estimate.totalBytes)} to train (parameters and optimizer ${formatBytes(estimate.parameterBytes)}, ` +
    `activations ${formatBytes(estimate.activationBytes)}) but ${limit.what} allows ${formatBytes(limit.bytes)}: lower ${biggest}.`
  );
}

/** Vocabulary sizes before the data is read: the configured maximum plus the four special tokens. */
export function worstCaseVocabulary(config: TrainConfig): VocabularySizes {
  return { sourceVocabSize: config.maxVocabulary + 4, targetVocabSize: config.maxVocabulary + 4 };
}
