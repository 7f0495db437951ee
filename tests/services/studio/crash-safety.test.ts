// The real engine (forked, TF.js) under a hurried user and a hostile machine: pause/resume storms,
// then kill -9 of the engine at seeded random moments of a tiny run, many times. After each resume
// the run's history holds every step exactly once, and in the end the run finishes with all of it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, Events } from '../../../src/shared/api/contract';
import { SeededRandom } from '../../../src/shared/random/seeded-random';
import { openDataDir } from '../../../src/services/data-dir';
import { forkEngine } from '../../../src/services/engine/fork-engine';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';

const SEED = Number(process.env.CRASH_SEED ?? 20261201);
const KILLS = 8;
const MAX_STEPS = 1500;

let dir: string;
let studio: Studio;
let runId = '';
const received: { channel: EventChannel; payload: unknown }[] = [];
const statuses = () => received.filter((e) => e.channel === 'run:status').map((e) => e.payload as Events['run:status']);

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (seed ${SEED})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface MetricLine { type?: string; step: number }
async function history(): Promise<{ steps: number[]; evaluations: number[]; samples: number[] }> {
  const read = async (file: string) =>
    (await readFile(join(dir, 'data', 'runs', runId, file), 'utf8').catch(() => ''))
      .split('\n').filter((l) => l.trim()).flatMap((l) => { try { return [JSON.parse(l) as MetricLine]; } catch { return []; } });
  const metrics = await read('metrics.jsonl');
  return {
    steps: metrics.filter((m) => m.type === 'step').map((m) => m.step),
    evaluations: metrics.filter((m) => m.type !== 'step').map((m) => m.step),
    samples: (await read('samples.jsonl')).map((m) => m.step),
  };
}

/** Every step from 1 to the last one, once, in order; evaluations and samples once each. */
function expectCompleteHistory(h: Awaited<ReturnType<typeof history>>, context: string): void {
  expect(h.steps, context).toEqual(h.steps.map((_, i) => i + 1));
  expect(new Set(h.evaluations).size, context).toBe(h.evaluations.length);
  expect(new Set(h.samples).size, context).toBe(h.samples.length);
}

const isTraining = () => studio.supervisor.isActive(runId);
const engineReady = () => studio.supervisor.status.state === 'ready';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crash-safety-'));
  const pairs = ['add a and b|a + b', 'multiply x by y|x * y', "print hello|print('hello')", 'sort items|items.sort()', 'length of items|len(items)', 'sum of nums|sum(nums)'];
  const lines = Array.from({ length: 16 }, (_, k) => pairs.map((p) => JSON.stringify({ description: `${p.split('|')[0]} ${k}`, code: p.split('|')[1] }))).flat();
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), lines.join('\n') + '\n');
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: forkEngine(), mode: 'web', version: 'test' });
  studio.events.subscribe((channel, payload) => received.push({ channel, payload }));
  await until('the engine', engineReady);
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('crash safety with the real engine', () => {
  it('survives a pause/resume storm: one run, consistent state, complete history', async () => {
    ({ runId } = await studio.handlers['runs:start']({
      datasetId: 'sample', preset: 'tiny', overrides: { maxSteps: MAX_STEPS, evalEvery: 10, evalSamples: 4, checkpointEvery: 5, batchSize: 8 },
    }));
    await until('training', async () => (await history()).steps.length >= 3);
    const random = new SeededRandom(SEED);
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 24; i++) {
      const call = random.next() < 0.5 ? studio.handlers['runs:pause']({ runId }) : studio.handlers['runs:resume']({ runId });
      calls.push(call.catch((error: Error) => error.message));
      await new Promise((r) => setTimeout(r, random.int(60)));
    }
    const answers = await Promise.all(calls);
    // Refusals are sentences about this run's state, never a crash or a foreign error.
    for (const a of answers) if (typeof a === 'string') expect(a).toMatch(/already training|not training|finished all its steps/);
    // Settle: a pause takes effect between two steps, after its request has returned; stop the run
    // for certain, then it must resume and go on from where it stopped.
    if (isTraining()) await studio.handlers['runs:pause']({ runId });
    await until('the storm to settle', () => !isTraining());
    expect((await studio.handlers['runs:get']({ runId })).status).toBe('paused');
    const stoppedAt = (await history()).steps.length;
    await studio.handlers['runs:resume']({ runId });
    await until('more steps', async () => (await history()).steps.length >= stoppedAt + 5);
    expectCompleteHistory(await history(), 'after the storm');
    expect((await studio.handlers['runs:list']({})).map((r) => r.id)).toEqual([runId]);
  });

  it(`survives ${KILLS} kill -9s of the engine at random moments; resumes with every step exactly once, then finishes`, async () => {
    const random = new SeededRandom(SEED + 1);
    for (let kill = 0; kill < KILLS; kill++) {
      await until('the engine', engineReady);
      if (!isTraining()) await studio.handlers['runs:resume']({ runId });
      // Random moments: while the data is prepared, mid-step, mid-checkpoint, mid-evaluation.
      await new Promise((r) => setTimeout(r, random.int(1500)));
      const before = statuses().length;
      studio.supervisor.killForTest();
      await until('the crash to be seen', () => statuses().slice(before).some((s) => s.runId === runId && (s.status === 'interrupted' || s.status === 'failed')) || !isTraining());
      const run = await studio.handlers['runs:get']({ runId });
      expect(['interrupted', 'paused', 'completed', 'failed']).toContain(run.status);
      expect(run.status, `kill ${kill}: ${run.error ?? ''}`).not.toBe('failed');
      // Listed with the step it resumes from (issue 8: interrupted runs were listed with 0 steps).
      if (run.status === 'interrupted') expect(run.steps).toBe(run.checkpoints.at(-1)?.step ?? 0);
      // Resume, and check the history the resumed run starts from (before any new step is appended).
      await until('the engine', engineReady);
      const resumedBefore = statuses().length;
      await studio.handlers['runs:resume']({ runId });
      await until('the resumed run to train', () => {
        const mine = statuses().slice(resumedBefore).filter((s) => s.runId === runId);
        const failed = mine.find((s) => s.status === 'failed');
        if (failed) throw new Error(`kill ${kill} (seed ${SEED}): the resumed run failed: ${failed.error}`);
        return mine.some((s) => s.status === 'training');
      });
      const h = await history();
      expectCompleteHistory(h, `after kill ${kill} (seed ${SEED})`);
      expect(h.steps.at(-1) ?? 0, 'an interrupted run lists the step it resumes from').toBeGreaterThanOrEqual(run.steps);
      studio.handlers['runs:pause']({ runId }).catch(() => {});
      await until('paused', () => !isTraining());
    }
    await studio.handlers['runs:resume']({ runId });
    await until('the run to finish', async () => (await studio.handlers['runs:get']({ runId })).status === 'completed', 180_000);
    const h = await history();
    expect(h.steps).toEqual(Array.from({ length: MAX_STEPS }, (_, i) => i + 1));
    expectCompleteHistory(h, 'at the end');
    const detail = await studio.handlers['runs:get']({ runId });
    expect(detail.steps).toBe(MAX_STEPS);
    expect(detail.stepPoints.map((p) => p.step)).toEqual(h.steps);
  }, 420_000);
});
