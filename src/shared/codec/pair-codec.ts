// Turns English→Python pairs into the id sequences one run trains on, and generated ids back into
// Python: the English tokenizer + source vocabulary, the Python tokenizer + target vocabulary,
// and the run's length limits. Built from the training split only; saved as the run's tokenizer.json.
import { codeToTokens, type CodeToTokensOptions } from '../tokenizer/python-sequence';
import { tokensToCode } from '../tokenizer/python-detokenize';
import { tokenizeEnglish } from '../tokenizer/english-tokenizer';
import { BOS_ID, EOS_ID, Vocab, type VocabJSON } from '../tokenizer/vocab';

export interface CodecOptions extends CodeToTokensOptions {
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

/** Ids of one pair: source ends in EOS; target is BOS … EOS. */
export interface EncodedExample {
  source: Int32Array;
  target: Int32Array;
}

export type TargetEncoding = { ok: true; ids: Int32Array } | { ok: false; reason: string };

export class PairCodec {
  constructor(readonly source: Vocab, readonly target: Vocab, readonly options: CodecOptions) {}

  /** Vocabularies from training pairs; code that does not tokenize is skipped (the caller reports it). */
  static build(pairs: readonly { description: string; code: string }[], options: CodecBuildOptions): PairCodec {
    const { minFrequency, maxVocabulary, ...codecOptions } = options;
    const targetSequences: string[][] = [];
    for (const pair of pairs) {
      try {
        targetSequences.push(codeToTokens(pair.code, codecOptions));
      } catch {
        /* untokenizable code contributes no target tokens */
      }
    }
    const vocabOptions = { minFreq: minFrequency, maxSize: maxVocabulary };
    return new PairCodec(
      Vocab.build(pairs.map((p) => tokenizeEnglish(p.description)), vocabOptions),
      Vocab.build(targetSequences, vocabOptions),
      codecOptions,
    );
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

  sourceTokens(description: string): string[] {
    return tokenizeEnglish(description);
  }

  /** English → ids ending in EOS, cut to maxSourceLength. */
  encodeSource(description: string): Int32Array {
    const ids = this.source.encode(this.sourceTokens(description)).slice(0, this.options.maxSourceLength - 1);
    return Int32Array.from([...ids, EOS_ID]);
  }

  /** Python → BOS … EOS, or why it cannot be a training target. */
  encodeTarget(code: string): TargetEncoding {
    let tokens: string[];
    try {
      tokens = codeToTokens(code, this.options);
    } catch (error) {
      return { ok: false, reason: `code does not tokenize: ${(error as Error).message}` };
    }
    if (tokens.length + 1 > this.options.maxTargetLength) {
      return { ok: false, reason: `code has ${tokens.length} tokens; the model's limit is ${this.options.maxTargetLength - 1}` };
    }
    return { ok: true, ids: Int32Array.from(this.target.encode(tokens, { bos: true, eos: true })) };
  }

  /** Generated ids (no BOS/EOS) → target tokens. */
  targetTokens(ids: readonly number[]): string[] {
    return this.target.decode(ids, { skipSpecial: true });
  }

  /** Generated ids → runnable-looking Python (never throws on malformed output). */
  decodeTarget(ids: readonly number[]): string {
    return tokensToCode(this.targetTokens(ids));
  }
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
  return { splitStrings: o.splitStrings, maxSourceLength: o.maxSourceLength as number, maxTargetLength: o.maxTargetLength as number };
}
