// `code-studio train --pretrain-corpus DIR --pretrain-steps N` as a child process: the pretraining
// progress lines, run.json's record of it, and the flag errors (a missing folder named before any
// run folder exists; a budget without a folder; a folder without a budget; a change on --resume).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonlPairs, simplePairs } from '../jobs/synthetic-pairs';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/code-studio.mjs');
const TIMEOUT = 180_000;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.CODE_STUDIO_DEBUG;
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let data: string;
let corpus: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-studio-cli-pretrain-'));
  data = join(dir, 'pairs.jsonl');
  await writeJsonlPairs(data, simplePairs(80));
  corpus = join(dir, 'corpus');
  await mkdir(join(corpus, 'pkg'), { recursive: true });
  for (let i = 0; i < 6; i++) {
    await writeFile(join(corpus, i % 2 ? 'pkg' : '.', `m${i}.py`), `def f(x, y):\n    total = x + ${i}\n    return total * y\n\nvalues = [1, 2, ${i}]\nprint(values)\n`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('code-studio train --pretrain-corpus', () => {
  it('pretrains, then trains, printing both phases, and run.json records the pretraining', { timeout: TIMEOUT }, async () => {
    const runDir = join(dir, 'run');
    const r = await cli(['train', '--data', data, '--preset', 'tiny', '--set', 'maxSteps=4', '--set', 'evalEvery=4', '--set', 'evalSamples=4',
      '--pretrain-corpus', corpus, '--pretrain-steps', '6', '--run-dir', runDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const names = events.map((e) => e.event);
    expect(names.indexOf('prepared')).toBeLessThan(names.indexOf('pretrain-started'));
    expect(names.indexOf('pretrain-finished')).toBeLessThan(names.indexOf('step'));
    expect(events.find((e) => e.event === 'pretrain-started')).toMatchObject({ folder: corpus, files: 6, maxSteps: 6, resumedFromStep: null });
    expect(events.find((e) => e.event === 'pretrain-finished')).toMatchObject({ done: true, step: 6 });
    expect(events.at(-1)).toMatchObject({ event: 'summary', reason: 'max-steps', steps: 4 });
    const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    expect(manifest.config.pretrain).toEqual({ corpus, steps: 6 });
    expect(manifest.pretraining).toMatchObject({ corpus, folder: corpus, status: 'done', steps: 6, files: 6 });

    // A resume neither redoes pretraining nor lets it change.
    const changed = await cli(['train', '--resume', '--run-dir', runDir, '--pretrain-corpus', corpus, '--pretrain-steps', '9']);
    expect(changed.code).not.toBe(0);
    expect(changed.stderr.trim()).toMatch(/^error: --pretrain-corpus cannot change when resuming/);
    const resumed = await cli(['train', '--resume', '--run-dir', runDir, '--set', 'maxSteps=6']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).not.toMatch(/pretraining/);
  });

  it('names a missing corpus folder before a run folder exists, and refuses a budget without a folder or a folder without one', { timeout: TIMEOUT }, async () => {
    const missing = join(dir, 'no-such-corpus');
    const train = (name: string, ...flags: string[]) => cli(['train', '--data', data, '--preset', 'tiny', '--run-dir', join(dir, name), ...flags]);
    const [noFolder, noCorpus, noBudget, empty] = await Promise.all([
      train('r-missing', '--pretrain-corpus', missing, '--pretrain-steps', '5'),
      train('r-no-corpus', '--pretrain-steps', '5'),
      train('r-no-budget', '--pretrain-corpus', corpus),
      train('r-empty', '--pretrain-corpus', join(dir, 'r-missing-never'), '--pretrain-minutes', '1'),
    ]);
    const oneLine = (r: { code: number; stderr: string; stdout: string }, message: RegExp) => {
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr + r.stdout).not.toMatch(/^\s+at /m);
    };
    oneLine(noFolder, new RegExp(`^error: Pretraining corpus ${missing} does not exist$`));
    oneLine(noCorpus, /^error: --pretrain-steps and --pretrain-minutes need --pretrain-corpus DIR$/);
    oneLine(noBudget, /^error: --pretrain-corpus needs --pretrain-steps N or --pretrain-minutes N/);
    oneLine(empty, /does not exist/);
    for (const name of ['r-missing', 'r-no-corpus', 'r-no-budget', 'r-empty']) await expect(stat(join(dir, name))).rejects.toThrow();
  });
});
