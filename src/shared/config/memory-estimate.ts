// How much memory training a config needs, estimated before anything is allocated, so a model that
// cannot fit (WebAssembly's heap is 4 GiB at most) is refused up front with the estimate and the
// limit, instead of failing minutes later with an out-of-memory abort. Parameters are counted
// exactly as src/ml/model builds them (a test checks); activations are an upper-bound estimate of
// what the backward pass keeps for one batch of the longest allowed sequences.
import type { ModelConfig, TrainConfig } from './train-config';

export interface VocabularySizes {
  sourceVocabSize: number;
  targetVocabSize: number;
}

export interface MemoryEstimate {
  parameterCount: number;
  /** Weights, their gradients and Adam's two moments, in bytes. */
  parameterBytes: number;
  /** Activations kept for the backward pass of one batch, in bytes. */
  activationBytes: number;
  /** The logits [B, T, V] and their softmax and gradient copies, in bytes (part of activationBytes). */
  logitBytes: number;
  totalBytes: number;
}

const FLOAT = 4;
const GiB = 1024 ** 3;
/** WebAssembly (wasm32) addresses at most 4 GiB: the wasm backend's whole heap. */
export const WASM_HEAP_LIMIT_BYTES = 4 * GiB;
/** The engine process itself (runtime, TF.js, Pyodide, data) before any tensor. */
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
  return embeddings + positions + model.encoderLayers * encoderLayer + model.decoderLayers * decoderLayer + finalNorms + generator;
}

export function estimateTrainingMemory(config: TrainConfig, vocab: VocabularySizes): MemoryEstimate {
  const m = config.model;
  const parameterCount = countParameters(m, vocab);
  // Weights, gradients, Adam's m and v, and one transient copy while the update is applied.
  const parameterBytes = 5 * parameterCount * FLOAT;
  const b = config.batchSize;
  const s = m.maxSourceLength;
  const t = m.maxTargetLength;
  const h = m.numHeads;
  // Per layer: normalised inputs, Q/K/V, attention output, projections, residuals and dropout masks
  // (~12 [B, L, D]), the feed-forward's hidden layer before and after ReLU and its mask (3 [B, L, dFF]),
  // and per attention its scores, softmax and dropout mask (3 [B, H, Lq, Lk]).
  const encoderLayer = 12 * b * s * m.dModel + 3 * b * s * m.dFF + 3 * b * h * s * s;
  const decoderLayer = 20 * b * t * m.dModel + 3 * b * t * m.dFF + 3 * b * h * t * t + 3 * b * h * t * s;
  const logitValues = 4 * b * t * vocab.targetVocabSize; // logits, softmax, loss gradient, output gradient
  const activationValues = 4 * b * (s + t) * m.dModel + m.encoderLayers * encoderLayer + m.decoderLayers * decoderLayer + logitValues;
  const activationBytes = activationValues * FLOAT;
  return {
    parameterCount,
    parameterBytes,
    activationBytes,
    logitBytes: logitValues * FLOAT,
    totalBytes: BASELINE_BYTES + parameterBytes + activationBytes,
  };
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
export function configMemoryProblem(config: TrainConfig, vocab: VocabularySizes, limit: { bytes: number; what: string }): string | null {
  const estimate = estimateTrainingMemory(config, vocab);
  if (estimate.totalBytes <= limit.bytes) return null;
  const biggest = estimate.logitBytes > estimate.activationBytes / 2
    ? 'batchSize, maxTargetLength or maxVocabulary'
    : estimate.parameterBytes > estimate.activationBytes
      ? 'dModel, dFF or the number of layers'
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
