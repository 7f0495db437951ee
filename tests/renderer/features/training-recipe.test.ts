// The one-click CoNaLa recipe and extra training data in the Training view's state, against a fake
// client: which datasets the recipe picks (the user's imports first, never a held-out file), what it
// says when it finds none, the extra dataset sent with runs:start and never the one being split,
// and the estimate before a run starts (measured on an earlier run of the preset, or a guess).
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import { Studio } from '../../../src/renderer/studio.svelte';
import TrainingView from '../../../src/renderer/features/training/TrainingView.svelte';
import { describeRecipe, findRecipeData } from '../../../src/renderer/features/training/recipe';
import { describeEstimate, estimateRun, roughly } from '../../../src/renderer/features/training/run-estimate';
import type { DatasetSummary, RunListItem } from '../../../src/shared/api/types';
import { resolveTrainConfig } from '../../../src/shared/config/presets';
import { FakeStudioClient, idleTimers, ManualFrames, presetInfos, runDetail, runItem, settle } from '../fake-client';

const BACKEND = 'wasm (SIMD) + OpenBLAS (2 threads)';

const file = (id: string, name: string, pairs: number | null = null): DatasetSummary => ({ id, name, path: `/shared/${id}`, builtIn: false, pairs });
const stored = (id: string, name: string, pairs: number, splitByQuestion = true): DatasetSummary => ({
  id: `store:${id}`, name, path: '', builtIn: false, pairs, stored: { datasetId: id, versionId: 7, versionLabel: 'Imported', contentHash: 'h', splitByQuestion },
});
const SAMPLE: DatasetSummary = { id: 'sample', name: 'Built-in sample (English → Python)', path: '/app/sample.jsonl', builtIn: true, pairs: 587 };

function studioWith(datasets: DatasetSummary[], runs: RunListItem[] = []) {
  const client = new FakeStudioClient();
  let list = datasets;
  const items = [...runs];
  client
    .handle('app:info', () => ({ version: '0.1.0', mode: 'web', dataDir: '/tmp/x', engine: { state: 'ready', backend: BACKEND, activeRunId: null } }))
    .handle('runs:list', () => items)
    .handle('datasets:list', () => list)
    .handle('datasets:stored', () => [])
    .handle('config:presets', () => presetInfos())
    .handle('runs:start', () => {
      items.unshift(runItem({ id: 'run-new', status: 'preparing', preset: 'conala' }));
      return { runId: 'run-new' };
    })
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId) ?? runItem({ id: runId })));
  const studio = new Studio(client, { scheduler: new ManualFrames().schedule, timers: idleTimers });
  return { client, studio, setDatasets: (next: DatasetSummary[]) => (list = next) };
}

describe('the recipe finds its data', () => {
  it('prefers the datasets the user imported, then files of this machine, and never a held-out file', () => {
    const datasets = [
      SAMPLE,
      file('conala-train', 'CoNaLa train (curated)'),
      file('conala-large-train', 'CoNaLa-Large train (CSV)'),
      stored('ds-aaaaaaaaaaaa', 'CoNaLa-Large_validation.csv', 1234),
      stored('ds-bbbbbbbbbbbb', 'conala-train.json', 2378),
      stored('ds-cccccccccccc', 'CoNaLa-Large_train.csv', 24050),
    ];
    expect(findRecipeData(datasets)).toEqual({ main: datasets[4], extra: datasets[5] });
    expect(findRecipeData(datasets.slice(0, 4))).toEqual({ main: datasets[1], extra: datasets[2] });
    expect(findRecipeData([SAMPLE, file('x', 'conala-test.json'), stored('ds-dddddddddddd', 'conala-mined dev', 5)])).toEqual({ main: null, extra: null });
  });

  it('says exactly what to import, and where, for each part it did not find', () => {
    const { done, todo } = describeRecipe({ main: null, extra: null }, { datasetId: 'sample', extraId: '' }, { maxMinutes: 57, tuneReranker: true });
    expect(done).toEqual(['Preset “conala” is set: 57 min of training, then a final evaluation and tuning of its reranker.']);
    expect(todo).toHaveLength(2);
    expect(todo[0]).toMatch(/Import conala-train\.json .* in Datasets \(Ctrl\+1\)/);
    expect(todo[0]).toMatch(/conala-corpus-v1\.1\.zip/);
    expect(todo[1]).toMatch(/Import CoNaLa-Large_train\.csv .* in Datasets \(Ctrl\+1\)/);
  });

  it('asks for a split by question when the curated set is a version split by description', () => {
    const main = stored('ds-bbbbbbbbbbbb', 'conala-train.json', 2378, false);
    const extra = stored('ds-cccccccccccc', 'CoNaLa-Large_train.csv', 24050);
    const report = describeRecipe({ main, extra }, { datasetId: main.id, extraId: extra.id }, { maxMinutes: 60, tuneReranker: false });
    expect(report.todo).toEqual([expect.stringMatching(/^“conala-train\.json” is split by description, .* In Datasets \(Ctrl\+1\) → Split, keep together “…pairs of the same question”/)]);
    expect(report.done.at(-1)).toBe('Adds “CoNaLa-Large_train.csv” (your dataset) to training only, without repeats or leaks.');
    expect(report.done[0]).toBe('Preset “conala” is set: 60 min of training, then a final evaluation.');
    const split = describeRecipe({ main: { ...main, stored: { ...main.stored!, splitByQuestion: true } }, extra }, { datasetId: main.id, extraId: extra.id }, null);
    expect(split.todo).toEqual([]);
    expect(split.done).toContain('Splits “conala-train.json” (your dataset) by question into train / validation / test.');
  });
});

describe('training: the CoNaLa recipe and extra training data', () => {
  it('one click picks the conala preset, curated CoNaLa and CoNaLa-Large; Start sends the extra dataset', async () => {
    const { client, studio, setDatasets } = studioWith([SAMPLE]);
    await studio.start();
    const t = studio.training;
    // Imported after the studio opened: the recipe reloads the list before it looks.
    setDatasets([SAMPLE, stored('ds-bbbbbbbbbbbb', 'conala-train.json', 2378), stored('ds-cccccccccccc', 'CoNaLa-Large_train.csv', 24050)]);
    expect(await t.useRecipe()).toBe(true);
    expect(t.form.preset).toBe('conala');
    expect(t.form.result.config?.maxMinutes).toBe(resolveTrainConfig('conala').maxMinutes);
    expect(t.datasetId).toBe('store:ds-bbbbbbbbbbbb');
    expect(t.extraId).toBe('store:ds-cccccccccccc');
    expect(t.recipeReport?.todo).toEqual([]);
    expect(await t.start()).toBe(true);
    expect(client.callsTo('runs:start')).toEqual([
      { datasetId: 'store:ds-bbbbbbbbbbbb', extraTraining: [{ datasetId: 'store:ds-cccccccccccc' }], preset: 'conala', overrides: {} },
    ]);
    expect(t.recipe).toBeNull();
  });

  it('without CoNaLa it keeps the dataset chosen, adds nothing, and says what to import', async () => {
    const { client, studio } = studioWith([SAMPLE, file('mine', 'my pairs', 100)]);
    await studio.start();
    const t = studio.training;
    t.chooseDataset('mine');
    expect(await t.useRecipe()).toBe(false);
    expect(t.form.preset).toBe('conala');
    expect(t.datasetId).toBe('mine');
    expect(t.extraId).toBe('');
    expect(t.recipeReport?.todo.join(' ')).toMatch(/conala-train\.json.*CoNaLa-Large_train\.csv/);
    await t.start();
    expect(client.callsTo('runs:start')[0]).not.toHaveProperty('extraTraining');
  });

  it('never adds the dataset being split: choosing it as extra, or as main, clears the extra', async () => {
    const { studio } = studioWith([SAMPLE, file('a', 'a', 10), file('b', 'b', 20)]);
    await studio.start();
    const t = studio.training;
    t.chooseDataset('a');
    t.chooseExtra('a');
    expect(t.extraId).toBe('');
    t.chooseExtra('b');
    expect(t.extraId).toBe('b');
    t.chooseDataset('b');
    expect(t.extraId).toBe('');
  });
});

describe('the estimate before a run starts', () => {
  // The recipe's hour as this test pins it: the preset's own limit and tuning may change.
  const conala = { ...resolveTrainConfig('conala'), maxMinutes: 60, tuneReranker: false };
  const earlier = (overrides: Partial<RunListItem> = {}) => runItem({
    id: 'r1', name: 'conala on conala-train', status: 'completed', preset: 'conala', backend: BACKEND, steps: 7200, elapsedMs: 3_600_000,
    timing: { prepareMs: 20_000, evaluationMs: 40_000, rerankerMs: null }, ...overrides,
  });

  it('is a guess on a machine that never ran the preset: the time limit, and guessed preparation and evaluation', () => {
    const e = estimateRun({ config: conala, preset: 'conala', overrides: {}, backend: BACKEND, runs: [], pairs: 14_600 });
    expect(e).toMatchObject({ limitedBy: 'time', trainingMs: 3_600_000, steps: null, stepsPerSecond: null, prepareMeasured: false, evaluationMeasured: false });
    expect(e.finalEvaluationMs).toBeGreaterThan(0);
    const text = describeEstimate(e, 'conala');
    expect(text.total).toMatch(/^60 min of training \+ about \d+ (s|min) to prepare and evaluate, about 6\d min in all\.$/);
    expect(text.basis).toBe('Steps in that time: known once it starts (no “conala” run on this machine yet). The time to prepare and evaluate is a guess.');
  });

  it('counts steps at the speed an earlier run of the preset showed on this backend, and its measured times', () => {
    const e = estimateRun({ config: conala, preset: 'conala', overrides: {}, backend: BACKEND, runs: [earlier()], pairs: null });
    expect(e).toMatchObject({ limitedBy: 'time', trainingMs: 3_600_000, steps: 7200, stepsPerSecond: 2, prepareMs: 20_000, finalEvaluationMs: 40_000, prepareMeasured: true, evaluationMeasured: true });
    const text = describeEstimate(e, 'conala');
    expect(text.total).toBe('60 min of training + about 1 min to prepare and evaluate, about 61 min in all.');
    expect(text.basis).toBe('About 7,200 steps, at the 2.0 steps/s that “conala on conala-train” showed here.');
  });

  it('ignores runs of other presets or backends, and says when the settings differ from the measured run', () => {
    const other = [earlier({ preset: 'small' }), earlier({ backend: 'plain JS (slow: last resort)' })];
    expect(estimateRun({ config: conala, preset: 'conala', overrides: {}, backend: BACKEND, runs: other, pairs: null }).stepsPerSecond).toBeNull();
    const changed = estimateRun({ config: { ...conala, batchSize: 64 }, preset: 'conala', overrides: { batchSize: 64 }, backend: BACKEND, runs: [earlier()], pairs: null });
    expect(describeEstimate(changed, 'conala').basis).toMatch(/; a guess, as that run had another model or batch size\./);
    // Against a run that lists its config, the comparison is with what that run trained.
    const wide = { ...conala, batchSize: 64 };
    const measuredWide = [earlier({ id: 'r2', name: 'wide', config: wide, createdAt: '2026-11-19T10:00:00.000Z', steps: 3600 }), earlier({ config: conala })];
    const same = estimateRun({ config: wide, preset: 'conala', overrides: { batchSize: 64 }, backend: BACKEND, runs: measuredWide, pairs: null });
    expect(same).toMatchObject({ measuredOn: 'wide', settingsDiffer: false, stepsPerSecond: 1 });
    expect(estimateRun({ config: conala, preset: 'conala', overrides: {}, backend: BACKEND, runs: measuredWide, pairs: null })).toMatchObject({ measuredOn: 'conala on conala-train', settingsDiffer: false });
  });

  it('for a run stopped by maxSteps: the time those steps take, and no evaluation after it', () => {
    const tiny = resolveTrainConfig('tiny', { maxSteps: 1200 });
    const e = estimateRun({ config: tiny, preset: 'tiny', overrides: {}, backend: BACKEND, runs: [earlier({ preset: 'tiny', steps: 600, elapsedMs: 60_000 })], pairs: 587 });
    expect(e).toMatchObject({ limitedBy: 'steps', trainingMs: 120_000, steps: 1200, finalEvaluationMs: 0 });
    expect(describeEstimate(e, 'tiny').total).toMatch(/^about 2 min of training \+ about \d+ s to prepare, about 2 min in all\.$/);
    expect(describeEstimate(e, 'tiny').basis).toMatch(/^1,200 steps, at the 10 steps\/s that “conala on conala-train” showed here\.$/);
  });

  it('adds the reranker tuning after training: measured on an earlier run that tuned, else a guess', () => {
    const tuning = { ...conala, tuneReranker: true };
    const guessed = estimateRun({ config: tuning, preset: 'conala', overrides: {}, backend: BACKEND, runs: [earlier()], pairs: null });
    expect(guessed).toMatchObject({ rerankerMs: 120_000, rerankerMeasured: false });
    expect(describeEstimate(guessed, 'conala')).toEqual({
      total: '60 min of training + about 3 min to prepare, evaluate and tune the reranker, about 63 min in all.',
      basis: 'About 7,200 steps, at the 2.0 steps/s that “conala on conala-train” showed here. The time to tune the reranker is a guess.',
    });
    const measured = estimateRun({ config: tuning, preset: 'conala', overrides: {}, backend: BACKEND, runs: [earlier({ timing: { prepareMs: 20_000, evaluationMs: 40_000, rerankerMs: 90_000 } })], pairs: null });
    expect(measured).toMatchObject({ rerankerMs: 90_000, rerankerMeasured: true });
    expect(estimateRun({ config: conala, preset: 'conala', overrides: {}, backend: BACKEND, runs: [], pairs: null }).rerankerMs).toBe(0);
  });

  it('reads in round numbers', () => {
    expect(roughly(2_000)).toBe('about 5 s');
    expect(roughly(42_000)).toBe('about 40 s');
    expect(roughly(61 * 60_000)).toBe('about 61 min');
    expect(roughly(4 * 3_600_000 + 7 * 60_000)).toBe('about 4h 05m');
  });

  it('is shown in the form above Start, with the extra data picker and the recipe result', async () => {
    const { studio } = studioWith([SAMPLE, file('conala-train', 'CoNaLa train (curated)'), file('conala-large-train', 'CoNaLa-Large train (CSV)')], [earlier()]);
    await studio.start();
    await studio.training.useRecipe();
    const target = document.createElement('div');
    document.body.appendChild(target);
    const view = mount(TrainingView, { target, props: { training: studio.training, catalog: studio.catalog, backend: BACKEND } });
    flushSync();
    await settle();
    try {
      const minutes = resolveTrainConfig('conala').maxMinutes;
      const estimate = target.querySelector('[data-testid="run-estimate"]')?.textContent ?? '';
      expect(estimate).toContain(`On this machine: ${minutes} min of training + about `);
      expect(estimate).toContain(`About ${(minutes * 120).toLocaleString('en-US')} steps, at the 2.0 steps/s that “conala on conala-train” showed here.`);
      const extra = [...target.querySelectorAll('label')].find((l) => l.textContent?.includes('Extra training data'))!.querySelector('select')!;
      expect(extra.value).toBe('conala-large-train');
      expect([...extra.options].map((o) => o.value)).not.toContain('conala-train');
      const result = target.querySelector('[data-testid="recipe-result"]')!.textContent!;
      expect(result).toMatch(/Splits “CoNaLa train \(curated\)” \(a file on this machine\) by question/);
      expect(result).toMatch(/Adds “CoNaLa-Large train \(CSV\)”/);
    } finally {
      unmount(view);
      target.remove();
    }
  });
});
