// Real-data checks on the seed dataset (../shared/data, read in place, never copied): the
// tokenizer agrees with CPython's own `tokenize`, detokenize(tokenize(code)) parses and tokenizes
// back for ≥ 99% of parseable blocks, and the cleaning transforms keep parseable code parseable.
// Blocks are split simply (a block starts at a column-0 '#' line); the real importer is elsewhere.
// When the file is absent this says so in a visible test and a console warning.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPythonSyntaxChecker, type PythonSyntaxChecker } from '../../../src/services/python/syntax-check';
import { codeToTokens } from '../../../src/shared/tokenizer/python-sequence';
import { tokensToCode } from '../../../src/shared/tokenizer/python-detokenize';
import { tokenizePython } from '../../../src/shared/tokenizer/python-tokenizer';
import { expandTabs, reindent, removeCommentsAndDocstrings } from '../../../src/shared/tokenizer/python-source';

const SEED = fileURLToPath(new URL('../../../../shared/data/english_python/english_python_data.txt', import.meta.url));
const present = existsSync(SEED);

function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let cur: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) {
      if (cur) blocks.push(cur.join('\n') + '\n');
      cur = [];
    } else cur?.push(line);
  }
  if (cur) blocks.push(cur.join('\n') + '\n');
  return blocks.filter((b) => b.trim().length > 0);
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

if (!present) {
  describe('seed dataset', () => {
    it(`SEED DATASET ABSENT at ${SEED}: real-data round-trip checks NOT run`, () => {
      console.warn(`[seed-round-trip] ${SEED} not found: the real-data checks did not run (small-data tests still did).`);
      expect(present).toBe(false);
    });
  });
} else {
  describe('seed dataset (english_python_data.txt)', () => {
    let checker: PythonSyntaxChecker;
    let blocks: string[];
    let parseable: string[];
    let broken: string[];

    beforeAll(async () => {
      checker = await getPythonSyntaxChecker();
      blocks = splitBlocks(readFileSync(SEED, 'utf8'));
      const verdicts = checker.checkMany(blocks);
      parseable = blocks.filter((_, i) => verdicts[i].ok);
      broken = blocks.filter((_, i) => !verdicts[i].ok);
      console.info(`[seed] ${blocks.length} code blocks, ${parseable.length} parse as Python ${checker.pythonVersion}`);
    });

    it('tokenizes every parseable block exactly like CPython tokenize (types, text, positions)', () => {
      let agree = 0;
      const diffs: string[] = [];
      const show = (t: { type: string; text: string; line: number; col: number }): string => `${t.type} ${JSON.stringify(t.text)} ${t.line}:${t.col}`;
      for (const code of parseable) {
        const ref = checker.referenceTokens(code);
        const theirs = ref.ok ? ref.tokens.map(show) : [ref.message];
        const ours = tokenizePython(code).map(show);
        if (same(ours, theirs)) agree++;
        else if (diffs.length < 3) diffs.push(code.slice(0, 200));
      }
      console.info(`[seed] tokenizer agrees with CPython tokenize on ${agree}/${parseable.length} parseable blocks`);
      for (const d of diffs) console.info(`[seed] tokenizer disagreement:\n${d}`);
      expect(agree).toBe(parseable.length);
    });

    for (const splitStrings of [true, false]) {
      it(`round-trips ≥ 99% of parseable blocks (splitStrings=${splitStrings})`, () => {
        let good = 0;
        const failures: string[] = [];
        for (const code of parseable) {
          let why = '';
          try {
            const tokens = codeToTokens(code, { splitStrings });
            const back = tokensToCode(tokens);
            const verdict = checker.check(back);
            if (!verdict.ok) why = `does not parse: ${verdict.message} (line ${verdict.line})`;
            else if (!same(codeToTokens(back, { splitStrings }), tokens)) why = 'tokenizes to a different sequence';
          } catch (e) {
            why = `threw: ${(e as Error).message}`;
          }
          if (why) failures.push(`${why}\n${code.slice(0, 200)}`);
          else good++;
        }
        const rate = good / parseable.length;
        console.info(`[seed] round trip (splitStrings=${splitStrings}): ${good}/${parseable.length} = ${(100 * rate).toFixed(2)}%`);
        for (const f of failures.slice(0, 5)) console.info(`[seed] round-trip failure: ${f}`);
        expect(rate).toBeGreaterThanOrEqual(0.99);
      });
    }

    it('reindent and removeCommentsAndDocstrings keep every parseable block parseable with the same tokens', () => {
      let changedByReindent = 0;
      const broke: string[] = [];
      for (const code of parseable) {
        const before = codeToTokens(code, { splitStrings: false });
        const re = reindent(code);
        if (re.changed) changedByReindent++;
        const stripped = removeCommentsAndDocstrings(re.code);
        if (!checker.check(stripped.code).ok || !same(codeToTokens(re.code, { splitStrings: false }), before)) broke.push(code.slice(0, 200));
      }
      console.info(`[seed] reindent changed ${changedByReindent}/${parseable.length} parseable blocks; broke ${broke.length}`);
      expect(broke).toEqual([]);
    });

    it('reports how many non-parsing blocks parse after reindent + expandTabs', () => {
      const parsesAfter = (opts: Parameters<typeof reindent>[2]): number =>
        broken.filter((code) => checker.check(expandTabs(reindent(code, 4, opts).code).code).ok).length;
      const strict = parsesAfter({ repair: false });
      const repaired = parsesAfter({});
      const guessed = parsesAfter({ guessBlockBodies: true });
      console.info(
        `[seed] of ${broken.length} non-parsing blocks, parse after reindent: ${strict} (tab width only), ` +
          `${repaired} (default repair), ${guessed} (repair + guessBlockBodies)`,
      );
      expect(repaired).toBeGreaterThanOrEqual(strict);
      expect(guessed).toBeGreaterThanOrEqual(repaired);
      expect(repaired).toBeGreaterThan(0);
    });
  });
}
