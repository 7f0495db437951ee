// CoNaLa's published metric definition checked against reference numbers computed independently
// (../shared/data/conala/bleu-reference-vectors.json, read in place and never copied into the repo).
// When the file is absent the suite says so in its test name and a warning instead of passing quietly.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeMetrics, prepareMetricInput, tokenizeForBleuEval } from '../../../src/shared/metrics';

const VECTORS_PATH = fileURLToPath(new URL('../../../../shared/data/conala/bleu-reference-vectors.json', import.meta.url));

interface ReferenceVectors {
  pairs: { hypothesis: string; reference: string }[];
  expected_by_prefix: Record<string, { bleu: number; exact_match: number; n: number }>;
  tokenize_examples: { code: string; tokens: string[] }[];
}

const present = existsSync(VECTORS_PATH);
if (!present) {
  console.warn(`[metrics] CoNaLa reference vectors NOT FOUND at ${VECTORS_PATH}: BLEU was NOT checked against reference values.`);
}

describe(present ? 'CoNaLa reference vectors' : 'CoNaLa reference vectors — FILE ABSENT, NOT CHECKED', () => {
  if (!present) {
    it(`reference file absent (${VECTORS_PATH}); only the hand-computed tests ran`, () => {
      expect(existsSync(VECTORS_PATH)).toBe(false);
    });
    return;
  }

  const vectors = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as ReferenceVectors;

  it('has examples and prefixes to check', () => {
    expect(vectors.tokenize_examples.length).toBeGreaterThan(0);
    expect(Object.keys(vectors.expected_by_prefix).length).toBeGreaterThan(0);
  });

  it.each(vectors.tokenize_examples.map((example) => [example.code, example.tokens] as const))(
    'tokenizes %j like tokenize_for_bleu_eval',
    (code, tokens) => {
      expect(tokenizeForBleuEval(code)).toEqual(tokens);
    },
  );

  it.each(Object.entries(vectors.expected_by_prefix))('first %s pairs: bleu and exact_match to 1e-6', (prefix, expected) => {
    const pairs = vectors.pairs.slice(0, Number(prefix));
    expect(pairs.length).toBe(expected.n);
    const values = computeMetrics(
      prepareMetricInput(
        pairs.map((p) => p.hypothesis),
        pairs.map((p) => p.reference),
      ),
    );
    expect(Math.abs((values.bleu ?? Number.NaN) - expected.bleu)).toBeLessThan(1e-6);
    expect(Math.abs((values.exact_match ?? Number.NaN) - expected.exact_match)).toBeLessThan(1e-6);
  });
});
