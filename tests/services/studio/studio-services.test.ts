// The studio's services with the real engine process (forked, TF.js wasm): start a run, watch
// steps and evaluations arrive, pause, resume, survive an engine crash and resume again.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, Events } from '../../../src/shared/api/contract';
import { openDataDir } from '../../../src/services/data-dir';
import { forkEngine } from '../../../src/services/engine/fork-engine';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';

let dir: string;
let studio: Studio;
const received: { channel: EventChannel; payload: unknown }[] = [];

function events<E extends EventChannel>(channel: E): Events[E][] {
  return received.filter((e) => e.channel === channel).map((e) => e.payload as Events[E]);
}

async function until(what: string, condition: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lastStep = () => events('run:steps').flatMap((e) => e.points).at(-1)?.step ?? 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-services-'));
  const samples = [
    ['add two numbers a and b', 'a + b'], ['multiply x by y', 'x * y'], ['print hello world', "print('hello world')"],
    ['sort list items', 'items.sort()'], ['reverse list items', 'items.reverse()'], ['length of list items', 'len(items)'],
    ['maximum of list nums', 'max(nums)'], ['minimum of list nums', 'min(nums)'], ['sum of list nums', 'sum(nums)'],
    ['convert string s to upper case', 's.upper()'], ['convert string s to lower case', 's.lower()'], ['split string s on spaces', 's.split()'],
  ];
  const lines = Array.from({ length: 8 }, (_, k) => samples.map(([d, c]) => JSON.stringify({ description: `${d} (${k})`, code: c }))).flat();
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), lines.join('\n') + '\n');
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: forkEngine(), mode: 'web', version: 'test' });
  studio.events.subscribe((channel, payload) => received.push({ channel, payload }));
});

afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('studio services with the real engine', () => {
  let runId = '';

  it('lists the sample dataset and no runs on a fresh data directory', async () => {
    const datasets = await studio.handlers['datasets:list']({});
    expect(datasets[0]).toMatchObject({ id: 'sample', builtIn: true, pairs: 96 });
    expect(await studio.handlers['runs:list']({})).toEqual([]);
  });

  it('starts a quick run whose loss arrives in batched step events', async () => {
    ({ runId } = await studio.handlers['runs:start']({
      datasetId: 'sample', preset: 'tiny', quick: true, overrides: { maxSteps: 60, evalEvery: 20, evalSamples: 4, checkpointEvery: 20, batchSize: 8 },
    }));
    await until('30 steps', () => lastStep() >= 30);
    const statuses = events('run:status').filter((s) => s.runId === runId).map((s) => s.status);
    expect(statuses.slice(0, 2)).toEqual(['preparing', 'training']);
    const points = events('run:steps').flatMap((e) => e.points);
    expect(points.map((p) => p.step)).toEqual(points.map((_, i) => i + 1)); // every step, once, in order
    await until('an evaluation', () => events('run:evaluation').length > 0);
    expect(events('run:evaluation')[0]).toMatchObject({ runId, point: { step: 20 }, samples: { step: 20 } });
    expect(events('run:evaluation')[0].samples.samples.length).toBeGreaterThan(0);
  });

  it('pauses with a checkpoint and resumes where it stopped', async () => {
    await studio.handlers['runs:pause']({ runId });
    await until('paused', () => events('run:status').some((s) => s.runId === runId && s.status === 'paused'));
    const pausedAt = lastStep();
    const detail = await studio.handlers['runs:get']({ runId });
    expect(detail.status).toBe('paused');
    expect(detail.checkpoints.at(-1)!.step).toBe(pausedAt);
    await studio.handlers['runs:resume']({ runId });
    await until('steps after resume', () => lastStep() > pausedAt + 2);
    const after = events('run:steps').flatMap((e) => e.points).filter((p) => p.step > pausedAt);
    expect(after[0].step).toBe(pausedAt + 1);
  });

  it('survives an engine crash: the run is marked interrupted, the engine restarts, the run resumes', async () => {
    studio.supervisor.killForTest();
    await until('interrupted', () => events('run:status').some((s) => s.runId === runId && s.status === 'interrupted'));
    expect(events('engine:status').some((s) => s.state === 'crashed')).toBe(true);
    await until('engine back', () => studio.supervisor.status.state === 'ready');
    await studio.handlers['runs:resume']({ runId });
    await until('completed', () => events('run:status').some((s) => s.runId === runId && s.status === 'completed'), 120_000);
    const detail = await studio.handlers['runs:get']({ runId });
    expect(detail.steps).toBe(60);
    const steps = detail.stepPoints.map((p) => p.step);
    expect(new Set(steps).size).toBe(steps.length); // no step recorded twice across pause, crash and resumes
    expect(steps.at(-1)).toBe(60);
  });

  it('renames and deletes runs', async () => {
    expect((await studio.handlers['runs:rename']({ runId, name: 'my first model' })).name).toBe('my first model');
    expect((await studio.handlers['runs:list']({}))[0].name).toBe('my first model');
    await studio.handlers['runs:delete']({ runId });
    expect(await studio.handlers['runs:list']({})).toEqual([]);
  });
});
