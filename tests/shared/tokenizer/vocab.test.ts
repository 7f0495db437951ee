// Vocabulary: reserved specials, deterministic order, frequency and size limits, encode/decode,
// and a JSON round trip that rejects malformed files with a clear message.
import { describe, expect, it } from 'vitest';
import {
  BOS_ID,
  EOS_ID,
  PAD_ID,
  SPECIAL_TOKENS,
  UNK_ID,
  UNK_TOKEN,
  VOCAB_FORMAT,
  Vocab,
  VocabError,
} from '../../../src/shared/tokenizer/vocab';

const corpus = [
  ['b', 'a', 'c', 'a'],
  ['c', 'a', 'd'],
  ['e', 'b'],
];

describe('Vocab', () => {
  it('reserves PAD=0, BOS=1, EOS=2, UNK=3', () => {
    expect([PAD_ID, BOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    expect(Vocab.build([]).toJSON().tokens).toEqual([...SPECIAL_TOKENS]);
  });

  it('orders by frequency, then by token string', () => {
    // counts: a 3, b 2, c 2, d 1, e 1
    expect(Vocab.build(corpus).toJSON().tokens.slice(4)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Vocab.build([...corpus].reverse()).toJSON()).toEqual(Vocab.build(corpus).toJSON());
  });

  it('applies minFreq and maxSize (specials included in the size)', () => {
    expect(Vocab.build(corpus, { minFreq: 2 }).toJSON().tokens.slice(4)).toEqual(['a', 'b', 'c']);
    const v = Vocab.build(corpus, { maxSize: 6 });
    expect(v.size).toBe(6);
    expect(v.toJSON().tokens.slice(4)).toEqual(['a', 'b']);
    expect(() => Vocab.build(corpus, { maxSize: 2 })).toThrow(VocabError);
    expect(() => Vocab.build(corpus, { minFreq: 0 })).toThrow(/minFreq/);
  });

  it('does not count special tokens found in the data twice', () => {
    const v = Vocab.build([['<pad>', 'x', '<unk>']]);
    expect(v.toJSON().tokens).toEqual([...SPECIAL_TOKENS, 'x']);
  });

  it('encodes unknown tokens as UNK and can add BOS / EOS', () => {
    const v = Vocab.build(corpus);
    expect(v.encode(['a', 'zzz', 'e'])).toEqual([4, UNK_ID, 8]);
    expect(v.encode(['a'], { bos: true, eos: true })).toEqual([BOS_ID, 4, EOS_ID]);
  });

  it('decodes, mapping out-of-range ids to UNK and optionally stopping at EOS', () => {
    const v = Vocab.build(corpus);
    expect(v.decode([4, 5, 999, -1, 1.5])).toEqual(['a', 'b', UNK_TOKEN, UNK_TOKEN, UNK_TOKEN]);
    expect(v.decode([BOS_ID, 4, PAD_ID, 5, EOS_ID, 6], { skipSpecial: true })).toEqual(['a', 'b']);
  });

  it('round-trips through JSON text', () => {
    const v = Vocab.build(corpus);
    const back = Vocab.fromJSON(JSON.stringify(v));
    expect(back.toJSON()).toEqual(v.toJSON());
    expect(back.encode(['c', 'd'])).toEqual(v.encode(['c', 'd']));
  });

  it('rejects malformed JSON with a message that says what is wrong', () => {
    const good = Vocab.build(corpus).toJSON();
    expect(() => Vocab.fromJSON('{not json')).toThrow(/not valid JSON/);
    expect(() => Vocab.fromJSON([])).toThrow(/must be an object/);
    expect(() => Vocab.fromJSON({ ...good, format: 'other' })).toThrow(new RegExp(`"format" must be "${VOCAB_FORMAT}"`));
    expect(() => Vocab.fromJSON({ ...good, version: 9 })).toThrow(/unsupported "version" 9/);
    expect(() => Vocab.fromJSON({ ...good, tokens: 'abc' })).toThrow(/"tokens" must be an array/);
    expect(() => Vocab.fromJSON({ ...good, tokens: ['<bos>', '<pad>', '<eos>', '<unk>'] })).toThrow(/token 0 must be the special "<pad>"/);
    expect(() => Vocab.fromJSON({ ...good, tokens: [...good.tokens, 'a'] })).toThrow(/"a" appears twice/);
    expect(() => Vocab.fromJSON({ ...good, tokens: [...good.tokens, 7] })).toThrow(/token 9 is not a string/);
  });
});
