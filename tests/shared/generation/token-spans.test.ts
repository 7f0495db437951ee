import { describe, expect, it } from 'vitest';
import { codeFromTokens, stableText, tokenSpans } from '../../../src/shared/generation/token-spans';
import { describeSettings, DecodeSettingsSchema } from '../../../src/shared/generation/decode-settings';
import { GenerateRequestSchema } from '../../../src/shared/generation/generation';
import { codeToTokens, isStructuralToken } from '../../../src/shared/tokenizer/python-sequence';

describe('token spans', () => {
  for (const splitStrings of [false, true]) {
    it(`locates every visible token in the detokenized code (splitStrings ${splitStrings})`, () => {
      const source = 'for i in range(3):\n    print(i, "a b", x[1:2])\nresult = -y ** 2\n';
      const tokens = codeToTokens(source, { splitStrings });
      const { code, spans } = tokenSpans(tokens);
      expect(code).toBe(codeFromTokens(tokens));
      expect(spans).toHaveLength(tokens.length);
      for (let i = 1; i < spans.length; i++) expect(spans[i].from).toBeGreaterThanOrEqual(spans[i - 1].to);
      tokens.forEach((token, i) => {
        const text = code.slice(spans[i].from, spans[i].to);
        if (!isStructuralToken(token) && !token.startsWith('<')) expect(text.trim()).toContain(token.trim());
      });
      const range = tokens.indexOf('range');
      expect(code.slice(spans[range].from, spans[range].to)).toBe('range');
    });
  }

  it('survives malformed output (an unclosed string, stray dedents, specials)', () => {
    const { code, spans } = tokenSpans(['print', '(', '<unk>', '"abc', 'DEDENT', '<eos>']);
    expect(spans).toHaveLength(6);
    expect(code.startsWith('print(')).toBe(true);
  });
});

describe('stable text while streaming', () => {
  it('only ever grows, and is always a prefix of the final program (strings, brackets, blocks)', () => {
    const programs = [
      ['if', 'total', '%', '2', '==', '0', ':', '<NEWLINE>', '<INDENT>', 'print', '(', "<STR '>", 'e', 'n', '<STR_END>', ')', '<NEWLINE>', '<DEDENT>', 'else', ':', '<NEWLINE>', '<INDENT>', 'print', '(', "<STR '>", 'o', 'd', 'd', '<STR_END>', ')', '<NEWLINE>'],
      codeToTokens('d = {"a": [1, 2], \'b\': f(x, y=-1)}\nfor k in d:\n    print(k, d[k])\n', { splitStrings: true }),
      codeToTokens('s = "it\'s"\nprint(s)\n', { splitStrings: false }),
    ];
    for (const tokens of programs) {
      const final = codeFromTokens(tokens);
      let previous = '';
      for (let k = 1; k <= tokens.length; k++) {
        const stable = stableText(tokenSpans(tokens.slice(0, k)));
        expect(final.startsWith(stable), `after ${tokens.slice(0, k).join(' ')}`).toBe(true);
        expect(stable.startsWith(previous)).toBe(true);
        previous = stable;
      }
    }
  });
});

describe('decode settings', () => {
  it('accepts the three strategies within bounds and names them in one line', () => {
    expect(describeSettings(DecodeSettingsSchema.parse({ strategy: 'beam', beamWidth: 4, lengthPenalty: 0.6 }))).toBe('beam 4 (α 0.6)');
    expect(describeSettings({ strategy: 'sample', temperature: 0.8, topK: 0, topP: 0.95, seed: 1 })).toBe('sample T 0.8 top-p 0.95 seed 1');
    for (const bad of [{ strategy: 'beam', beamWidth: 0, lengthPenalty: 0.6 }, { strategy: 'sample', temperature: 0, topK: 0, topP: 1, seed: 1 }, { strategy: 'greedy', maxLength: 1e9 }, { strategy: 'nope' }]) {
      expect(DecodeSettingsSchema.safeParse(bad).success).toBe(false);
    }
    expect(GenerateRequestSchema.safeParse({ prompt: 'x', checkpoint: '../../etc', settings: { strategy: 'greedy' } }).success).toBe(false);
    expect(GenerateRequestSchema.safeParse({ prompt: 'x', checkpoint: 'step-000100', settings: { strategy: 'greedy' } }).success).toBe(true);
  });
});
