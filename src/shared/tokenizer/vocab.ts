// Token ↔ id table shared by the English (source) and Python (target) sides of a model.
// Ids 0–3 are reserved specials (PAD, BOS, EOS, UNK); the rest is ordered by frequency, then by
// token string, so the same corpus always yields the same ids. JSON round trip with validation.
// Not a tokenizer: it maps already-split tokens (english-tokenizer.ts, python-sequence.ts).

export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;
export const PAD_TOKEN = '<pad>';
export const BOS_TOKEN = '<bos>';
export const EOS_TOKEN = '<eos>';
export const UNK_TOKEN = '<unk>';
export const SPECIAL_TOKENS: readonly string[] = [PAD_TOKEN, BOS_TOKEN, EOS_TOKEN, UNK_TOKEN];

export const VOCAB_FORMAT = 'code-studio-vocab';
export const VOCAB_VERSION = 1;

export interface VocabJSON {
  format: typeof VOCAB_FORMAT;
  version: typeof VOCAB_VERSION;
  /** Every token in id order; the first four are SPECIAL_TOKENS. */
  tokens: string[];
}

export interface VocabBuildOptions {
  /** Tokens seen fewer times are left out (they encode as UNK). Default 1. */
  minFreq?: number;
  /** Largest vocabulary, specials included. Default: unlimited. */
  maxSize?: number;
}

export class VocabError extends Error {
  override name = 'VocabError';
}

export class Vocab {
  private readonly ids: Map<string, number>;

  private constructor(private readonly tokens: readonly string[]) {
    this.ids = new Map(tokens.map((t, i) => [t, i]));
  }

  /** Counts tokens over all sequences; keeps those with count ≥ minFreq, most frequent first (ties by token string). */
  static build(sequences: Iterable<readonly string[]>, options: VocabBuildOptions = {}): Vocab {
    const minFreq = options.minFreq ?? 1;
    const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(minFreq) || minFreq < 1) throw new VocabError(`minFreq must be a number ≥ 1, got ${minFreq}`);
    if (!(maxSize >= SPECIAL_TOKENS.length)) throw new VocabError(`maxSize must be ≥ ${SPECIAL_TOKENS.length} (the special tokens), got ${maxSize}`);
    const counts = new Map<string, number>();
    for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const s of SPECIAL_TOKENS) counts.delete(s);
    const kept = [...counts]
      .filter(([, c]) => c >= minFreq)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxSize - SPECIAL_TOKENS.length)
      .map(([t]) => t);
    return new Vocab([...SPECIAL_TOKENS, ...kept]);
  }

  /** A vocabulary from an explicit token list in id order (specials first), validated like fromJSON. */
  static fromTokens(tokens: readonly string[]): Vocab {
    validateTokens(tokens);
    return new Vocab([...tokens]);
  }

  static fromJSON(json: unknown): Vocab {
    const where = 'vocabulary JSON';
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json);
      } catch (e) {
        throw new VocabError(`${where} is not valid JSON: ${(e as Error).message}`);
      }
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new VocabError(`${where} must be an object with "format", "version" and "tokens"`);
    const o = json as Record<string, unknown>;
    if (o.format !== VOCAB_FORMAT) throw new VocabError(`${where}: "format" must be "${VOCAB_FORMAT}", got ${JSON.stringify(o.format)}`);
    if (o.version !== VOCAB_VERSION) throw new VocabError(`${where}: unsupported "version" ${JSON.stringify(o.version)} (this build reads version ${VOCAB_VERSION})`);
    if (!Array.isArray(o.tokens)) throw new VocabError(`${where}: "tokens" must be an array of strings`);
    validateTokens(o.tokens);
    return new Vocab([...(o.tokens as string[])]);
  }

  get size(): number {
    return this.tokens.length;
  }

  idOf(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  tokenOf(id: number): string {
    return Number.isInteger(id) && id >= 0 && id < this.tokens.length ? this.tokens[id] : UNK_TOKEN;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** Unknown tokens become UNK_ID; `bos` / `eos` wrap the sequence. */
  encode(tokens: readonly string[], options: { bos?: boolean; eos?: boolean } = {}): number[] {
    const ids = tokens.map((t) => this.idOf(t));
    if (options.bos) ids.unshift(BOS_ID);
    if (options.eos) ids.push(EOS_ID);
    return ids;
  }

  /**
   * Ids outside the table decode to UNK_TOKEN (model output must never throw). With `skipSpecial`,
   * PAD and BOS are dropped and decoding stops at the first EOS.
   */
  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const id of ids) {
      if (options.skipSpecial) {
        if (id === EOS_ID) break;
        if (id === PAD_ID || id === BOS_ID) continue;
      }
      out.push(this.tokenOf(id));
    }
    return out;
  }

  toJSON(): VocabJSON {
    return { format: VOCAB_FORMAT, version: VOCAB_VERSION, tokens: [...this.tokens] };
  }
}

function validateTokens(tokens: readonly unknown[]): void {
  SPECIAL_TOKENS.forEach((s, i) => {
    if (tokens[i] !== s) throw new VocabError(`vocabulary: token ${i} must be the special "${s}", got ${JSON.stringify(tokens[i])}`);
  });
  const seen = new Set<string>();
  tokens.forEach((t, i) => {
    if (typeof t !== 'string') throw new VocabError(`vocabulary: token ${i} is not a string (${JSON.stringify(t)})`);
    if (seen.has(t)) throw new VocabError(`vocabulary: token ${i} ${JSON.stringify(t)} appears twice`);
    seen.add(t);
  });
}
