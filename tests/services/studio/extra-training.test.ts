// Extra training data through the contract (runs:start `extraTraining`): arguments parsed as every
// shell parses them, then the studio's services. With a stand-in engine: what the train command
// carries (a file read in place, a stored version written into the run folder, the split by
// question), what is refused (paths, unknown ids, the main dataset again, duplicates), and the
// preparation time kept for the next estimate. With the real engine: a run trains on the extra
// pairs minus repeats and leaks, and its list item says what each file gave; the same run
// pretrains its decoder, fine-tunes on the first file and tunes its reranker, and the engine's
// events for those phases reach the studio's listeners as 'run:phase'.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events, RequestArgs, RequestChannel, RequestResult } from '../../../src/shared/api/contract';
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
    // A catalog file is cleaned with the defaults, as it would be as the main dataset.
    expect(command.type === 'train' && command.data?.extraTraining).toEqual([{ path: join(dir, 'shared-data', 'conala', 'CoNaLa-Large_train.csv'), clean: {} }]);
    // The engine would refuse a second run while this one trains; it never answers here.
    engines.spawned.at(-1)!.emit({ type: 'run-failed', runId, error: { name: 'Error', message: 'stand-in engine' } });
  });

  it('writes a stored version into the run folder, named after it, and records the preparation time', async () => {
    const imported = await call(studio, 'datasets:import', { source: { kind: 'file', id: 'conala-large-train' }, jobId: 'job-import-large', name: 'CoNaLa-Large train' });
    const { runId } = await call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', extraTraining: [{ datasetId: `store:${imported.id}` }] });
    const command = trainCommands().at(-1)!;
    const runDir = join(dir, 'data', 'runs', runId);
    const extra = command.type === 'train' ? command.data?.extraTraining ?? [] : [];
    // A stored version was cleaned when imported (and maybe edited since): not cleaned again,
    // though the main dataset (a catalog file) is.
    expect(command.type === 'train' && command.data?.clean).toBeUndefined();
    expect(extra).toEqual([{ path: join(runDir, `extra-1-conala-large-train-v${imported.head.id}.jsonl`), import: { format: 'jsonl' }, clean: false }]);
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

  it('cleans a catalog file added to a stored main dataset with the defaults, though the main one is not cleaned again', async () => {
    const [dataset] = await call(studio, 'datasets:stored', {});
    const { runId } = await call(studio, 'runs:start', { datasetId: `store:${dataset.id}`, preset: 'tiny', extraTraining: [{ datasetId: 'conala-train' }] });
    const command = trainCommands().at(-1)!;
    expect(command).toMatchObject({ runId, data: { clean: false } });
    expect(command.type === 'train' && command.data?.extraTraining).toEqual([{ path: join(dir, 'shared-data', 'conala', 'conala-train.json'), clean: {} }]);
    engines.spawned.at(-1)!.emit({ type: 'run-failed', runId, error: { name: 'Error', message: 'stand-in engine' } });
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
  let corpus: string;
  let runId = '';
  const phaseEvents: Events['run:phase'][] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extra-training-engine-'));
    const { resourcesDir, sharedDir } = await writeData(dir);
    // A pretraining corpus of a few files using the pairs' names (desktop mode: any folder may be named).
    corpus = join(dir, 'corpus');
    await mkdir(corpus);
    for (let i = 0; i < 4; i++) {
      await writeFile(join(corpus, `m${i}.py`), NOUNS.map((noun, k) => `def f${k}(${noun}${i}):\n    ${noun}${i}.${VERBS[(i + k) % VERBS.length]}()\n    return len(${noun}${i})\n`).join('\n'));
    }
    studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir, sharedDataDirs: [sharedDir], spawnEngine: forkEngine(), mode: 'desktop', version: 't' });
    studio.events.subscribe((channel, payload) => {
      if (channel === 'run:phase') phaseEvents.push(payload as Events['run:phase']);
    });
  });
  afterAll(async () => {
    await studio?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains on the extra pairs minus repeats and leaks, and the run says what the file gave', async () => {
    // Also: 3 steps of decoder pretraining first, fine-tuning on the first file from the start
    // (its minutes are the whole time limit; maxSteps ends the run long before), the reranker tuned after.
    const overrides = {
      maxSteps: 12, evalEvery: 6, evalSamples: 4, checkpointEvery: 12, batchSize: 8,
      pretrain: { corpus, steps: 3 }, maxMinutes: 30, fineTuneMinutes: 30, tuneReranker: true,
    };
    ({ runId } = await call(studio, 'runs:start', { datasetId: 'conala-train', preset: 'tiny', overrides, extraTraining: [{ datasetId: 'conala-large-train' }] }));
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

  it('relays its pretraining, fine-tuning and reranker tuning as run:phase events, and runs:get keeps them', async () => {
    const mine = phaseEvents.filter((e) => e.runId === runId).map((e) => e.phases);
    // Pretraining: from its start (no loss yet) through its steps to done, with held-out losses.
    const pretraining = mine.map((p) => p.pretraining).filter((p) => p !== undefined);
    expect(pretraining[0]).toMatchObject({ corpus, status: 'running', step: 0, maxSteps: 3, loss: null });
    const pretrained = pretraining.at(-1)!;
    expect(pretrained).toMatchObject({ status: 'done', step: 3 });
    expect(pretrained.loss).toBeGreaterThan(0); // its steps came through (coalesced: not necessarily each one)
    expect(pretrained.heldOutLoss).toEqual({ before: null, after: null }); // a corpus this small holds no window out
    // Fine-tuning on conala-train.json's training pairs alone, before the first pair-training step.
    const fineTuning = mine.map((p) => p.fineTuning).find((f) => f !== undefined);
    expect(fineTuning).toEqual({ step: 0, examples: expect.any(Number) });
    const manifest = await new RunStore(join(dir, 'data', 'runs', runId)).readManifest();
    expect(fineTuning!.examples).toBe(manifest.dataset.train - large().added);
    expect(manifest.fineTuning).toEqual(fineTuning); // recorded, so a reopened run still says when it switched
    // Reranker: counted from 0 to every validation pair, then tuned with its scores and the recommended decoding.
    const reranker = mine.map((p) => p.reranker).filter((r) => r !== undefined);
    const total = manifest.dataset.validation;
    expect(reranker[0]).toMatchObject({ status: 'tuning', done: 0, total });
    const tuned = reranker.at(-1)!;
    expect(tuned).toMatchObject({ status: 'done', total, beamWidth: 8, reranked: true, bleu: manifest.reranker!.bleu, logProbBleu: manifest.reranker!.logProbBleu });
    const counts = reranker.filter((r) => r.status === 'tuning').map((r) => r.done);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Reopened, the run shows the same phases (run.json's).
    const detail = await call(studio, 'runs:get', { runId });
    expect(detail.phases).toMatchObject({ pretraining: { status: 'done', step: 3 }, fineTuning, reranker: { status: 'done', beamWidth: 8 } });
  });
});
