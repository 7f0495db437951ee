// Copy attention on a task only copying can solve: every name in the code is a made-up word that
// appears once in the whole dataset (so it is outside the vocabulary) and is written in the
// description. Trained with the tiny preset, the model must write held-out pairs' names — which it
// has never seen — exactly, and never <unk>.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePairs } from '../../src/jobs/evaluate-run';
import { generateCode } from '../../src/jobs/generate';
import { openRun, type OpenedRun } from '../../src/jobs/open-run';
import { trainRun } from '../../src/jobs/train-run';
import { SeededRandom } from '../../src/shared/random/seeded-random';
import type { Pair } from '../../src/shared/dataset/pair';

const TEMPLATES: ((f: string, a: string) => { description: string; code: string })[] = [
  (f, a) => ({ description: `call ${f} with ${a}`, code: `${f}(${a})` }),
  (f, a) => ({ description: `set ${f} to the length of ${a}`, code: `${f} = len(${a})` }),
  (f, a) => ({ description: `print ${a} and ${f}`, code: `print(${a}, ${f})` }),
  (f, a) => ({ description: `sort ${a} by ${f}`, code: `sorted(${a}, key=${f})` }),
];

/** Pairs whose two names are fresh made-up words, each used once. */
function copyPairs(count: number, seed: number): { description: string; code: string }[] {
  const rng = new SeededRandom(seed);
  const word = () => Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(rng.next() * 20)]).join('');
  return Array.from({ length: count }, (_, i) => TEMPLATES[i % TEMPLATES.length](word(), word()));
}

let workDir: string;
let run: OpenedRun;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-copy-'));
  const data = join(workDir, 'pairs.jsonl');
  await writeFile(data, copyPairs(600, 1).map((p) => JSON.stringify(p)).join('\n') + '\n');
  await trainRun({
    runDir: join(workDir, 'run'), data: { path: data, clean: false }, preset: 'tiny',
    // minFrequency 2: a name seen once stays out of the vocabulary, so it can only be copied.
    overrides: { model: { copy: true }, minFrequency: 2, maxSteps: 400, evalEvery: 400, evalSamples: 8 },
  });
  run = await openRun(join(workDir, 'run'));
}, 180_000);
afterAll(async () => {
  run?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

describe('copy attention', () => {
  it('writes names it has never seen, copied from the description, and never <unk>', () => {
    const heldOut: Pair[] = copyPairs(40, 99).map((p, i) => ({ id: `h${i}`, ...p, source: { file: 'held-out', line: i + 1 } }));
    const names = heldOut.flatMap((p) => p.code.match(/\b[bcdfghjklmnpqrstvwxz]{5}\b/g) ?? []);
    expect(names).toHaveLength(80);
    for (const name of names) expect(run.codec.target.has(name)).toBe(false);
    const result = evaluatePairs(run, heldOut, { strategy: 'greedy' });
    expect(result.examples.map((e) => e.hypothesis).join('\n')).not.toContain('<unk>');
    console.log(`copy attention, tiny preset, 400 steps: held-out exact match ${result.exact_match.toFixed(1)}% (names never seen)`);
    expect(result.exact_match, result.examples.slice(0, 5).map((e) => `${e.reference} → ${e.hypothesis}`).join('\n')).toBeGreaterThanOrEqual(90);
  });

  it('copies in beam search and in the playground, each copied token shown as the name it writes', async () => {
    const beam = await generateCode(run, { prompt: 'call wqrtz with mblkp', settings: { strategy: 'beam', beamWidth: 3, lengthPenalty: 0.6 } });
    expect(beam.candidates[0].code.trim()).toBe('wqrtz(mblkp)');
    const greedy = await generateCode(run, { prompt: 'sort vvkkz by trrbp', settings: { strategy: 'greedy' } });
    expect(greedy.candidates[0].code.trim()).toBe('sorted(vvkkz, key=trrbp)');
    expect(greedy.candidates[0].tokens.map((t) => t.text)).toContain('vvkkz');
    expect(greedy.candidates[0].tokens.find((t) => t.text === 'vvkkz')!.id).toBeGreaterThanOrEqual(run.codec.target.size);
  });
});
