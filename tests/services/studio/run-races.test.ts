// A hurried user against the studio's services (fake engine, real run folders): starts at once,
// deletes during training, deletes of ids that try to leave the runs folder, rename storms. After
// each, every run opens, lists and keeps its state; nothing outside the runs folder is touched.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDir } from '../../../src/services/data-dir';
import { RunStore, type RunManifest } from '../../../src/services/runs/run-store';
import { RunCatalog } from '../../../src/services/studio/run-catalog';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';
import { toErrorData } from '../../../src/shared/api/errors';
import { resolveTrainConfig } from '../../../src/shared/config/presets';
import { fakeEngineFactory, type FakeEngine } from './fake-engine';

let dir: string;
let studio: Studio;
let spawned: FakeEngine[];

function manifest(name: string): RunManifest {
  const now = new Date().toISOString();
  return {
    format: 'code-studio-run', version: 1, name, createdAt: now, updatedAt: now, status: 'stopped', appVersion: 'test', preset: 'tiny',
    config: resolveTrainConfig('tiny'), dataset: { path: 'x.jsonl', format: 'jsonl', fingerprint: 'f', pairs: 1, train: 1, validation: 0, test: 0, skipped: 0 },
    dataOptions: { path: 'x.jsonl' }, parameterCount: 1, backend: 'fake', summary: { steps: 10, epochs: 0, elapsedMs: 1, bestBleu: null, bestStep: null },
  };
}

const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-races-'));
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), '{"description":"add a and b","code":"a + b"}\n');
  const engines = fakeEngineFactory();
  spawned = engines.spawned;
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: engines.spawn, mode: 'web', version: 't' });
  await until(() => studio.supervisor.status.state === 'ready');
});
afterEach(async () => {
  await studio.dispose();
  await rm(dir, { recursive: true, force: true });
});

const start = () => studio.handlers['runs:start']({ datasetId: 'sample', preset: 'tiny', quick: true });

describe('the studio under racing requests', () => {
  it('30 concurrent reservations of the same label get 30 distinct ids', async () => {
    const catalog = new RunCatalog(join(dir, 'data', 'runs'), () => false);
    const ids = await Promise.all(Array.from({ length: 30 }, () => catalog.reserveRunId('tiny-sample')));
    expect(new Set(ids).size).toBe(30);
    expect((await readdir(catalog.runsDir)).sort()).toEqual([...ids].sort());
  });

  it('Start clicked twice at once: one run starts, the other is refused, and the first is untouched', async () => {
    const results = await Promise.allSettled([start(), start()]);
    const started = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ runId: string }>).value.runId);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(started).toHaveLength(1);
    expect(refused[0]).toMatch(/is training: pause it before starting another/);
    const [runId] = started;
    expect(studio.supervisor.isActive(runId)).toBe(true);
    expect(spawned[0].commands.filter((c) => c.type === 'train')).toHaveLength(1);
    // The refused start left no folder behind; the live run's reserved folder is the only one.
    expect(await readdir(join(dir, 'data', 'runs'))).toEqual([runId]);
    await expect(studio.handlers['runs:delete']({ runId })).rejects.toThrow(/training: pause it/);
    expect(await studio.handlers['runs:pause']({ runId })).toEqual({ ok: true });
  });

  it('a failed preparation gives its reserved folder back; the next start works', async () => {
    const { runId } = await start();
    spawned[0].emit({ type: 'run-failed', runId, error: { name: 'Error', message: 'the dataset is empty' } });
    await until(() => !studio.supervisor.isActive(runId));
    await new Promise((r) => setTimeout(r, 50));
    expect(await readdir(join(dir, 'data', 'runs'))).toEqual([]);
    await start();
  });

  it('ids that name the data folder or anything outside the runs folder delete nothing', async () => {
    // --data-dir pointed at an old CLI run folder: the data folder itself holds a run.json.
    await writeFile(join(dir, 'data', 'run.json'), JSON.stringify(manifest('the data folder')));
    await writeFile(join(dir, 'data', 'runs', 'run.json'), JSON.stringify(manifest('the runs folder')));
    for (const runId of ['..', '.', '../..', '../data', '.hidden', '%2e%2e', '..\\..']) {
      await expect(studio.handlers['runs:delete']({ runId })).rejects.toThrow(/run id/);
    }
    expect(await readdir(join(dir, 'data'))).toEqual(expect.arrayContaining(['run.json', 'runs']));
    expect(await readdir(join(dir, 'data', 'runs'))).toEqual(['run.json']);
  });

  it('30 concurrent renames and a concurrent status update: run.json stays whole and keeps every change', async () => {
    const runId = 'r-rename';
    const store = new RunStore(join(dir, 'data', 'runs', runId));
    await store.create(manifest('first'), { codec: true });
    const names = Array.from({ length: 30 }, (_, i) => `name ${i}`);
    await Promise.all([
      ...names.map((name) => studio.handlers['runs:rename']({ runId, name })),
      store.update({ summary: { steps: 77, epochs: 1, elapsedMs: 5, bestBleu: 1, bestStep: 70 } }),
    ]);
    const onDisk = JSON.parse(await readFile(join(store.dir, 'run.json'), 'utf8')) as RunManifest;
    expect(names).toContain(onDisk.name);
    expect(onDisk.summary.steps).toBe(77);
    const listed = await studio.handlers['runs:list']({});
    expect(listed.map((r) => r.id)).toEqual([runId]);
    expect((await readdir(store.dir)).filter((n) => n.includes('.tmp-') || n.endsWith('.lock'))).toEqual([]);
  });

  it('delete and resume of one run take turns: the run is either deleted or training, never both', async () => {
    const runId = 'r-turns';
    await new RunStore(join(dir, 'data', 'runs', runId)).create(manifest('paused run'), {});
    const [resumed, deleted] = await Promise.allSettled([studio.handlers['runs:resume']({ runId }), studio.handlers['runs:delete']({ runId })]);
    expect(resumed.status).toBe('fulfilled');
    expect(deleted.status).toBe('rejected');
    expect(studio.supervisor.isActive(runId)).toBe(true);
    expect(await readdir(join(dir, 'data', 'runs'))).toEqual([runId]);
  });
});

describe('the studio refuses what cannot run', () => {
  it('a model too big for memory is refused at start with the estimate and the limit, and nothing is reserved', async () => {
    const refused = studio.handlers['runs:start']({
      datasetId: 'sample', preset: 'small', overrides: { model: { dModel: 2048, numHeads: 16, dFF: 8192, encoderLayers: 24, decoderLayers: 24 } },
    });
    await expect(refused).rejects.toThrow(/needs about [\d.]+ GiB to train .* allows [\d.]+ GiB: lower dModel, dFF or the number of layers/);
    expect(await readdir(join(dir, 'data', 'runs'))).toEqual([]);
    expect(spawned[0].commands.filter((c) => c.type === 'train')).toHaveLength(0);
  });

  it('a bad config reaches the shells as one sentence naming the field, not a JSON dump', async () => {
    const error = await studio.handlers['runs:start']({ datasetId: 'sample', preset: 'tiny', overrides: { keepCheckpoints: 1e9 } }).catch((e: unknown) => e);
    expect(toErrorData(error)).toEqual({ name: 'InvalidArguments', code: 'invalid-arguments', message: 'The configuration is invalid: keepCheckpoints: must be at most 100' });
  });
});

describe('what the engine is sent', () => {
  it('a new run carries its resolved config, exactly as the studio checked it', async () => {
    const { runId } = await studio.handlers['runs:start']({ datasetId: 'sample', preset: 'tiny', overrides: { maxSteps: 77, model: { dModel: 32, numHeads: 2 } } });
    const command = spawned[0].commands.find((c) => c.type === 'train');
    expect(command).toMatchObject({ type: 'train', runId, preset: 'tiny', resume: false });
    expect(command?.type === 'train' && command.config).toEqual(resolveTrainConfig('tiny', { maxSteps: 77, model: { dModel: 32, numHeads: 2 } }));
  });
});
