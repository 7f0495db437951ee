// The whole Transformer (Vaswani et al. 2017): embeddings + positions → Encoder → Decoder →
// a linear generator over the target vocabulary. `forward` is the teacher-forced pass used in
// training and returns attention maps only when asked; `startDecoding` / `decodeStep` are the
// incremental path used for generation, with per-layer key/value caches.
// With copy attention (model.copy, a pointer network over the source in the spirit of See et al.
// 2017, with one softmax over vocabulary and source as in Gu et al. 2016's CopyNet), the outputs
// are V + S wide: column V + s means "the English token at source position s", so a name the
// vocabulary never saw can still be written. A copied token is fed back as its own target id
// when the vocabulary has it (copyInputTable), else as <unk>.
// B batch · S source len · T target len · D model dim · H heads · Dh head dim · V vocab
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/train-config';
import { DropoutContext, Linear } from './building-blocks';
import { Decoder, type DecoderAttention, type DecoderLayerCache } from './decoder';
import { Encoder } from './encoder';
import { MASKED, paddingMask, subsequentMask } from './masks';
import { UNK_ID } from '../../shared/tokenizer/vocab';
import { Parameters } from './parameters';
import { PositionalEncoding } from './positional-encoding';
import { tidyObject } from '../tidy-object';

export interface ModelShape extends ModelConfig {
  sourceVocabSize: number;
  targetVocabSize: number;
}

/** Every attention map of one forward pass, per layer. */
export interface AttentionMaps {
  encoderSelf: tf.Tensor4D[]; // [B, H, S, S]
  decoderSelf: tf.Tensor4D[]; // [B, H, T, T]
  cross: tf.Tensor4D[]; // [B, H, T, S]
}

export interface ForwardOptions {
  returnAttention?: boolean;
  dropout?: DropoutContext;
}

/** Tensors carried from one generated position to the next. */
export interface DecodingState {
  sourceMask: tf.Tensor4D; // [B, 1, 1, S]
  caches: DecoderLayerCache[];
  /** Number of target positions already decoded. */
  position: number;
  /** Tied models: the target embedding transposed once per generation, [D, V], so no step transposes it. */
  generatorWeight?: tf.Tensor2D;
  /** Copy attention: the source positions' copy keys [Bs, S, D] and padding bias [Bs, 1, S]. */
  copy?: { keys: tf.Tensor3D; mask: tf.Tensor3D; inputs: Int32Array; length: number };
}

export class EncoderDecoder {
  readonly params: Parameters;
  private readonly sourceEmbedding: tf.Variable; // [Vs, D]
  private readonly targetEmbedding: tf.Variable; // [Vt, D]
  private readonly sourcePositions: PositionalEncoding;
  private readonly targetPositions: PositionalEncoding;
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;
  private readonly generator?: Linear; // absent when tied to the target embedding
  private readonly generatorBias?: tf.Variable; // [Vt], tied case
  private readonly copyQuery?: Linear; // copy attention
  private readonly copyKey?: Linear;
  private readonly embeddingScale: number;
  /** [V]: 0 but a large negative number at <unk>, added to the logits when decoding. */
  private readonly unknownBias: tf.Tensor1D;
  /**
   * Copy attention: source-vocabulary id → target-vocabulary id of the same token (<unk> when the
   * target side has none), so a copied token can be fed back. Set from the run's codec.
   */
  copyInputTable: Int32Array | null = null;

  constructor(readonly shape: ModelShape, seed: number) {
    const p = (this.params = new Parameters(seed));
    const d = shape.dModel;
    // Std D^-1/2, so that after the paper's ×√D scaling embeddings have unit scale.
    this.sourceEmbedding = p.normal('sourceEmbedding', [shape.sourceVocabSize, d], d ** -0.5);
    this.targetEmbedding = p.normal('targetEmbedding', [shape.targetVocabSize, d], d ** -0.5);
    this.sourcePositions = new PositionalEncoding(p, 'sourcePositions', shape.positions, shape.maxSourceLength, d);
    this.targetPositions = new PositionalEncoding(p, 'targetPositions', shape.positions, shape.maxTargetLength, d);
    this.encoder = new Encoder(p, shape);
    this.decoder = new Decoder(p, shape);
    if (shape.tieWeights) this.generatorBias = p.constant('generator/bias', [shape.targetVocabSize], 0);
    else this.generator = new Linear(p, 'generator', d, shape.targetVocabSize);
    if (shape.copy) {
      this.copyQuery = new Linear(p, 'copy/query', d, d);
      this.copyKey = new Linear(p, 'copy/key', d, d);
    }
    this.embeddingScale = Math.sqrt(d);
    const unknown = new Float32Array(shape.targetVocabSize);
    unknown[UNK_ID] = MASKED;
    this.unknownBias = tf.keep(tf.tensor1d(unknown));
  }

  /** Output columns for a source of `sourceLength` tokens: the vocabulary, then (copy attention) one per source position. */
  outputWidth(sourceLength: number): number {
    return this.shape.targetVocabSize + (this.copyQuery ? sourceLength : 0);
  }

  /** Teacher forcing: source [B, S], target input [B, T] → logits [B, T, V]. */
  forward(source: tf.Tensor2D, targetInput: tf.Tensor2D, options: ForwardOptions = {}): { logits: tf.Tensor3D; attention?: AttentionMaps } {
    const dropout = options.dropout ?? DropoutContext.off;
    const sourceMask = paddingMask(source); // [B, 1, 1, S]
    const { memory, attention: encoderSelf } = this.encode(source, sourceMask, dropout);
    const targetMask = subsequentMask(targetInput.shape[1]); // [1, 1, T, T]
    const x = this.embed(targetInput, this.targetEmbedding, this.targetPositions, 0, dropout); // [B, T, D]
    const { hidden, attention } = this.decoder.apply(x, this.decoder.memoryKeyValues(memory), sourceMask, targetMask, dropout);
    let logits = this.project(hidden); // [B, T, V]
    if (this.copyQuery) {
      const [batch, length] = source.shape;
      const keys = this.copyKey!.apply(memory) as tf.Tensor3D; // [B, S, D]
      logits = tf.concat([logits, this.copyScores(hidden, keys, tf.reshape(sourceMask, [batch, 1, length]) as tf.Tensor3D)], 2); // [B, T, V + S]
    }
    if (!options.returnAttention) return { logits };
    return {
      logits,
      attention: { encoderSelf, decoderSelf: attention.map((a) => a.self), cross: attention.map((a) => a.cross) },
    };
  }

  /** Encodes source [B, S] once and prepares empty self-attention caches. */
  startDecoding(source: tf.Tensor2D): DecodingState {
    return tidyObject((): DecodingState => {
      const sourceMask = paddingMask(source);
      const { memory } = this.encode(source, sourceMask, DropoutContext.off);
      const caches = this.decoder.memoryKeyValues(memory).map((kv) => ({ self: null, memory: kv }));
      const generatorWeight = this.generator ? undefined : (tf.transpose(this.targetEmbedding) as tf.Tensor2D);
      if (!this.copyQuery) return { sourceMask, caches, position: 0, generatorWeight };
      const [batch, length] = source.shape;
      const keys = this.copyKey!.apply(memory) as tf.Tensor3D; // [B, S, D]
      const mask = tf.reshape(sourceMask, [batch, 1, length]) as tf.Tensor3D; // [B, 1, S]
      const table = this.copyInputTable;
      const inputs = Int32Array.from(source.dataSync(), (id) => (table && id < table.length ? table[id] : UNK_ID));
      return { sourceMask, caches, position: 0, generatorWeight, copy: { keys, mask, inputs, length } };
    });
  }

  /**
   * Feeds the newest token of each row ([B]) and returns log-probabilities of the next one [B, V].
   * The returned state owns new self-attention caches; the caller disposes the old state's
   * with `disposeSelfCaches` (memory keys/values are shared and live until `disposeDecoding`).
   */
  decodeStep(state: DecodingState, tokens: Int32Array, returnAttention = false): {
    logProbs: tf.Tensor2D; state: DecodingState; attention?: DecoderAttention[];
  } {
    const result = tidyObject(() => {
      const ids = tf.tensor2d(this.inputIds(state, tokens), [tokens.length, 1], 'int32'); // [B, 1]
      const x = this.embed(ids, this.targetEmbedding, this.targetPositions, state.position, DropoutContext.off); // [B, 1, D]
      const { hidden, caches, attention } = this.decoder.step(x, state.caches, state.sourceMask);
      // <unk> is never written: with copy attention an unknown name is copied; without, the next best token stands in.
      let logits = tf.add(this.project(hidden, state.generatorWeight), this.unknownBias) as tf.Tensor3D; // [B, 1, V]
      if (state.copy) logits = tf.concat([logits, this.copyScores(hidden, state.copy.keys, state.copy.mask)], 2); // [B, 1, V + S]
      const logProbs = tf.logSoftmax(tf.squeeze(logits, [1])) as tf.Tensor2D; // [B, W]
      return { logProbs, caches, attention: returnAttention ? attention : [] };
    });
    return {
      logProbs: result.logProbs,
      state: { ...state, caches: result.caches, position: state.position + 1 },
      attention: returnAttention ? result.attention : undefined,
    };
  }

  /** Keeps rows `rows` (e.g. surviving beams) of the self-attention caches; returns a new state. */
  selectRows(state: DecodingState, rows: Int32Array): DecodingState {
    const caches = tidyObject(() => {
      const index = tf.tensor1d(rows, 'int32');
      return state.caches.map((c) => ({
        self: c.self && { keys: tf.gather(c.self.keys, index) as tf.Tensor4D, values: tf.gather(c.self.values, index) as tf.Tensor4D },
        memory: c.memory,
      }));
    });
    return { ...state, caches };
  }

  disposeSelfCaches(state: DecodingState): void {
    for (const c of state.caches) if (c.self) tf.dispose([c.self.keys, c.self.values]);
  }

  disposeDecoding(state: DecodingState): void {
    this.disposeSelfCaches(state);
    for (const c of state.caches) tf.dispose([c.memory.keys, c.memory.values]);
    state.sourceMask.dispose();
    state.generatorWeight?.dispose();
    if (state.copy) tf.dispose([state.copy.keys, state.copy.mask]);
  }

  dispose(): void {
    this.sourcePositions.dispose();
    this.targetPositions.dispose();
    this.params.dispose();
    this.unknownBias.dispose();
  }

  /** Copy attention: decoder states [B, T, D] against the source's copy keys [Bs, S, D] (Bs is B or 1) → scores [B, T, S], padding masked. */
  private copyScores(hidden: tf.Tensor3D, keys: tf.Tensor3D, mask: tf.Tensor3D): tf.Tensor3D {
    const query = this.copyQuery!.apply(hidden) as tf.Tensor3D; // [B, T, D]
    const scores = tf.mul(tf.matMul(query, keys, false, true), 1 / Math.sqrt(this.shape.dModel)); // [B, T, S]
    return tf.add(scores, mask) as tf.Tensor3D;
  }

  /** The token ids to embed for the newest tokens: a copied position (≥ V) becomes its token's target id. */
  private inputIds(state: DecodingState, tokens: Int32Array): Int32Array {
    const vocab = this.shape.targetVocabSize;
    const copy = state.copy;
    if (!copy) return tokens;
    const sourceRows = copy.inputs.length / copy.length;
    return tokens.map((id, b) => (id < vocab ? id : copy.inputs[Math.min(b, sourceRows - 1) * copy.length + (id - vocab)] ?? UNK_ID));
  }


  private encode(source: tf.Tensor2D, sourceMask: tf.Tensor4D, dropout: DropoutContext) {
    const x = this.embed(source, this.sourceEmbedding, this.sourcePositions, 0, dropout); // [B, S, D]
    return this.encoder.apply(x, sourceMask, dropout);
  }

  /** ids [B, L] → scaled embeddings plus positions [B, L, D]. */
  private embed(ids: tf.Tensor2D, table: tf.Tensor, positions: PositionalEncoding, offset: number, dropout: DropoutContext): tf.Tensor3D {
    const tokens = tf.mul(tf.gather(table, ids), this.embeddingScale); // [B, L, D]
    return dropout.apply(tf.add(tokens, positions.slice(offset, ids.shape[1]))) as tf.Tensor3D;
  }

  /** hidden [B, T, D] → logits [B, T, V]; `weightDV` is the tied embedding already transposed to [D, V]. */
  private project(hidden: tf.Tensor3D, weightDV?: tf.Tensor2D): tf.Tensor3D {
    if (this.generator) return this.generator.apply(hidden) as tf.Tensor3D;
    const [batch, length, d] = hidden.shape;
    const flat = tf.reshape(hidden, [-1, d]) as tf.Tensor2D; // [B·T, D]
    const product = weightDV ? tf.matMul(flat, weightDV) : tf.matMul(flat, this.targetEmbedding as tf.Tensor2D, false, true);
    const logits = tf.add(product, this.generatorBias!); // [B·T, V]
    return tf.reshape(logits, [batch, length, this.shape.targetVocabSize]);
  }
}

export function makeModel(shape: ModelShape, seed: number): EncoderDecoder {
  return new EncoderDecoder(shape, seed);
}
