// Named starting points for a run. Resolution: DEFAULTS → preset → user overrides, then the
// strict schema (unknown keys and bad values are rejected with the field's path).
import { TrainConfigSchema, type TrainConfig, type TrainConfigOverrides } from './train-config';
import type { DecodeSettings } from '../generation/decode-settings';

const DEFAULTS: TrainConfig = {
  model: {
    dModel: 128,
    encoderLayers: 2,
    decoderLayers: 2,
    numHeads: 4,
    dFF: 256,
    dropout: 0.1,
    maxSourceLength: 48,
    maxTargetLength: 128,
    positions: 'sinusoidal',
    tieWeights: true,
    norm: 'pre',
    copy: false,
  },
  batchSize: 32,
  learningRate: 1e-3,
  warmupSteps: 200,
  decay: 'inverse-sqrt',
  adamBeta1: 0.9,
  adamBeta2: 0.98,
  adamEpsilon: 1e-9,
  weightDecay: 0,
  clipNorm: 1,
  labelSmoothing: 0.1,
  maxSteps: 5000,
  maxMinutes: 0,
  evalEvery: 250,
  evalSamples: 64,
  patience: 0,
  checkpointEvery: 500,
  averageDecay: 0,
  reverseModel: false,
  tuneReranker: false,
  primaryWeight: 1,
  fineTuneMinutes: 0,
  keepCheckpoints: 2,
  seed: 1,
  splitStrings: true,
  slots: false,
  minFrequency: 2,
  maxVocabulary: 10000,
};

export const PRESETS = {
  /** Seconds on any backend: for tests and for trying the studio. */
  tiny: {
    model: { dModel: 64, encoderLayers: 1, decoderLayers: 1, numHeads: 2, dFF: 128, dropout: 0, maxSourceLength: 32, maxTargetLength: 48 },
    batchSize: 16,
    learningRate: 5e-3,
    warmupSteps: 40,
    decay: 'cosine',
    maxSteps: 300,
    evalEvery: 100,
    evalSamples: 16,
    checkpointEvery: 100,
    minFrequency: 1,
  },
  /** The model of the seed "English → Python" projects (and of ../shared/bench/torch_reference.py). */
  seed: {
    model: {
      dModel: 256, encoderLayers: 3, decoderLayers: 3, numHeads: 8, dFF: 512, dropout: 0.1,
      maxSourceLength: 64, maxTargetLength: 256, positions: 'learned', tieWeights: false, norm: 'post',
    },
    // 16, not the reference's 32: a batch of 32 full-length (256-token) targets needs about 6 GiB
    // (memory-estimate.ts), more than the wasm heap holds; on wasm it aborts in a kernel.
    batchSize: 16,
    learningRate: 5e-4,
    warmupSteps: 400,
    maxSteps: 20000,
    evalEvery: 500,
    checkpointEvery: 1000,
  },
  /** Trains well on a laptop CPU in minutes to an hour. */
  small: {},
  /**
   * The CoNaLa recipe (docs/quality.md): quoted names and strings as slot placeholders, copy
   * attention for the names the prompt does not quote, a model twice as wide as small, an hour.
   */
  conala: {
    model: {
      dModel: 256, encoderLayers: 3, decoderLayers: 3, numHeads: 8, dFF: 1024, dropout: 0.2,
      maxSourceLength: 64, maxTargetLength: 128, copy: true,
    },
    learningRate: 7e-4,
    warmupSteps: 800,
    maxSteps: 100_000,
    // 57 + about 2 minutes of reranker tuning after training (and data preparation before) = the hour.
    maxMinutes: 57,
    evalEvery: 500,
    evalSamples: 256,
    checkpointEvery: 1000,
    slots: true,
    averageDecay: 0.999,
    reverseModel: true,
    tuneReranker: true,
  },
} satisfies Record<string, TrainConfigOverrides>;

export type PresetName = keyof typeof PRESETS;

/**
 * How a preset's models are best decoded (measured: docs/quality.md). For the CoNaLa recipe greedy
 * beats plain beam 4 (29.4 vs 26.1 BLEU); when training ends the run tunes its reranker
 * (tuneReranker) and recommends beam search with it instead.
 */
export const RECOMMENDED_DECODING: Partial<Record<PresetName, DecodeSettings>> = {
  conala: { strategy: 'greedy' },
};
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** Defaults → preset → overrides, validated. Throws a ZodError naming the offending field. */
export function resolveTrainConfig(preset: PresetName = 'small', overrides: TrainConfigOverrides = {}): TrainConfig {
  const p: TrainConfigOverrides = PRESETS[preset];
  const merged = {
    ...DEFAULTS,
    ...p,
    ...overrides,
    model: { ...DEFAULTS.model, ...p.model, ...overrides.model },
  };
  return Object.freeze(TrainConfigSchema.parse(merged)) as TrainConfig;
}

/**
 * Parses `key=value` overrides as typed on a command line (`model.dModel=64`, `splitStrings=false`).
 * Values are JSON when they parse as JSON, strings otherwise; the schema checks them afterwards.
 */
export function parseOverrides(assignments: string[]): TrainConfigOverrides {
  const out: Record<string, unknown> & { model?: Record<string, unknown> } = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`Override "${assignment}" is not of the form key=value`);
    const key = assignment.slice(0, eq).trim();
    const raw = assignment.slice(eq + 1).trim();
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare string such as `positions=learned` */
    }
    if (key.startsWith('model.')) (out.model ??= {})[key.slice('model.'.length)] = value;
    else out[key] = value;
  }
  return out as TrainConfigOverrides;
}
