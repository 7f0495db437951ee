// RunStore on a temporary folder: create and read back, update, metrics lines (including the torn
// line a killed process leaves), clear errors on folders that are not runs, and a real tiny run
// that is "killed" mid-checkpoint and then opens and resumes from its last complete checkpoint.
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRun } from '../../../src/jobs/open-run';
import { trainRun, type RunEvent } from '../../../src/jobs/train-run';
import { latestCheckpoint } from '../../../src/ml/train/trainer';
import { resolveTrainConfig } from '../../../src/shared/config/presets';
import { PairCodec } from '../../../src/shared/codec/pair-codec';
import { readJsonLines } from '../../../src/files/jsonl';
import { RUN_FILES, RunStore, type RunManifest } from '../../../src/services/runs/run-store';
import { simplePairs, writeJsonlPairs } from '../../jobs/synthetic-pairs';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-run-store-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let counter = 0;
const freshDir = () => join(workDir, `run-${++counter}`);

function manifestFixture(): RunManifest {
  const now = '2024-01-01T00:00:00.000Z';
  return {
    format: 'code-studio-run', version: 1, name: 'test run', createdAt: now, updatedAt: now, status: 'preparing',
    appVersion: '0.0.0', preset: 'tiny', config: resolveTrainConfig('tiny'),
    dataset: { path: 'pairs.jsonl', format: 'jsonl', fingerprint: 'abc', pairs: 10, train: 8, validation: 1, test: 1, skipped: 0 },
    dataOptions: { path: 'pairs.jsonl' }, parameterCount: 1234, backend: 'cpu',
    summary: { steps: 0, epochs: 0, elapsedMs: 0, bestBleu: null, bestStep: null },
  };
}

const codecFixture = () => PairCodec.build(simplePairs(20), { splitStrings: true, maxSourceLength: 16, maxTargetLength: 24, minFrequency: 1, maxVocabulary: 100 });

describe('RunStore', () => {
  it('create → readManifest / readCodec give back what was written, with the documented layout', async () => {
    const store = new RunStore(freshDir());
    expect(await store.exists()).toBe(false);
    const codec = codecFixture();
    await store.create(manifestFixture(), codec.toJSON());
    expect(await store.exists()).toBe(true);
    expect((await readdir(store.dir)).sort()).toEqual([RUN_FILES.checkpoints, RUN_FILES.manifest, RUN_FILES.codec].sort());
    expect(await store.readManifest()).toEqual(manifestFixture());
    const restored = PairCodec.fromJSON(await store.readCodec());
    expect(restored.encodeSource('add 3 to x')).toEqual(codec.encodeSource('add 3 to x'));
  });

  it('update patches the manifest, keeps the rest and bumps updatedAt', async () => {
    const store = new RunStore(freshDir());
    await store.create(manifestFixture(), codecFixture().toJSON());
    const before = Date.now();
    const summary = { steps: 10, epochs: 1, elapsedMs: 500, bestBleu: 12.5, bestStep: 10, stopReason: 'max-steps' };
    const updated = await store.update({ status: 'completed', summary });
    expect(updated.status).toBe('completed');
    expect(updated.summary).toEqual(summary);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(before);
    expect(updated.updatedAt).not.toBe(manifestFixture().updatedAt);
    expect(updated.createdAt).toBe(manifestFixture().createdAt);
    const reread = await store.readManifest();
    expect(reread).toEqual(updated);
    expect(reread.config).toEqual(manifestFixture().config);
    // No temporary files are left beside run.json.
    expect((await readdir(store.dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('appendMetrics / readMetrics keep every record in order; a missing file reads as none', async () => {
    const store = new RunStore(freshDir());
    await store.create(manifestFixture(), codecFixture().toJSON());
    expect(await store.readMetrics()).toEqual([]);
    await store.appendMetrics([{ type: 'step', step: 1, loss: 3.5 }, { type: 'step', step: 2, loss: 3.1 }]);
    await store.appendMetrics([]);
    await store.appendMetrics([{ type: 'step', step: 3, loss: 2.9 }]);
    expect(await store.readMetrics()).toEqual([
      { type: 'step', step: 1, loss: 3.5 },
      { type: 'step', step: 2, loss: 3.1 },
      { type: 'step', step: 3, loss: 2.9 },
    ]);
    await store.appendSamples([{ step: 3, samples: [{ description: 'd', hypothesis: 'h' }] }]);
    expect(await store.readSamples()).toEqual([{ step: 3, samples: [{ description: 'd', hypothesis: 'h' }] }]);
  });

  it('a torn last line (process killed mid-append) is skipped, and later appends are not lost to it', async () => {
    const store = new RunStore(freshDir());
    await store.create(manifestFixture(), codecFixture().toJSON());
    await store.appendMetrics([{ type: 'step', step: 1 }, { type: 'step', step: 2 }]);
    await appendFile(join(store.dir, RUN_FILES.metrics), '{"type":"step","step":3,"lo');
    expect(await store.readMetrics()).toEqual([{ type: 'step', step: 1 }, { type: 'step', step: 2 }]);
    // The resumed process appends again: its records must not be glued onto the torn line.
    await store.appendMetrics([{ type: 'step', step: 3 }, { type: 'step', step: 4 }]);
    expect(await store.readMetrics()).toEqual([1, 2, 3, 4].map((step) => ({ type: 'step', step })));
  });

  it('readManifest on a folder without run.json (or with a damaged one) says what is wrong', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    const store = new RunStore(dir);
    await expect(store.readManifest()).rejects.toThrow(`${dir} is not a run folder: run.json is missing`);
    await expect(store.readCodec()).rejects.toThrow(`${dir} has no tokenizer.json`);
    await expect(store.update({ status: 'failed' })).rejects.toThrow(/run\.json is missing/);

    await writeFile(join(dir, RUN_FILES.manifest), '{"format": "code-studio-run", "na');
    await expect(store.readManifest()).rejects.toThrow(/run\.json is damaged \(not valid JSON/);
    await writeFile(join(dir, RUN_FILES.manifest), '{"format": "something-else"}');
    await expect(store.readManifest()).rejects.toThrow(/run\.json is not a code-studio run manifest/);
    await writeFile(join(dir, RUN_FILES.manifest), 'null');
    await expect(store.readManifest()).rejects.toThrow(/run\.json is not a code-studio run manifest/);
  });
});

describe('a run killed mid-checkpoint', () => {
  const overrides = { maxSteps: 6, checkpointEvery: 3, evalEvery: 3, evalSamples: 4 };

  it('opens at its last complete checkpoint and resumes from it, each step recorded once', async () => {
    const runDir = freshDir();
    const dataPath = join(workDir, 'pairs.jsonl');
    await writeJsonlPairs(dataPath, simplePairs(100));

    const started = performance.now();
    const first = await trainRun({ runDir, data: { path: dataPath }, preset: 'tiny', overrides });
    const firstSeconds = (performance.now() - started) / 1000;
    expect(first.reason).toBe('max-steps');
    expect(first.manifest.status).toBe('completed');
    expect(first.manifest.summary.steps).toBe(6);
    expect(first.manifest.dataset.pairs).toBe(100);
    const store = new RunStore(runDir);
    const checkpoints = store.checkpointsDir;
    expect((await readdir(checkpoints)).filter((n) => n.startsWith('step-')).sort()).toEqual(['step-000003', 'step-000006']);

    // The crash: a half-written temporary folder of the next checkpoint, and a step folder that
    // never got its meta.json (nor complete weights).
    await mkdir(join(checkpoints, 'step-000009.tmp-123-456'));
    await writeFile(join(checkpoints, 'step-000009.tmp-123-456', 'weights.bin'), new Uint8Array(10));
    await mkdir(join(checkpoints, 'step-000012'));
    await writeFile(join(checkpoints, 'step-000012', 'weights.json'), '{"format":"code-studio-tens');
    // …and metric lines written after the last checkpoint, the last one torn.
    await appendFile(join(runDir, RUN_FILES.metrics), JSON.stringify({ type: 'step', step: 7, loss: 1 }) + '\n{"type":"step","step":8,"lo');
    await store.update({ status: 'training' });

    expect(await latestCheckpoint(checkpoints)).toBe(join(checkpoints, 'step-000006'));

    const opened = await openRun(runDir, { checkpoint: 'latest' });
    try {
      expect(opened.checkpoint).toBe(join(checkpoints, 'step-000006'));
      expect(opened.manifest.config.maxSteps).toBe(6);
      expect(opened.codec.source.size).toBeGreaterThan(4);
    } finally {
      opened.dispose();
    }
    // The best checkpoint (best.json) opens too, whichever step it points at.
    const best = await openRun(runDir);
    expect(best.checkpoint).toMatch(/step-00000[36]$/);
    best.dispose();

    const events: RunEvent[] = [];
    const resumed = await trainRun({ runDir, resume: true, overrides: { maxSteps: 9 }, onEvent: (e) => events.push(e) });
    expect(resumed.reason).toBe('max-steps');
    const prepared = events.find((e) => e.type === 'prepared');
    expect(prepared && prepared.type === 'prepared' && prepared.resumedFromStep).toBe(6);
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { step: number }).step)).toEqual([7, 8, 9]);
    expect(resumed.manifest.summary.steps).toBe(9);
    expect(resumed.manifest.status).toBe('completed');
    // run.json records the configuration the run actually trained with.
    expect(resumed.manifest.config.maxSteps).toBe(9);
    expect((await store.readManifest()).config.maxSteps).toBe(9);

    const metrics = await store.readMetrics<{ type?: string; step: number }>();
    const steps = metrics.filter((m) => m.type === 'step').map((m) => m.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const evaluations = metrics.filter((m) => m.type !== 'step').map((m) => m.step);
    expect(evaluations).toEqual([3, 6, 9]);
    expect((await store.readSamples<{ step: number }>()).map((s) => s.step)).toEqual([3, 6, 9]);
    // Every line of metrics.jsonl is whole JSON now (the torn line is gone).
    const lines = (await readFile(join(runDir, RUN_FILES.metrics), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(metrics.length);

    expect(await latestCheckpoint(checkpoints)).toBe(join(checkpoints, 'step-000009'));
    // The crash's leftovers are cleared, so pruning counts only real checkpoints.
    const left = (await readdir(checkpoints)).filter((n) => n.startsWith('step-'));
    expect(left).toContain('step-000009');
    expect(left.filter((n) => n.includes('.tmp') || n === 'step-000012')).toEqual([]);
    const reopened = await openRun(runDir, { checkpoint: 'latest' });
    expect(reopened.checkpoint).toBe(join(checkpoints, 'step-000009'));
    reopened.dispose();
    console.log(`tiny run: 6 steps + resume to 9 in ${((performance.now() - started) / 1000).toFixed(1)} s (first call ${firstSeconds.toFixed(1)} s)`);
  });

  it('resuming a run that crashed before its first checkpoint starts over without repeating metric lines', async () => {
    const runDir = freshDir();
    const dataPath = join(workDir, 'pairs-2.jsonl');
    await writeJsonlPairs(dataPath, simplePairs(60));
    await trainRun({ runDir, data: { path: dataPath }, preset: 'tiny', overrides: { ...overrides, maxSteps: 2, evalEvery: 100 } });
    const store = new RunStore(runDir);
    // As if killed before the first checkpoint was written: metric lines exist, checkpoints do not.
    await rm(store.checkpointsDir, { recursive: true });
    await mkdir(store.checkpointsDir);
    expect(await latestCheckpoint(store.checkpointsDir)).toBeNull();
    await expect(openRun(runDir)).rejects.toThrow(/has no checkpoint yet/);

    const resumed = await trainRun({ runDir, resume: true, overrides: { maxSteps: 3 } });
    expect(resumed.manifest.summary.steps).toBe(3);
    const steps = (await store.readMetrics<{ type?: string; step: number }>()).filter((m) => m.type === 'step').map((m) => m.step);
    expect(steps).toEqual([1, 2, 3]);
  });

  it('refuses to start a new run over an existing one, or to resume a folder without a run', async () => {
    const dir = freshDir();
    await new RunStore(dir).create(manifestFixture(), codecFixture().toJSON());
    await expect(trainRun({ runDir: dir, data: { path: 'unused.jsonl' }, preset: 'tiny' })).rejects.toThrow(/already holds a run; pass --resume/);
    const empty = freshDir();
    await expect(trainRun({ runDir: empty, resume: true })).rejects.toThrow(`Cannot resume: ${empty} has no run.json`);
  });
});

// readJsonLines is the reader both metrics and samples go through; check it directly on odd files.
describe('readJsonLines', () => {
  it('skips blank lines and a torn line anywhere, keeps the rest', async () => {
    const path = join(workDir, 'odd.jsonl');
    await writeFile(path, '{"a":1}\n\n{"a":2\n   \n{"a":3}\n');
    expect(await readJsonLines(path)).toEqual([{ a: 1 }, { a: 3 }]);
  });
});
