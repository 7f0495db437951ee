// The Training view's state: the new-run form (dataset, extra training data, preset, validated
// hyperparameters, name), the one-click CoNaLa recipe with its estimate, and the run being watched,
// with its controls (pause / resume, Space toggles), progress, the phases it goes through besides
// pair training (decoder pretraining, fine-tuning, reranker tuning) and chart options. Curves come from
// the shared RunHub, so they keep growing in any view.
import type { DatasetSummary, RunState, StartRunArgs } from '../../../shared/api/types';
import type { PresetName } from '../../../shared/config/presets';
import type { StudioClient } from '../../lib/api/studio-client';
import { ChartOptions } from '../../lib/runs/chart-options.svelte';
import { progressOf } from '../../lib/runs/progress';
import { LIVE_STATES, RESUMABLE_STATES, type RunHub } from '../../lib/runs/run-hub.svelte';
import type { RunSeries } from '../../lib/runs/run-series.svelte';
import type { Toasts } from '../../lib/ui/toasts.svelte';
import type { Catalog } from './catalog.svelte';
import { ConfigFormState } from './config-form.svelte';
import { describeRecipe, findRecipeData, type RecipeData } from './recipe';
import { estimateRun, rerankerTime, type RunEstimate } from './run-estimate';
import { describePhases, rerankerLeftMs, type PhaseNote } from './run-phases';

export class TrainingState {
  form = new ConfigFormState();
  chart = new ChartOptions();
  datasetId = $state('');
  /** For a stored dataset: the version to train on (null: its current version). */
  versionId = $state<number | null>(null);
  /** A dataset whose pairs only add to training ('' = none); never the dataset being split. */
  extraId = $state('');
  /** What "CoNaLa recipe" found, shown until the user changes the data or starts the run. */
  recipe = $state.raw<RecipeData | null>(null);
  runName = $state('');
  starting = $state(false);
  /** A pause or resume request is in flight (buttons disabled meanwhile). */
  controlling = $state(false);
  current = $state.raw<RunSeries | null>(null);
  /** Shown after a Start that failed validation, so errors appear only once the user tried. */
  showErrors = $state(false);

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
    private readonly hub: RunHub,
    private readonly catalog: Catalog,
  ) {}

  /** Picks the defaults once the catalog is loaded: the built-in dataset and the 'tiny' preset. */
  initForm(): void {
    if (!this.datasetId) this.datasetId = this.catalog.builtIn?.id ?? this.catalog.datasets[0]?.id ?? '';
    if (!this.form.base) {
      const preset = this.catalog.preset('tiny') ?? this.catalog.presets[0];
      if (preset) this.form.usePreset(preset);
    }
  }

  choosePreset(name: PresetName): void {
    const preset = this.catalog.preset(name);
    if (preset) this.form.usePreset(preset);
  }

  follow(runId: string): void {
    if (this.current?.runId !== runId) this.current = this.hub.series(runId);
  }

  readonly currentItem = $derived.by(() => (this.current ? (this.hub.item(this.current.runId) ?? null) : null));
  readonly status = $derived<RunState | null>(this.currentItem?.status ?? this.current?.detail?.status ?? null);
  readonly canPause = $derived(this.status !== null && LIVE_STATES.includes(this.status));
  readonly canResume = $derived(this.status !== null && RESUMABLE_STATES.includes(this.status));
  readonly isLive = $derived(this.canPause);

  readonly progress = $derived.by(() => {
    const series = this.current;
    if (!series) return null;
    const config = series.detail?.config;
    const maxSteps = config?.maxSteps ?? this.currentItem?.maxSteps ?? 0;
    const preset = this.currentItem?.preset ?? series.detail?.preset ?? '';
    const afterTrainingMs = config ? rerankerTime(config, preset, this.hub.items).ms : 0;
    const progress = progressOf(series.steps, maxSteps, config?.maxMinutes ?? 0, { evaluations: series.evaluations, evalEvery: config?.evalEvery, afterTrainingMs });
    // Training is over and the reranker is being tuned: what is left is its tuning, at its own pace.
    const reranker = series.phases.reranker;
    if (this.isLive && reranker?.status === 'tuning') {
      const left = rerankerLeftMs(reranker);
      return { ...progress, remainingMs: left ?? progress.remainingMs, afterTrainingMs: left ?? progress.afterTrainingMs };
    }
    return progress;
  });

  /** What the run does besides pair training, one line per phase, in the order it does them. */
  readonly phaseNotes = $derived.by((): PhaseNote[] => {
    const series = this.current;
    if (!series) return [];
    const datasetName = this.currentItem?.datasetName ?? series.detail?.datasetName ?? 'the first data file';
    return describePhases(series.phases, { live: this.isLive, datasetName });
  });

  /** The run is pretraining its decoder now: its pair-training steps have not begun. */
  readonly pretraining = $derived(this.isLive && this.current?.phases.pretraining?.status === 'running' && (this.current?.steps.length ?? 0) === 0);

  readonly selected = $derived.by((): DatasetSummary | null => this.catalog.datasets.find((d) => d.id === this.datasetId) ?? null);
  readonly extra = $derived.by((): DatasetSummary | null => this.catalog.datasets.find((d) => d.id === this.extraId) ?? null);
  /** What the recipe set up and what the user still has to do, while its result is shown. */
  readonly recipeReport = $derived.by(() =>
    this.recipe ? describeRecipe(this.recipe, { datasetId: this.datasetId, extraId: this.extraId }, this.catalog.preset('conala')?.config ?? null) : null,
  );

  /** What the run in the form will take on this machine (backend: the engine's label). */
  estimate(backend: string): RunEstimate | null {
    const config = this.form.result.config;
    if (!config) return null;
    const main = this.selected?.pairs ?? null;
    const extra = this.extraId ? (this.extra?.pairs ?? null) : 0;
    const pairs = main !== null && extra !== null ? main + extra : null;
    return estimateRun({ config, preset: this.form.preset, overrides: this.form.overrides, backend, runs: this.hub.items, pairs });
  }

  /**
   * "CoNaLa recipe": the conala preset and, when the studio can find them, curated CoNaLa to split
   * and CoNaLa-Large to add. Returns whether the curated set was found; what is missing is in
   * recipeReport. The user still presses Start, after reading the estimate.
   */
  async useRecipe(): Promise<boolean> {
    await this.catalog.load(); // an import made a moment ago counts
    this.choosePreset('conala');
    const found = findRecipeData(this.catalog.datasets);
    if (found.main) this.chooseDataset(found.main.id);
    this.extraId = found.extra && found.extra.id !== this.datasetId ? found.extra.id : '';
    this.recipe = found;
    return found.main !== null;
  }

  chooseExtra(id: string): void {
    this.extraId = id === this.datasetId ? '' : id;
  }

  async start(): Promise<boolean> {
    this.showErrors = true;
    if (!this.datasetId) {
      this.toasts.error('Cannot start a run', 'choose a dataset first');
      return false;
    }
    if (!this.form.valid) {
      const count = Object.keys(this.form.errors).length;
      this.toasts.error('Cannot start a run', `${count} field${count === 1 ? ' has' : 's have'} an invalid value (marked in the form)`);
      return false;
    }
    const version = this.versionId !== null && this.datasetId.startsWith('store:') ? { versionId: this.versionId } : {};
    const extra = this.extraId && this.extraId !== this.datasetId ? { extraTraining: [{ datasetId: this.extraId }] } : {};
    const started = await this.#launch({ datasetId: this.datasetId, ...version, ...extra, preset: this.form.preset, overrides: this.form.overrides, name: this.runName.trim() || undefined });
    if (started) this.recipe = null;
    return started;
  }

  /** Selects a stored dataset's version for the next run ("Train on this version" in Datasets). */
  async useDatasetVersion(datasetId: string, versionId: number): Promise<void> {
    await this.catalog.load();
    this.datasetId = `store:${datasetId}`;
    this.versionId = versionId;
  }

  chooseDataset(id: string): void {
    this.datasetId = id;
    this.versionId = null;
    if (this.extraId === id) this.extraId = '';
  }

  /** The first-launch run: built-in sample, tiny preset, sized to learn within minutes. */
  async quickStart(datasetId?: string): Promise<boolean> {
    const dataset = this.catalog.datasets.find((d) => d.id === datasetId) ?? this.catalog.builtIn ?? this.catalog.datasets[0];
    if (!dataset) {
      this.toasts.error('Cannot start the quick run', 'the studio found no dataset, not even its built-in sample');
      return false;
    }
    return this.#launch({ datasetId: dataset.id, preset: 'tiny', quick: true });
  }

  async #launch(args: StartRunArgs): Promise<boolean> {
    if (this.starting) return false; // a double click or Enter pressed twice starts one run
    this.starting = true;
    try {
      const { runId } = await this.client.invoke('runs:start', args);
      this.showErrors = false;
      this.runName = '';
      this.follow(runId);
      void this.hub.refresh();
      return true;
    } catch (error) {
      this.toasts.error('Could not start the run', error);
      return false;
    } finally {
      this.starting = false;
    }
  }

  async pause(): Promise<void> {
    await this.#control('runs:pause', 'Could not pause the run');
  }

  async resume(): Promise<void> {
    await this.#control('runs:resume', 'Could not resume the run');
  }

  /** Space: pause a live run, resume a paused one, nothing otherwise. */
  async togglePause(): Promise<void> {
    if (this.canPause) await this.pause();
    else if (this.canResume) await this.resume();
  }

  async #control(channel: 'runs:pause' | 'runs:resume', failure: string): Promise<void> {
    const runId = this.current?.runId;
    if (!runId || this.controlling) return;
    this.controlling = true;
    try {
      await this.client.invoke(channel, { runId });
    } catch (error) {
      this.toasts.error(failure, error);
    } finally {
      this.controlling = false;
    }
  }
}
