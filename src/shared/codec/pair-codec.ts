// Turns English→Python pairs into the id sequences one run trains on, and generated ids back into
// Python: the English tokenizer + source vocabulary, the Python tokenizer + target vocabulary,
// and the run's length limits. Built from the training split only; saved as the run's tokenizer.json.
import { codeToTokens, codeToTokensTolerant, type CodeToTokensOptions } from '../tokenizer/python-sequence';
import type { PythonTokenizeError } from '../tokenizer/python-tokenizer';
import { tokensToCode } from '../tokenizer/python-detokenize';
import { tokenizeEnglish } from '../tokenizer/english-tokenizer';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, UNK_TOKEN, Vocab, type VocabJSON } from '../tokenizer/vocab';
import { fillSlots, slotCode, slotDescription, type Slot } from './slots';

export interface CodecOptions extends CodeToTokensOptions {
  /**
   * Slot placeholders (slots.ts): values the description quotes are var_i / str_i on both sides,
   * filled back in after decoding. Needs splitStrings. Absent in runs made before it existed.
   */
  slots?: boolean;
  /**
   * Copy attention (model.copy): a code token outside the target vocabulary that the description
   * holds is encoded as "the source token at position s" (id V + s) instead of <unk>. Absent in
   * runs made before it existed.
   */
  copy?: boolean;
  /** English tokens kept per input, EOS included (longer descriptions are cut). */
  maxSourceLength: number;
  /** Python tokens per output, EOS included (longer programs are left out of training). */
  maxTargetLength: number;
}

export interface CodecBuildOptions extends CodecOptions {
  minFrequency: number;
  maxVocabulary: number;
}

export interface CodecJSON {
  format: 'code-studio-codec';
  version: 1;
  options: CodecOptions;
  source: VocabJSON;
  target: VocabJSON;
}

/**
 * Ids of one pair: source ends in EOS; target is BOS … EOS. With copy attention a target id ≥ V
 * means "the source token at position id − V", and targetInput holds what the decoder reads
 * for it (that token's target id, or <unk>).
 */
export interface EncodedExample {
  source: Int32Array;
  target: Int32Array;
  targetInput?: Int32Array;
}

export type TargetEncoding = { ok: true; ids: Int32Array; inputs?: Int32Array } | { ok: false; reason: string };

export class PairCodec {
  constructor(readonly source: Vocab, readonly target: Vocab, readonly options: CodecOptions) {}

  /** Vocabularies from training pairs; code that does not tokenize is skipped (the caller reports it). */
  static build(pairs: readonly { description: string; code: string }[], options: CodecBuildOptions): PairCodec {
    const { minFrequency, maxVocabulary, ...codecOptions } = options;
    if (codecOptions.slots && !codecOptions.splitStrings) throw new Error('Slot placeholders need splitStrings (a slot can stand for part of a string)');
    const sourceSequences: string[][] = [];
    const targetSequences: string[][] = [];
    for (const pair of pairs) {
      const { tokens, slots } = describe(pair.description, codecOptions);
      sourceSequences.push(tokens);
      try {
        targetSequences.push(codeTokens(pair.code, slots, codecOptions));
      } catch {
        /* untokenizable code contributes no target tokens */
      }
    }
    const vocabOptions = { minFreq: minFrequency, maxSize: maxVocabulary };
    return new PairCodec(Vocab.build(sourceSequences, vocabOptions), Vocab.build(targetSequences, vocabOptions), codecOptions);
  }

  static fromJSON(json: unknown): PairCodec {
    const o = json as Partial<CodecJSON> | null;
    if (!o || typeof o !== 'object' || o.format !== 'code-studio-codec' || o.version !== 1) {
      throw new Error('tokenizer.json is not a code-studio codec (format "code-studio-codec", version 1)');
    }
    return new PairCodec(vocabFromJSON(o.source, 'source'), vocabFromJSON(o.target, 'target'), optionsFromJSON(o.options));
  }

  toJSON(): CodecJSON {
    return { format: 'code-studio-codec', version: 1, options: this.options, source: this.source.toJSON(), target: this.target.toJSON() };
  }

  /** The description as the model reads it (quoted values as slot tokens when the run uses slots). */
  sourceTokens(description: string): string[] {
    return describe(description, this.options).tokens;
  }

  /** The values the description quotes, as slots (none when the run does not use slots). */
  slots(description: string): Slot[] {
    return describe(description, this.options).slots;
  }

  /** English → ids ending in EOS, cut to maxSourceLength. */
  encodeSource(description: string): Int32Array {
    return Int32Array.from([...this.source.encode(this.readTokens(description)), EOS_ID]);
  }

  /** The source tokens the model reads (cut to maxSourceLength, EOS not included): what copy positions point at. */
  readTokens(description: string): string[] {
    return this.sourceTokens(description).slice(0, this.options.maxSourceLength - 1);
  }

  /** Copy attention: for each source-vocabulary id, the target id of the same token (<unk> when none). */
  copyInputTable(): Int32Array {
    return Int32Array.from({ length: this.source.size }, (_, id) => this.target.idOf(this.source.tokenOf(id)));
  }

  /** Python → BOS … EOS (with the description's slots), or why it cannot be a training target. */
  encodeTarget(code: string, description = ''): TargetEncoding {
    let tokens: string[];
    try {
      tokens = codeTokens(code, this.slots(description), this.options);
    } catch (error) {
      return { ok: false, reason: `code does not tokenize: ${(error as Error).message}` };
    }
    if (tokens.length + 1 > this.options.maxTargetLength) {
      return { ok: false, reason: `code has ${tokens.length} tokens; the model's limit is ${this.options.maxTargetLength - 1}` };
    }
    const ids = Int32Array.from([BOS_ID, ...this.outputIds(tokens, description), EOS_ID]);
    const inputs = Int32Array.from([BOS_ID, ...this.target.encode(tokens), EOS_ID]); // a copy is read as <unk> or its own id
    return ids.some((id, i) => id !== inputs[i]) ? { ok: true, ids, inputs } : { ok: true, ids };
  }

  /**
   * Target tokens (slot tokens already in place) → output ids: vocabulary ids, and with copy
   * attention, a token outside the vocabulary that the description holds as "source position s".
   */
  outputIds(tokens: readonly string[], description: string): number[] {
    const ids = this.target.encode(tokens);
    if (!this.options.copy) return ids;
    const read = this.readTokens(description);
    return ids.map((id, i) => {
      const position = id === UNK_ID ? read.indexOf(tokens[i]) : -1;
      return position < 0 ? id : this.target.size + position;
    });
  }

  /** Any code (even code that does not tokenize, read leniently) → the output ids the model would read for this description. */
  outputIdsOfCode(code: string, description: string): { ids: number[]; errors: PythonTokenizeError[] } {
    const { tokens, errors } = codeToTokensTolerant(code, this.options);
    const slots = this.slots(description);
    return { ids: this.outputIds(slots.length ? slotCode(tokens, slots) : tokens, description), errors };
  }

  /** Generated ids (no BOS/EOS) → target tokens, copies and the description's quoted values filled in. */
  targetTokens(ids: readonly number[], description = ''): string[] {
    const end = ids.indexOf(EOS_ID);
    const read = this.options.copy ? this.readTokens(description) : [];
    const tokens = (end < 0 ? ids : ids.slice(0, end)).filter((id) => id !== PAD_ID && id !== BOS_ID).map((id) => this.outputToken(id, read));
    return this.fill(tokens, this.slots(description));
  }

  /** One output id as a token: a vocabulary entry, or (copy attention, id ≥ V) the source token it points at. */
  outputToken(id: number, readTokens: readonly string[]): string {
    return id < this.target.size ? this.target.tokenOf(id) : (readTokens[id - this.target.size] ?? UNK_TOKEN);
  }

  /** Slot tokens given their values (tokens as the model wrote them, e.g. a stream's so far). */
  fill(tokens: readonly string[], slots: readonly Slot[]): string[] {
    return slots.length ? fillSlots(tokens, slots) : [...tokens];
  }

  /** Generated ids → runnable-looking Python for this description (never throws on malformed output). */
  decodeTarget(ids: readonly number[], description = ''): string {
    return tokensToCode(this.targetTokens(ids, description));
  }
}

function describe(description: string, options: CodecOptions): { tokens: string[]; slots: Slot[] } {
  return options.slots ? slotDescription(description) : { tokens: tokenizeEnglish(description), slots: [] };
}

function codeTokens(code: string, slots: readonly Slot[], options: CodecOptions): string[] {
  const tokens = codeToTokens(code, options);
  return slots.length ? slotCode(tokens, slots) : tokens;
}

/** Names the side in the vocabulary's own message, so a broken file says which half is wrong. */
function vocabFromJSON(json: unknown, side: 'source' | 'target'): Vocab {
  try {
    return Vocab.fromJSON(json);
  } catch (error) {
    throw new Error(`tokenizer.json: ${side} vocabulary: ${(error as Error).message}`);
  }
}

// Without this check, a damaged tokenizer.json would load and then silently encode nothing
// (slice(0, NaN) is empty) instead of failing where the damage is.
function optionsFromJSON(json: unknown): CodecOptions {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('tokenizer.json: "options" must be an object');
  const o = json as Record<string, unknown>;
  for (const key of ['maxSourceLength', 'maxTargetLength'] as const) {
    const value = o[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) {
      throw new Error(`tokenizer.json: options.${key} must be a whole number ≥ 2, got ${JSON.stringify(value)}`);
    }
  }
  if (typeof o.splitStrings !== 'boolean') throw new Error(`tokenizer.json: options.splitStrings must be true or false, got ${JSON.stringify(o.splitStrings)}`);
  if (o.slots !== undefined && typeof o.slots !== 'boolean') throw new Error(`tokenizer.json: options.slots must be true or false, got ${JSON.stringify(o.slots)}`);
  if (o.slots && !o.splitStrings) throw new Error('tokenizer.json: options.slots needs options.splitStrings');
  if (o.copy !== undefined && typeof o.copy !== 'boolean') throw new Error(`tokenizer.json: options.copy must be true or false, got ${JSON.stringify(o.copy)}`);
  return {
    splitStrings: o.splitStrings, maxSourceLength: o.maxSourceLength as number, maxTargetLength: o.maxTargetLength as number,
    ...(o.slots ? { slots: true } : {}),
    ...(o.copy ? { copy: true } : {}),
  };
}
