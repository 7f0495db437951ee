// The Training view's state against a fake client: starting a run (overrides, validation, the
// quick run), following it as step events arrive in batches of one redraw per frame, pause /
// resume including Space, and failures turned into toasts.
import { describe, expect, it } from 'vitest';
import { Studio } from '../../../src/renderer/studio.svelte';
import type { RunListItem } from '../../../src/shared/api/types';
import { FakeStudioClient, ManualFrames, evaluation, idleTimers, presetInfos, runDetail, runItem, samplesAt, settle, stepPoint } from '../fake-client';

function studioWith(runs: RunListItem[] = []) {
  const client = new FakeStudioClient();
  const frames = new ManualFrames();
  const items = [...runs];
  client
    .handle('app:info', () => ({ version: '0.1.0', mode: 'web', dataDir: '/tmp/x', engine: { state: 'ready', backend: 'wasm (SIMD, 1 thread)', activeRunId: null } }))
    .handle('runs:list', () => items)
    .handle('datasets:list', () => [
      { id: 'mine', name: 'my data', path: '/d/mine.jsonl', builtIn: false, pairs: 500 },
      { id: 'sample', name: 'Sample', path: '/app/sample.txt', builtIn: true, pairs: 120 },
    ])
    .handle('config:presets', () => presetInfos())
    .handle('runs:start', () => {
      items.unshift(runItem({ id: 'run-new', name: 'new run', status: 'preparing' }));
      return { runId: 'run-new' };
    })
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId) ?? runItem({ id: runId })))
    .handle('runs:pause', () => ({ ok: true }))
    .handle('runs:resume', () => ({ ok: true }));
  const studio = new Studio(client, { scheduler: frames.schedule, timers: idleTimers });
  return { client, frames, studio, items };
}

function key(k: string, target: EventTarget | null = null, mods: Partial<KeyboardEventInit> = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: k, cancelable: true, ...mods });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('training: first launch and starting runs', () => {
  it('shows the welcome panel on an empty list and starts the quick run on the built-in sample', async () => {
    const { client, studio } = studioWith();
    await studio.start();
    expect(studio.firstLaunch).toBe(true);
    expect(studio.training.datasetId).toBe('sample');
    expect(await studio.training.quickStart()).toBe(true);
    expect(client.callsTo('runs:start')).toEqual([{ datasetId: 'sample', preset: 'tiny', quick: true }]);
    expect(studio.training.current?.runId).toBe('run-new');
    expect(studio.firstLaunch).toBe(false);
  });

  it('starts a run with the chosen dataset, preset, changed fields and name', async () => {
    const { client, studio } = studioWith([runItem({ status: 'completed' })]);
    await studio.start();
    expect(studio.firstLaunch).toBe(false);
    const t = studio.training;
    t.datasetId = 'mine';
    t.choosePreset('small');
    t.form.set('maxSteps', '1000');
    t.runName = '  wider  ';
    expect(await t.start()).toBe(true);
    expect(client.callsTo('runs:start')).toEqual([{ datasetId: 'mine', preset: 'small', overrides: { maxSteps: 1000 }, name: 'wider' }]);
    expect(t.runName).toBe('');
  });

  it('does not send an invalid form and says why in a toast', async () => {
    const { client, studio } = studioWith();
    await studio.start();
    studio.training.form.set('batchSize', '-4');
    expect(await studio.training.start()).toBe(false);
    expect(client.callsTo('runs:start')).toHaveLength(0);
    expect(studio.toasts.items).toHaveLength(1);
    expect(studio.toasts.items[0]).toMatchObject({ kind: 'error', title: 'Cannot start a run' });
    expect(studio.toasts.items[0].message).toMatch(/1 field has an invalid value/);
  });

  it('a double click on Start sends one request', async () => {
    const { client, studio } = studioWith();
    await studio.start();
    const results = await Promise.all([studio.training.quickStart(), studio.training.quickStart()]);
    expect(results.sort()).toEqual([false, true]);
    expect(client.callsTo('runs:start')).toHaveLength(1);
  });

  it('turns a refused start into an error toast with the service message', async () => {
    const { client, studio } = studioWith();
    client.fail('runs:start', 'a run is already training');
    await studio.start();
    expect(await studio.training.quickStart()).toBe(false);
    expect(studio.toasts.items.map((t) => [t.title, t.message])).toEqual([['Could not start the run', 'a run is already training']]);
    expect(studio.training.starting).toBe(false);
  });
});

describe('training: live run', () => {
  it('batches step events into one update per animation frame', async () => {
    const { client, frames, studio } = studioWith();
    await studio.start();
    await studio.training.quickStart();
    await settle();
    const series = studio.training.current!;
    expect(series.detail?.id).toBe('run-new');
    const before = series.steps;
    client.emit('run:steps', { runId: 'run-new', points: [stepPoint(1), stepPoint(2)] });
    client.emit('run:steps', { runId: 'run-new', points: [stepPoint(3)] });
    client.emit('run:steps', { runId: 'run-new', points: [stepPoint(4)] });
    expect(series.steps).toBe(before); // nothing redrawn between frames
    expect(series.pendingPoints).toBe(4);
    frames.run();
    expect(series.steps.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(studio.hub.item('run-new')?.steps).toBe(4);
    const progress = studio.training.progress!;
    expect(progress.step).toBe(4);
    expect(progress.maxSteps).toBe(300);
    expect(progress.remainingMs).toBeCloseTo(29_600, 0);
  });

  it('keeps step events that arrive while the run is still loading', async () => {
    const { client, frames, studio } = studioWith([runItem({ id: 'r1', status: 'training', steps: 2 })]);
    let release!: () => void;
    client.handle('runs:get', async () => {
      await new Promise<void>((r) => (release = r));
      return runDetail(runItem({ id: 'r1' }), { stepPoints: [stepPoint(1), stepPoint(2)] });
    });
    await studio.start();
    const series = studio.training.current!;
    expect(series.runId).toBe('r1');
    client.emit('run:steps', { runId: 'r1', points: [stepPoint(2), stepPoint(3)] });
    frames.run();
    release();
    await settle();
    expect(series.steps.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('waits quietly while a new run prepares its folder, then loads it at its next event', async () => {
    const { client, frames, studio } = studioWith();
    let ready = false;
    client.handle('runs:get', ({ runId }) => {
      if (!ready) throw new Error(`/data/runs/${runId} is not a run folder: run.json is missing`);
      return runDetail(runItem({ id: runId, name: 'prepared' }), { stepPoints: [stepPoint(1)] });
    });
    await studio.start();
    await studio.training.quickStart();
    await settle();
    const series = studio.training.current!;
    expect(series.detail).toBeNull();
    expect(studio.toasts.items).toEqual([]);
    ready = true;
    series.loadStartedAt = 0; // as if the retry delay had passed
    client.emit('run:status', { runId: 'run-new', status: 'training' });
    await settle();
    frames.run();
    expect(series.detail?.name).toBe('prepared');
    expect(series.steps.map((p) => p.step)).toEqual([1]);
    expect(client.callsTo('runs:get')).toHaveLength(2);
  });

  it('adds evaluations and samples and raises the best scores in the list', async () => {
    const { client, studio } = studioWith([runItem({ id: 'r1', bestBleu: 20 })]);
    await studio.start();
    await settle();
    client.emit('run:evaluation', { runId: 'r1', point: evaluation(100, { bleu: 10, exactMatch: 30 }), samples: samplesAt(100) });
    client.emit('run:evaluation', { runId: 'r1', point: evaluation(200, { bleu: 35, exactMatch: 20 }), samples: samplesAt(200) });
    const series = studio.training.current!;
    expect(series.evaluations.map((e) => e.step)).toEqual([100, 200]);
    expect(series.samples.map((s) => s.step)).toEqual([100, 200]);
    expect(studio.hub.item('r1')).toMatchObject({ bestBleu: 35, bestExactMatch: 30 });
  });

  it('pauses and resumes through the buttons and Space, never while typing', async () => {
    const { client, studio } = studioWith([runItem({ id: 'r1', status: 'training' })]);
    await studio.start();
    const t = studio.training;
    expect(t.canPause).toBe(true);
    const space = key(' ', document.body);
    studio.handleKey(space);
    expect(space.defaultPrevented).toBe(true);
    await settle();
    expect(client.callsTo('runs:pause')).toEqual([{ runId: 'r1' }]);

    client.emit('run:status', { runId: 'r1', status: 'paused' });
    expect(t.canPause).toBe(false);
    expect(t.canResume).toBe(true);
    studio.handleKey(key(' ', document.createElement('input')));
    studio.handleKey(key(' ', document.createElement('button')));
    await settle();
    expect(client.callsTo('runs:resume')).toHaveLength(0);
    studio.handleKey(key(' ', document.body));
    await settle();
    expect(client.callsTo('runs:resume')).toEqual([{ runId: 'r1' }]);

    client.emit('run:status', { runId: 'r1', status: 'training' });
    await t.pause();
    expect(client.callsTo('runs:pause')).toHaveLength(2);
  });

  it('shows a failed pause as a toast', async () => {
    const { client, studio } = studioWith([runItem({ id: 'r1', status: 'training' })]);
    client.fail('runs:pause', 'the engine is restarting');
    await studio.start();
    await studio.training.pause();
    expect(studio.toasts.items.map((t) => `${t.title}: ${t.message}`)).toEqual(['Could not pause the run: the engine is restarting']);
    expect(studio.training.controlling).toBe(false);
  });
});

describe('training: phases besides pair training', () => {
  const stdlib = { corpus: 'stdlib', maxSteps: 1000, maxMinutes: null, heldOutLoss: { before: null, after: null } };

  it('says what pretraining, fine-tuning and reranker tuning are doing, with counts and time left', async () => {
    const { client, frames, studio } = studioWith([runItem({ id: 'r1', status: 'training', datasetName: 'conala-train.json', maxSteps: 6000 })]);
    await studio.start();
    await settle();
    const t = studio.training;
    expect(t.phaseNotes).toEqual([]);

    client.emit('run:phase', { runId: 'r1', phases: { pretraining: { ...stdlib, status: 'running', step: 0, elapsedMs: 0, loss: null } } });
    expect(t.phaseNotes.map((n) => n.text)).toEqual(['Pretraining the decoder on stdlib: starting…']);
    // 420 steps in 2m48s: 580 more at that pace are 3m52s.
    client.emit('run:phase', { runId: 'r1', phases: { pretraining: { ...stdlib, status: 'running', step: 420, elapsedMs: 168_000, loss: 3.2104 } } });
    expect(t.phaseNotes).toEqual([
      { kind: 'pretraining', text: 'Pretraining the decoder on stdlib: step 420 of 1,000 · loss 3.210 · 3m 52s left', active: true, fraction: 0.42 },
    ]);
    expect(t.pretraining).toBe(true);

    client.emit('run:phase', { runId: 'r1', phases: { pretraining: { ...stdlib, status: 'done', step: 1000, elapsedMs: 400_000, loss: 2.9, heldOutLoss: { before: 7.1, after: 3.05 } } } });
    client.emit('run:phase', { runId: 'r1', phases: { fineTuning: { step: 5210, examples: 2179 } } });
    client.emit('run:steps', { runId: 'r1', points: [stepPoint(5999), stepPoint(6000)] });
    frames.run();
    expect(t.pretraining).toBe(false);
    client.emit('run:phase', { runId: 'r1', phases: { reranker: { status: 'tuning', done: 120, total: 247, elapsedMs: 30_000 } } });
    expect(t.phaseNotes.map((n) => [n.text, n.active])).toEqual([
      ['Decoder pretrained on stdlib: 1,000 steps in 6m 40s; held-out loss 7.100 → 3.050', false],
      ["Fine-tuning on conala-train.json's 2,179 training pairs since step 5,210", false],
      ['Tuning the reranker: 120 / 247 validation pairs · 32s left', true],
    ]);
    expect(t.phaseNotes[2].fraction).toBeCloseTo(120 / 247);
    // Training is over: what the ETA has left is the tuning, at its pace.
    expect(t.progress!.remainingMs).toBeCloseTo(31_750, 0);

    client.emit('run:phase', { runId: 'r1', phases: { reranker: { status: 'done', done: 247, total: 247, elapsedMs: 61_000, logProbBleu: 24.51, bleu: 37.6, beamWidth: 8, reranked: true } } });
    expect(t.phaseNotes.at(-1)).toEqual({ kind: 'reranker', text: 'Reranker tuned: validation BLEU 24.5 → 37.6; the run now recommends beam 8, reranked', active: false, fraction: null });
  });

  it('shows what run.json says of an opened run, and a paused pretraining as paused', async () => {
    const { client, studio } = studioWith([runItem({ id: 'r1', status: 'paused' })]);
    client.handle('runs:get', ({ runId }) => runDetail(runItem({ id: runId, status: 'paused' }), {
      phases: {
        pretraining: { corpus: '/home/me/py-corpus', status: 'running', step: 300, maxSteps: null, maxMinutes: 10, elapsedMs: 120_000, loss: null, heldOutLoss: { before: 7, after: null } },
        reranker: { status: 'tuning', done: 3, total: 10, elapsedMs: 1000 },
      },
    }));
    await studio.start();
    await settle();
    // The folder by its name; a tuning the run never finished is not shown.
    expect(studio.training.phaseNotes.map((n) => [n.text, n.active])).toEqual([
      ['Pretraining the decoder on py-corpus: paused at step 300; Resume continues it', false],
    ]);
    expect(studio.training.pretraining).toBe(false);
  });
});
