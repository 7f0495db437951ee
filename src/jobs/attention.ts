// Every attention map of one teacher-forced forward pass — encoder self, decoder self and cross,
// every layer and head — for a prompt and a given code, and the inspector's view of them: one map
// (a head, the head average, or the rollout) with the tokens and their character ranges.
import * as tf from '@tensorflow/tfjs-core';
import { alignPrompt } from '../shared/attention/align';
import type { AttentionInspection, AttentionRequest, InspectedToken } from '../shared/attention/inspection';
import { crossRollout, matrix, mean, rollout, thumbnail, type Matrix } from '../shared/attention/matrix';
import { packMatrix } from '../shared/attention/packed-matrix';
import { tokenSpans } from '../shared/generation/token-spans';
import { BOS_ID, BOS_TOKEN, EOS_TOKEN, UNK_ID } from '../shared/tokenizer/vocab';
import { insideStringAfter, slotText } from '../shared/codec/slots';
import type { OpenedRun } from './open-run';

/** [layer][head] → a rows × cols map. */
export type LayerHeads = Matrix[][];

export interface AttentionSet {
  layers: number;
  heads: number;
  sourceIds: number[];
  /** The code tokens read (at most the model's target length). */
  targetIds: number[];
  /** How many code tokens were given (more than targetIds when the code is longer than the model reads). */
  givenTargetTokens: number;
  /** False when the code fills the model's whole length: no position is left to write <eos>. */
  endsWithEos: boolean;
  /** What the user should know about how the code was read. */
  notes: string[];
  encoder: LayerHeads; // S × S
  decoder: LayerHeads; // T × T (<bos> + code as inputs, code + <eos> as outputs; without the <eos> when the code fills the length)
  cross: LayerHeads; // T × S
}

const THUMBNAIL = 32;

/** What is read teacher-forced: the code's target ids, and what to tell the user about reading them. */
export interface AttentionTarget {
  ids: number[];
  notes: string[];
}

/** The code's target ids: given (a generated candidate), or tokenized from text, leniently (a sample may not be valid Python). */
export function targetIdsFor(run: OpenedRun, prompt: string, target: AttentionRequest['target']): AttentionTarget {
  if ('ids' in target) {
    const outputs = run.model.outputWidth(run.codec.encodeSource(prompt).length);
    const bad = target.ids.find((id) => id >= outputs);
    if (bad !== undefined) throw new Error(`Token id ${bad} is not one this run writes for this prompt (${outputs} choices)`);
    return { ids: target.ids, notes: [] };
  }
  const { ids, errors } = run.codec.outputIdsOfCode(target.code, prompt);
  const notes = errors.length > 0 ? [`The code does not tokenize as Python (${errors[0].message}); it is read as far as the tokenizer could recover.`] : [];
  return { ids, notes };
}

/**
 * One forward pass with attention returned: source [1, S], target input [1, T] = <bos> + ids.
 * Code longer than the model reads is cut to its first maxTargetLength tokens (a generation that
 * never wrote <eos> has exactly that many: its last token is an output with no input after it).
 */
export function readAttention(run: OpenedRun, prompt: string, target: AttentionTarget): AttentionSet {
  const givenIds = target.ids;
  const limit = run.model.shape.maxTargetLength;
  const targetIds = givenIds.slice(0, limit);
  const endsWithEos = targetIds.length < limit;
  const sourceIds = Array.from(run.codec.encodeSource(prompt));
  // A copied position (copy attention) is read as its token's own id, as in decoding.
  const copyTable = run.model.copyInputTable;
  const vocab = run.codec.target.size;
  const inputIds = [BOS_ID, ...targetIds].slice(0, limit).map((id) => (id < vocab ? id : (copyTable?.[sourceIds[id - vocab]] ?? UNK_ID)));
  // Read back flat ([B=1, H, rows, cols] each), assigned rather than returned: tf.tidy walks what it
  // returns looking for tensors, seconds for millions of nested numbers.
  let maps: Record<'encoder' | 'decoder' | 'cross', LayerHeads> | null = null;
  tf.tidy(() => {
    const source = tf.tensor2d(sourceIds, [1, sourceIds.length], 'int32');
    const input = tf.tensor2d(inputIds, [1, inputIds.length], 'int32');
    const { attention } = run.model.forward(source, input, { returnAttention: true });
    maps = { encoder: attention!.encoderSelf.map(headsOf), decoder: attention!.decoderSelf.map(headsOf), cross: attention!.cross.map(headsOf) };
  });
  const { encoder, decoder, cross } = maps!;
  return {
    layers: cross.length, heads: encoder[0]?.length ?? 0, sourceIds, targetIds, givenTargetTokens: givenIds.length, endsWithEos,
    notes: [...target.notes, ...lengthNotes(givenIds.length, targetIds.length, endsWithEos)],
    encoder, decoder, cross,
  };
}

/** One layer's attention [1, H, rows, cols] → H matrices. */
function headsOf(attention: tf.Tensor): Matrix[] {
  const [, heads, rows, cols] = attention.shape;
  const values = attention.dataSync();
  return Array.from({ length: heads }, (_, h) => matrix(rows, cols, values.subarray(h * rows * cols, (h + 1) * rows * cols)));
}

// Rollouts multiply every layer's maps: computed once per set and view (the engine keeps the last set).
const computedViews = new WeakMap<AttentionSet, Map<string, Matrix>>();

/** The map the view asks for, from a computed set. */
export function viewOf(set: AttentionSet, view: AttentionRequest['view']): Matrix {
  if (view.head !== 'rollout') return computeView(set, view);
  const key = `${view.kind} ${view.layer} ${view.head}`;
  let views = computedViews.get(set);
  if (!views) computedViews.set(set, (views = new Map()));
  const known = views.get(key);
  if (known) return known;
  const computed = computeView(set, view);
  views.set(key, computed);
  return computed;
}

function computeView(set: AttentionSet, view: AttentionRequest['view']): Matrix {
  const layers = set[view.kind];
  if (view.layer >= layers.length) throw new Error(`This model has ${layers.length} layers; there is no layer ${view.layer + 1}`);
  if (typeof view.head === 'number') {
    if (view.head >= set.heads) throw new Error(`This model has ${set.heads} heads; there is no head ${view.head + 1}`);
    return layers[view.layer][view.head];
  }
  if (view.head === 'mean') return mean(layers[view.layer]);
  const upTo = (kind: 'encoder' | 'decoder', layer: number) => rollout(set[kind].slice(0, layer + 1).map((heads) => mean(heads)));
  if (view.kind !== 'cross') return upTo(view.kind, view.layer);
  return crossRollout(upTo('decoder', view.layer), mean(set.cross[view.layer]), upTo('encoder', set.encoder.length - 1));
}

export function inspect(run: OpenedRun, set: AttentionSet, prompt: string, view: AttentionRequest['view'], started: number): AttentionInspection {
  const aligned = alignPrompt(prompt, { tokens: run.codec.readTokens(prompt), slots: run.codec.slots(prompt) });
  const sourceTexts = run.codec.source.decode(set.sourceIds);
  // The model reads at most maxSourceLength - 1 words and then <eos>.
  const source: InspectedToken[] = sourceTexts.map((text, i) =>
    i === sourceTexts.length - 1 ? { text: EOS_TOKEN, range: null } : { text: aligned.tokens[i] ?? text, range: aligned.ranges[i] ?? null, known: text !== '<unk>' },
  );
  const read = run.codec.readTokens(prompt);
  const slots = run.codec.slots(prompt);
  let inString = false;
  // One text per output position (the attention's rows): a copy reads as the prompt's token, a slot as its value.
  const codeTokens = set.targetIds.map((id) => {
    const token = run.codec.outputToken(id, read);
    const text = slotText(token, slots, inString) ?? token;
    inString = insideStringAfter(inString, token);
    return text;
  });
  const { code, spans } = tokenSpans(codeTokens);
  const written: InspectedToken[] = codeTokens.map((text, i) => ({ text, range: spans[i].to > spans[i].from ? { from: spans[i].from, to: spans[i].to } : null }));
  return {
    checkpoint: run.checkpoint.split(/[\\/]/).pop() ?? run.checkpoint,
    layers: set.layers,
    heads: set.heads,
    source,
    targetInputs: [{ text: BOS_TOKEN, range: null }, ...written].slice(0, set.decoder[0]?.[0]?.cols ?? written.length + 1),
    targetOutputs: set.endsWithEos ? [...written, { text: EOS_TOKEN, range: null }] : written,
    code,
    notes: set.notes,
    view,
    map: packMatrix(viewOf(set, view)),
    headMaps: set[view.kind][view.layer].map(packMatrix),
    overview: set[view.kind].map((heads) => heads.map((m) => thumbnail(m, THUMBNAIL, THUMBNAIL))),
    milliseconds: performance.now() - started,
  };
}

function lengthNotes(given: number, read: number, endsWithEos: boolean): string[] {
  if (given > read) return [`The code is ${given} tokens long; the model reads the first ${read}, shown here.`];
  if (!endsWithEos) return [`The code fills all ${read} positions the model writes, so no <eos> follows it.`];
  return [];
}
