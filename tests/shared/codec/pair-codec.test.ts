// PairCodec and prepareExamples: vocabularies from the training pairs only (with their frequency
// and size limits), source/target encodings and their length limits, decoding back to the same
// tokens, the tokenizer.json round trip, and an account of every pair prepareExamples is given.
import { describe, expect, it } from 'vitest';
import { PairCodec, type CodecBuildOptions } from '../../../src/shared/codec/pair-codec';
import { prepareExamples } from '../../../src/shared/codec/prepare-examples';
import type { Pair } from '../../../src/shared/dataset/pair';
import { tokenizeEnglish } from '../../../src/shared/tokenizer/english-tokenizer';
import { codeToTokens } from '../../../src/shared/tokenizer/python-sequence';
import { BOS_ID, EOS_ID, SPECIAL_TOKENS, UNK_ID } from '../../../src/shared/tokenizer/vocab';
import { simplePairs } from '../../jobs/synthetic-pairs';

const OPTIONS: CodecBuildOptions = { splitStrings: true, maxSourceLength: 16, maxTargetLength: 24, minFrequency: 1, maxVocabulary: 1000 };

const TRAIN = simplePairs(40);

function asPairs(items: readonly { description: string; code: string }[]): Pair[] {
  return items.map((p, i) => ({ id: `p${i}`, description: p.description, code: p.code, source: { file: 'test.jsonl', line: i + 1 } }));
}

describe('PairCodec.build', () => {
  it('builds both vocabularies from the given (training) pairs only', () => {
    const codec = PairCodec.build(TRAIN, OPTIONS);
    const english = new Set(TRAIN.flatMap((p) => tokenizeEnglish(p.description)));
    const python = new Set(TRAIN.flatMap((p) => codeToTokens(p.code, OPTIONS)));
    expect(codec.source.size).toBe(SPECIAL_TOKENS.length + english.size);
    expect(codec.target.size).toBe(SPECIAL_TOKENS.length + python.size);
    for (const t of english) expect(codec.source.has(t)).toBe(true);
    for (const t of python) expect(codec.target.has(t)).toBe(true);
    // A word that only a held-out pair uses is unknown to the codec.
    expect(codec.source.has('zebra')).toBe(false);
    expect(Array.from(codec.encodeSource('add zebra to x'))).toContain(UNK_ID);
    expect(codec.target.has('zebra')).toBe(false);
  });

  it('honours minFrequency and maxVocabulary on both sides', () => {
    const pairs = [
      { description: 'print x', code: 'print(x)' },
      { description: 'print y', code: 'print(y)' },
      { description: 'print x again', code: 'print(x)' },
    ];
    const frequent = PairCodec.build(pairs, { ...OPTIONS, minFrequency: 2 });
    // English: print ×3, x ×2 kept; y and again (once each) dropped.
    expect(frequent.source.toJSON().tokens.slice(SPECIAL_TOKENS.length).sort()).toEqual(['print', 'x']);
    // Python: print ( ) NEWLINE ×3, x ×2 kept; y dropped.
    expect(frequent.target.has('x')).toBe(true);
    expect(frequent.target.has('y')).toBe(false);

    const small = PairCodec.build(TRAIN, { ...OPTIONS, maxVocabulary: 10 });
    expect(small.source.size).toBe(10);
    expect(small.target.size).toBe(10);
  });

  it('skips code that does not tokenize when building (it adds no target tokens)', () => {
    const codec = PairCodec.build([{ description: 'broken', code: 'x = "unterminated' }, { description: 'fine', code: 'y = 1' }], OPTIONS);
    expect(codec.target.has('unterminated')).toBe(false);
    expect(codec.target.has('y')).toBe(true);
    expect(codec.source.has('broken')).toBe(true); // the description still counts
  });
});

describe('PairCodec encodings', () => {
  const codec = PairCodec.build(TRAIN, OPTIONS);

  it('encodeSource ends in EOS and is cut to maxSourceLength', () => {
    const short = codec.encodeSource('add 3 to x');
    expect(short.length).toBe(tokenizeEnglish('add 3 to x').length + 1);
    expect(short[short.length - 1]).toBe(EOS_ID);
    expect(Array.from(short).slice(0, -1)).not.toContain(EOS_ID);

    const words = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'x' : 'add')).join(' ');
    const long = codec.encodeSource(words);
    expect(long.length).toBe(OPTIONS.maxSourceLength);
    expect(long[long.length - 1]).toBe(EOS_ID);
    // The cut keeps the beginning of the description.
    expect(Array.from(long.slice(0, 4))).toEqual(codec.source.encode(['add', 'x', 'add', 'x']));

    expect(Array.from(codec.encodeSource(''))).toEqual([EOS_ID]);
  });

  it('encodeTarget gives BOS … EOS for code that fits', () => {
    const code = 'print(x + 3)';
    const result = codec.encodeTarget(code);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const tokens = codeToTokens(code, OPTIONS);
    expect(result.ids.length).toBe(tokens.length + 2);
    expect(result.ids[0]).toBe(BOS_ID);
    expect(result.ids[result.ids.length - 1]).toBe(EOS_ID);
    expect(Array.from(result.ids.slice(1, -1))).toEqual(codec.target.encode(tokens));
  });

  it('encodeTarget accepts exactly maxTargetLength - 1 tokens and refuses one more, with a reason', () => {
    const limit = OPTIONS.maxTargetLength - 1;
    // `x = x + 1 + 1 …`: 3 tokens, 2 per "+ 1", NEWLINE; a trailing comma (a tuple) makes it odd.
    const withTokens = (n: number) => {
      const code = 'x = x' + ' + 1'.repeat(Math.floor((n - 4) / 2)) + (n % 2 ? ',' : '');
      expect(codeToTokens(code, OPTIONS)).toHaveLength(n);
      return code;
    };
    const fits = codec.encodeTarget(withTokens(limit));
    expect(fits.ok).toBe(true);
    if (fits.ok) expect(fits.ids.length).toBe(OPTIONS.maxTargetLength + 1); // BOS + tokens + EOS

    const tooLong = codec.encodeTarget(withTokens(limit + 1));
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.reason).toMatch(new RegExp(`${limit + 1} tokens.*limit is ${limit}`));
  });

  it('encodeTarget refuses code that does not tokenize, saying where', () => {
    for (const code of ['x = "unterminated', 'x = (1,', 'if x:\n    y\n  z']) {
      const result = codec.encodeTarget(code);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^code does not tokenize: .+\(line \d+, column \d+\)/);
    }
  });

  it('decodeTarget of the ids between BOS and EOS tokenizes back to the same tokens', () => {
    for (const { code } of TRAIN) {
      const encoded = codec.encodeTarget(code);
      expect(encoded.ok).toBe(true);
      if (!encoded.ok) continue;
      const inner = Array.from(encoded.ids.slice(1, -1));
      expect(codec.targetTokens(inner)).toEqual(codeToTokens(code, OPTIONS));
      expect(codeToTokens(codec.decodeTarget(inner), OPTIONS)).toEqual(codeToTokens(code, OPTIONS));
    }
  });

  it('decodeTarget never throws on malformed model output', () => {
    const junk = [UNK_ID, 9999, -1, BOS_ID, ...codec.target.encode(['(', '(', '<INDENT>', '<DEDENT>', '<STR \'>', 'a'])];
    expect(typeof codec.decodeTarget(junk)).toBe('string');
    expect(codec.decodeTarget([])).toBe('');
  });
});

describe('PairCodec JSON', () => {
  const codec = PairCodec.build(TRAIN, OPTIONS);

  it('toJSON → fromJSON gives identical encodings', () => {
    const restored = PairCodec.fromJSON(JSON.parse(JSON.stringify(codec.toJSON())));
    expect(restored.toJSON()).toEqual(codec.toJSON());
    expect(restored.options).toEqual({ splitStrings: true, maxSourceLength: 16, maxTargetLength: 24 });
    for (const p of [...TRAIN, ...simplePairs(80).slice(40), { description: 'an unseen zebra', code: "zebra = 'striped'" }]) {
      expect(restored.encodeSource(p.description)).toEqual(codec.encodeSource(p.description));
      expect(restored.encodeTarget(p.code)).toEqual(codec.encodeTarget(p.code));
    }
  });

  it('fromJSON rejects junk with a clear message', () => {
    const good = JSON.parse(JSON.stringify(codec.toJSON()));
    const cases: [unknown, RegExp][] = [
      [null, /not a code-studio codec/],
      ['tokenizer', /not a code-studio codec/],
      [[], /not a code-studio codec/],
      [{ ...good, format: 'something-else' }, /not a code-studio codec/],
      [{ ...good, version: 2 }, /not a code-studio codec.*version 1/],
      [{ ...good, options: undefined }, /options/],
      [{ ...good, options: { ...good.options, maxSourceLength: 'long' } }, /maxSourceLength/],
      [{ ...good, options: { ...good.options, maxTargetLength: 0 } }, /maxTargetLength/],
      [{ ...good, options: { ...good.options, splitStrings: 'yes' } }, /splitStrings/],
      [{ ...good, source: undefined }, /source vocabulary/],
      [{ ...good, target: { ...good.target, tokens: ['a', 'b'] } }, /target vocabulary.*special/],
    ];
    for (const [json, message] of cases) expect(() => PairCodec.fromJSON(json), JSON.stringify(json)?.slice(0, 80)).toThrow(message);
  });
});

describe('prepareExamples', () => {
  it('accounts for every pair: examples + skipped = input, with a reason for each skipped one', () => {
    const codec = PairCodec.build(TRAIN, OPTIONS);
    const input = asPairs([
      ...TRAIN.slice(0, 10),
      { description: 'broken string', code: 'x = "unterminated' },
      { description: 'far too long', code: 'x = x' + ' + 1'.repeat(30) },
      { description: 'unbalanced', code: 'print((x)' },
      ...TRAIN.slice(10, 15),
    ]);
    const { examples, skipped } = prepareExamples(codec, input);
    expect(examples.length + skipped.length).toBe(input.length);
    expect(examples).toHaveLength(15);
    expect(skipped.map((s) => s.pair.description)).toEqual(['broken string', 'far too long', 'unbalanced']);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/does not tokenize/),
      expect.stringMatching(/limit is 23/),
      expect.stringMatching(/does not tokenize/),
    ]);
    // Every input pair is used exactly once, in order.
    const seen = [...examples.map((e) => e.pair.id), ...skipped.map((s) => s.pair.id)].sort();
    expect(seen).toEqual(input.map((p) => p.id).sort());
    for (const e of examples) {
      expect(e.source).toEqual(codec.encodeSource(e.pair.description));
      expect(e.target).toEqual((codec.encodeTarget(e.pair.code) as { ids: Int32Array }).ids);
    }
  });

  it('handles an empty list', () => {
    expect(prepareExamples(PairCodec.build(TRAIN, OPTIONS), [])).toEqual({ examples: [], skipped: [] });
  });
});

describe('PairCodec with slot placeholders', () => {
  const SLOTTED = [
    { description: "sort list `names` by key 'age'", code: "names.sort(key=lambda d: d['age'])" },
    { description: "sort list `rows` by key 'height'", code: "rows.sort(key=lambda d: d['height'])" },
    { description: 'sort list `xs`', code: 'xs.sort()' },
  ];
  const codec = PairCodec.build(SLOTTED, { ...OPTIONS, maxTargetLength: 64, slots: true });

  it('learns the placeholder form: the names each pair quotes are not in the vocabularies', () => {
    for (const name of ['names', 'rows', 'xs', 'a', 'g', 'h']) expect(codec.source.has(name) || codec.target.has(name)).toBe(false);
    expect(codec.sourceTokens("sort list `people` by key 'weight'")).toEqual(['sort', 'list', 'var_0', 'by', 'key', 'str_0']);
    const target = codec.encodeTarget("people.sort(key=lambda d: d['weight'])", "sort list `people` by key 'weight'");
    expect(target.ok && codec.target.decode(Array.from(target.ids), { skipSpecial: true })).toEqual(
      ['var_0', '.', 'sort', '(', 'key', '=', 'lambda', 'd', ':', 'd', '[', "<STR '>", 'str_0', '<STR_END>', ']', ')', '<NEWLINE>'],
    );
    expect(Array.from(codec.encodeSource("sort list `people` by key 'weight'"))).not.toContain(UNK_ID);
  });

  it("writes a prompt's quoted names into the decoded code, never <unk>", () => {
    const target = codec.encodeTarget("people.sort(key=lambda d: d['weight'])", "sort list `people` by key 'weight'");
    if (!target.ok) throw new Error(target.reason);
    const ids = Array.from(target.ids.slice(1, -1));
    expect(codec.decodeTarget(ids, "sort list `Customer.objects` by key 'Last Name'").trim()).toBe("Customer.objects.sort(key=lambda d: d['Last Name'])");
  });

  it('keeps the slots setting through tokenizer.json, and refuses slots without split strings', () => {
    expect(PairCodec.fromJSON(JSON.parse(JSON.stringify(codec.toJSON()))).sourceTokens('sort `a`')).toEqual(['sort', 'var_0']);
    expect(() => PairCodec.build(SLOTTED, { ...OPTIONS, splitStrings: false, slots: true })).toThrow(/splitStrings/);
  });
});
