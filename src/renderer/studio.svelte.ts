// Builds the renderer's state once per page from a StudioClient and starts it: loads what the
// first screen needs, subscribes to events, follows the active run, and refreshes everything
// after the event channel comes back. App.svelte only creates this and renders views.
import type { StudioClient } from './lib/api/studio-client';
import type { FrameScheduler } from './lib/charts/frame-queue';
import { LIVE_STATES, RunHub } from './lib/runs/run-hub.svelte';
import { Toasts, type ToastTimers } from './lib/ui/toasts.svelte';
import { inOpenDialog } from './lib/ui/keyboard';
import { RunsState } from './features/runs/runs.svelte';
import { Catalog } from './features/training/catalog.svelte';
import { TrainingState } from './features/training/training.svelte';
import { ShellState } from './features/shell/shell.svelte';
import { PlaygroundState } from './features/playground/playground.svelte';
import { InspectorState } from './features/inspector/inspector.svelte';
import { DatasetsState } from './features/datasets/datasets.svelte';
import type { InspectSubject } from './lib/inspect-subject';

export interface StudioOptions {
  scheduler?: FrameScheduler;
  timers?: ToastTimers;
}

export class Studio {
  readonly toasts: Toasts;
  readonly hub: RunHub;
  readonly catalog: Catalog;
  readonly shell: ShellState;
  readonly training: TrainingState;
  readonly runs: RunsState;
  readonly playground: PlaygroundState;
  readonly inspector: InspectorState;
  readonly datasets: DatasetsState;
  started = $state(false);
  /** The welcome panel was passed by (the user chose to configure a run, or came from a dataset). */
  welcomeDone = $state(false);

  constructor(
    readonly client: StudioClient,
    options: StudioOptions = {},
  ) {
    this.toasts = new Toasts(options.timers);
    this.hub = new RunHub(client, this.toasts, options.scheduler);
    this.catalog = new Catalog(client, this.toasts);
    this.shell = new ShellState(client, this.toasts, this.hub);
    this.training = new TrainingState(client, this.toasts, this.hub, this.catalog);
    this.runs = new RunsState(this.hub);
    this.playground = new PlaygroundState(client, this.toasts, this.hub, undefined, (subject) => this.inspect(subject));
    this.inspector = new InspectorState(client, this.hub);
    this.datasets = new DatasetsState(client, this.toasts, (datasetId, versionId) => void this.trainOnVersion(datasetId, versionId));
  }

  /** "Train on this version": the training view, with the dataset version selected. */
  async trainOnVersion(datasetId: string, versionId: number): Promise<void> {
    await this.training.useDatasetVersion(datasetId, versionId);
    this.welcomeDone = true;
    this.shell.view = 'training';
  }

  /** First launch: the runs list has loaded and is empty. */
  readonly firstLaunch = $derived.by(() => this.hub.loaded && this.hub.items.length === 0 && this.training.current === null);

  /** Loads the first screen and subscribes to events; returns the function that stops listening. */
  async start(): Promise<() => void> {
    const offs = [
      this.hub.listen(),
      this.playground.listen(),
      this.datasets.listen(),
      this.shell.listen(() => void this.#reconnected()),
      this.client.on('run:status', (change) => {
        // A run started elsewhere (another window, the web shell) becomes the one to watch if none is.
        if (LIVE_STATES.includes(change.status) && !this.training.isLive) this.training.follow(change.runId);
      }),
      this.client.on('engine:status', (status) => {
        if (status.activeRunId && !this.training.isLive) this.training.follow(status.activeRunId);
      }),
    ];
    await Promise.all([this.shell.loadInfo(), this.hub.refresh(), this.catalog.load(), this.datasets.load()]);
    this.training.initForm();
    this.#followActive();
    this.started = true;
    return () => offs.forEach((off) => off());
  }

  #followActive(): void {
    if (this.training.current) return;
    const active = this.shell.engine?.activeRunId ?? this.hub.items.find((r) => LIVE_STATES.includes(r.status) || r.status === 'paused')?.id;
    if (active) this.training.follow(active);
  }

  async #reconnected(): Promise<void> {
    await Promise.all([this.shell.loadInfo(), this.hub.refresh(), this.hub.reloadOpened(), this.datasets.load()]);
    this.#followActive();
  }

  async resumeInterrupted(): Promise<void> {
    const runId = await this.shell.resume();
    if (!runId) return;
    this.training.follow(runId);
    this.shell.view = 'training';
  }

  /** Opens the attention inspector on a prompt and its code (from the playground or a sample). */
  inspect(subject: InspectSubject): void {
    this.shell.view = 'inspector';
    void this.inspector.open(subject);
  }

  handleKey(event: KeyboardEvent): void {
    // Behind a modal (the run delete confirmation, the import dialog, any other <dialog>) the
    // page's shortcuts do nothing.
    const dialogOpen = this.runs.pendingDelete !== null || this.datasets.importer.open || inOpenDialog(event.target);
    if (dialogOpen) return;
    if (this.shell.handleKey(event, () => void this.training.togglePause())) event.preventDefault();
    else if (this.shell.view === 'datasets' && this.datasets.handleKey(event)) event.preventDefault();
  }
}
