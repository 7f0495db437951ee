// Extra training data through the contract (runs:start `extraTraining`): arguments parsed as every
// shell parses them, then the studio's services. With a stand-in engine: what the train command
// carries (a file read in place, a stored version written into the run folder, the split by
// question), what is refused (paths, unknown ids, the main dataset again, duplicates), and the
// preparation time kept for the next estimate. With the real engine: a run trains on the extra
// pairs minus repeats and leaks, and its list item says what each file gave.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestArgs, RequestChannel, RequestResult } from '../../../src/shared/api/contract';
import { parseRequestArgs } from '../../../src/shared/api/schemas';
import { openDataDir } from '../../../src/services/data-dir';
import { forkEngine } from '../../../src/services/engine/fork-engine';
import { RunStore, type RunManifest } from '../../../src/services/runs/run-store';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';
import { resolveTrainConfig } from '../../../src/shared/config/presets';
import { fakeEngineFactory, type FakeEngine } from './fake-engine';

const until = async (what: string, condition: () => boolean | Promise<boolean>, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** A request as a shell makes it: untrusted arguments parsed first, then the handler. */
function call<K extends RequestChannel>(studio: Studio, channel: K, args: unknown): Promise<RequestResult<K>> {
  return Promise.resolve().then(() => studio.handlers[channel](parseRequestArgs(channel, args) as RequestArgs<K>));
}

const VERBS = ['sort', 'reverse', 'print', 'sum', 'count', 'copy', 'clear', 'join'];
const NOUNS = ['items', 'names', 'values', 'rows', 'keys', 'words', 'lines', 'files'];

/** Curated-CoNaLa-shaped pairs, two per question: the split keeps a question's pairs together. */
function curated(): { intent: string; rewritten_intent: string; snippet: string; question_id: number }[] {
  const out = [];
  for (let q = 0; q < 32; q++) {
    const noun = NOUNS[q % NOUNS.length];
    const verb = VERBS[Math.floor(q / NOUNS.length) % VERBS.length];
    out.push({ intent: `${verb} ${noun} ${q}`, rewritten_intent: `${verb} the list \`${noun}${q}\``, snippet: `${noun}${q}.${verb}()`, question_id: 1000 + q });
    out.push({ intent: `${verb} ${noun} ${q} again`, rewritten_intent: `${verb} list \`${noun}${q}\` in place`, snippet: `${verb}(${noun}${q})`, question_id: 1000 + q });
  }
  return out;
}

const csvField = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** CoNaLa-Large-shaped CSV: 20 new pairs, then every curated pair again (repeats or leaks, depending on its split). */
function large(): { csv: string; added: number; copies: number } {
  const rows: [string, string][] = [];
  for (let i = 0; i < 20; i++) rows.push([`add ${i} to the total`, `total += ${i}`]);
  for (const p of curated()) rows.push([p.rewritten_intent, p.snippet]);
  return { csv: ['intent,snippet', ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n', added: 20, copies: curated().length };
}

async function writeData(dir: string): Promise<{ resourcesDir: string; sharedDir: string }> {
  const resourcesDir = join(dir, 'resources');
  const sharedDir = join(dir, 'shared-data');
  await mkdir(join(resourcesDir, 'sample'), { recursive: true });
  await writeFile(join(resourcesDir, 'sample', 'english-python-sample.jsonl'), curated().map((p) => JSON.stringify({ description: `${p.rewritten_intent} (sample)`, code: p.snippet })).join('\n') + '\n');
  await mkdir(join(sharedDir, 'conala'), { recursive: true });
  await writeFile(join(sharedDir, 'conala', 'conala-train.json'), JSON.stringify(curated()));
  await writeFile(join(sharedDir, 'conala', 'CoNaLa-Large_train.csv'), large().csv);
  return { resourcesDir, sharedDir };
}

describe('runs:start with extra training data (stand-in engine)', () => {
  let dir: string;
  let studio: Studio;
  let engines: { spawned: FakeEngine[] };
  const trainCommands = () => engines.spawned.flatMap((e) => e.commands).filter((c) => c.type === 'train');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extra-training-'));
    const { resourcesDir, sharedDir } = await writeData(dir);
    const factory = fakeEngineFactory();
    engines = factory;
    studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir, sharedDataDirs: [sharedDir], spawnEngine: factory.spawn, mode: 'web', version: 't' });
    await until('the engine', () => studio.supervisor.status.state === 'ready');
  });
  afterAll(async () => {
    await studio.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses paths and malformed sources at the boundary, before any service runs', async () => {
    const start = (extraTraining: unknown) => call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', extraTraining });
    await expect(start([{ path: '/etc/passwd' }])).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(start([{ datasetId: 'sample', path: '/etc/passwd' }])).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(start('conala-large-train')).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(start([{ datasetId: '' }])).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(start([{ datasetId: 'sample', versionId: -1 }])).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(start(Array.from({ length: 9 }, () => ({ datasetId: 'sample' })))).rejects.toThrow(/extraTraining: must be at most 8/);
    expect(trainCommands()).toHaveLength(0);
  });

  it('refuses what is not a dataset it offers, the main dataset again, a repeat, a version of a file; leaves no run folder', async () => {
    const start = (extraTraining: unknown) => call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', extraTraining });
    await expect(start([{ datasetId: '../../../etc/passwd' }])).rejects.toMatchObject({ code: 'not-found' });
    await expect(start([{ datasetId: '/etc/passwd' }])).rejects.toMatchObject({ code: 'not-found' });
    await expect(start([{ datasetId: 'conala-train' }])).rejects.toThrow(/is the dataset the run is split from/);
    await expect(start([{ datasetId: 'sample' }, { datasetId: 'sample' }])).rejects.toThrow(/listed twice/);
    await expect(start([{ datasetId: 'sample', versionId: 1 }])).rejects.toThrow(/is a file, not a stored dataset/);
    await expect(start([{ datasetId: 'store:ds-000000000000' }])).rejects.toThrow();
    expect(trainCommands()).toHaveLength(0);
    expect(await readdir(join(dir, 'data', 'runs')).catch(() => [])).toEqual([]);
  });

  it('sends a catalog file to the engine by its own path, split by question', async () => {
    const { runId } = await call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', extraTraining: [{ datasetId: 'conala-large-train' }] });
    const command = trainCommands().at(-1)!;
    expect(command).toMatchObject({ runId, data: { path: join(dir, 'shared-data', 'conala', 'conala-train.json'), split: { groupBy: 'group' } } });
    expect(command.type === 'train' && command.data?.extraTraining).toEqual([{ path: join(dir, 'shared-data', 'conala', 'CoNaLa-Large_train.csv') }]);
    // The engine would refuse a second run while this one trains; it never answers here.
    engines.spawned.at(-1)!.emit({ type: 'run-failed', runId, error: { name: 'Error', message: 'stand-in engine' } });
  });

  it('writes a stored version into the run folder, named after it, and records the preparation time', async () => {
    const imported = await call(studio, 'datasets:import', { source: { kind: 'file', id: 'conala-large-train' }, jobId: 'job-import-large', name: 'CoNaLa-Large train' });
    const { runId } = await call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', extraTraining: [{ datasetId: `store:${imported.id}` }] });
    const command = trainCommands().at(-1)!;
    const runDir = join(dir, 'data', 'runs', runId);
    const extra = command.type === 'train' ? command.data?.extraTraining ?? [] : [];
    expect(extra).toEqual([{ path: join(runDir, `extra-1-conala-large-train-v${imported.head.id}.jsonl`), import: { format: 'jsonl' } }]);
    expect((await readFile(extra[0].path, 'utf8')).trim().split('\n')).toHaveLength(large().added + large().copies);

    // The engine prepares the run (here: a run.json written by hand) and says so.
    const now = new Date().toISOString();
    const manifest: RunManifest = {
      format: 'code-studio-run', version: 1, name: 'r', createdAt: now, updatedAt: now, status: 'training', appVersion: 't', preset: 'tiny',
      config: resolveTrainConfig('tiny'), dataset: { path: 'x', format: 'jsonl', fingerprint: 'f', pairs: 64, train: 50, validation: 7, test: 7, skipped: 0,
        extraTraining: [{ path: extra[0].path, pairs: 84, added: 20, duplicates: 50, leaks: 14 }] },
      dataOptions: command.type === 'train' ? command.data! : { path: 'x' }, parameterCount: 1, backend: 'fake',
      summary: { steps: 0, epochs: 0, elapsedMs: 0, bestBleu: null, bestStep: null },
    };
    await new RunStore(runDir).create(manifest, {});
    engines.spawned.at(-1)!.emit({ type: 'run-event', runId, event: { type: 'prepared', parameterCount: 1, backend: 'fake' } });
    await until('the preparation time', async () => typeof (await new RunStore(runDir).readManifest()).preparedInMs === 'number', 5000);
    const item = (await call(studio, 'runs:list', {})).find((r) => r.id === runId)!;
    expect(item.timing?.prepareMs).toBeGreaterThanOrEqual(0);
    expect(item.extraTraining).toEqual([{ name: `extra-1-conala-large-train-v${imported.head.id}.jsonl`, pairs: 84, added: 20, duplicates: 50, leaks: 14 }]);
    engines.spawned.at(-1)!.emit({ type: 'run-finished', runId, reason: 'stopped' });
  });

  it('refuses a stored version as extra data when it is the version the run is split from', async () => {
    const [dataset] = await call(studio, 'datasets:stored', {});
    const main = `store:${dataset.id}`;
    await expect(call(studio, 'runs:start', { datasetId: main, preset: 'tiny', extraTraining: [{ datasetId: main }] })).rejects.toThrow(/is the dataset the run is split from/);
    await expect(call(studio, 'runs:start', { datasetId: 'sample', preset: 'tiny', extraTraining: [{ datasetId: main, versionId: 999_999 }] })).rejects.toThrow(/is not a version of/);
  });
});

describe('runs:start with extra training data (real engine)', () => {
  let dir: string;
  let studio: Studio;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extra-training-engine-'));
    const { resourcesDir, sharedDir } = await writeData(dir);
    studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir, sharedDataDirs: [sharedDir], spawnEngine: forkEngine(), mode: 'web', version: 't' });
  });
  afterAll(async () => {
    await studio?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains on the extra pairs minus repeats and leaks, and the run says what the file gave', async () => {
    const overrides = { maxSteps: 12, evalEvery: 6, evalSamples: 4, checkpointEvery: 12, batchSize: 8 };
    const { runId } = await call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', overrides, extraTraining: [{ datasetId: 'conala-large-train' }] });
    await until('the run to complete', async () => (await call(studio, 'runs:list', {})).some((r) => r.id === runId && r.status === 'completed'), 180_000);
    const detail = await call(studio, 'runs:get', { runId });
    const { copies, added } = large();
    expect(detail.extraTraining).toHaveLength(1);
    const [extra] = detail.extraTraining!;
    expect(extra).toMatchObject({ name: 'CoNaLa-Large_train.csv', pairs: added + copies, added });
    // Every curated pair came back: those in training as repeats, the held-out ones as leaks.
    expect(extra.duplicates + extra.leaks).toBe(copies);
    expect(extra.leaks).toBeGreaterThan(0);
    const manifest = await new RunStore(join(dir, 'data', 'runs', runId)).readManifest();
    expect(manifest.dataset.train).toBe(manifest.dataset.pairs - manifest.dataset.validation - manifest.dataset.test + added);
    expect(manifest.dataOptions.split?.groupBy).toBe('group');
    expect(detail.timing?.prepareMs).toBeGreaterThan(0);
    expect(detail.timing?.evaluationMs).toBeGreaterThanOrEqual(0);
  }, 200_000);
});
