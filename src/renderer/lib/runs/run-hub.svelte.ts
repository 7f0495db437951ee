// The renderer's one copy of the runs: the list (runs:list) and, per opened run, its RunSeries,
// both kept current by run:status / run:steps / run:evaluation / run:phase events. The Training view, the
// Runs table, run details and comparisons all read from here, so an event is applied once.
import type { Events } from '../../../shared/api/contract';
import type { RunListItem, RunState } from '../../../shared/api/types';
import type { StudioClient } from '../api/studio-client';
import { FrameQueue, type FrameScheduler } from '../charts/frame-queue';
import type { Toasts } from '../ui/toasts.svelte';
import { RunSeries } from './run-series.svelte';

export const LIVE_STATES: readonly RunState[] = ['preparing', 'training'];
export const RESUMABLE_STATES: readonly RunState[] = ['paused', 'stopped', 'interrupted'];

type StepsEvent = Events['run:steps'];

/** Least time between two loads of a run that failed to load. */
const RETRY_MS = 1500;

function newestFirst(items: RunListItem[]): RunListItem[] {
  return [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export class RunHub {
  items = $state.raw<RunListItem[]>([]);
  loaded = $state(false);
  #series = new Map<string, RunSeries>();
  #listQueue: FrameQueue<StepsEvent>;
  #refreshing: Promise<void> | null = null;

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
    private readonly scheduler?: FrameScheduler,
  ) {
    // The table only needs the newest step per run; one list update per frame whatever the event rate.
    this.#listQueue = new FrameQueue<StepsEvent>((events) => this.#applyStepsToList(events), scheduler);
  }

  /** Subscribes to run events; returns the function that unsubscribes. */
  listen(): () => void {
    const offs = [
      this.client.on('run:status', (change) => this.#onStatus(change)),
      this.client.on('run:steps', (event) => this.#onSteps(event)),
      this.client.on('run:evaluation', (event) => this.#onEvaluation(event)),
      this.client.on('run:phase', (event) => this.#onPhase(event)),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Reloads the list; concurrent calls share one request. Failures become a toast. */
  refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        this.items = newestFirst(await this.client.invoke('runs:list', {}));
        this.loaded = true;
      } catch (error) {
        this.toasts.error('Could not load the list of runs', error);
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  item(runId: string): RunListItem | undefined {
    return this.items.find((r) => r.id === runId);
  }

  /**
   * The series of a run, loading it on first use. A failed load is kept in `error` and retried at
   * the run's next event; it is toasted unless the run is still preparing (its folder may not exist yet).
   */
  series(runId: string): RunSeries {
    let series = this.#series.get(runId);
    if (!series) {
      series = new RunSeries(runId, this.scheduler);
      this.#series.set(runId, series);
      this.#load(series);
    }
    return series;
  }

  #load(series: RunSeries): void {
    series.load(this.client).catch((error) => {
      const status = this.item(series.runId)?.status;
      if (status !== undefined && status !== 'preparing') this.toasts.error('Could not open the run', error);
    });
  }

  #retry(runId: string): void {
    const series = this.#series.get(runId);
    if (series?.needsReload && !series.loading && Date.now() - series.loadStartedAt >= RETRY_MS) this.#load(series);
  }

  /** Reloads every opened run (after the event channel was down and events were missed). */
  async reloadOpened(): Promise<void> {
    await Promise.all(
      [...this.#series.values()].map((s) => s.load(this.client).catch((error) => this.toasts.error('Could not reload the run', error))),
    );
  }

  upsert(item: RunListItem): void {
    const exists = this.items.some((r) => r.id === item.id);
    this.items = exists ? this.items.map((r) => (r.id === item.id ? item : r)) : newestFirst([item, ...this.items]);
    this.loaded = true;
    this.#series.get(item.id)?.applySummary(item);
  }

  async rename(runId: string, name: string): Promise<boolean> {
    try {
      this.upsert(await this.client.invoke('runs:rename', { runId, name }));
      return true;
    } catch (error) {
      this.toasts.error('Could not rename the run', error);
      return false;
    }
  }

  async remove(runId: string): Promise<boolean> {
    try {
      await this.client.invoke('runs:delete', { runId });
      this.items = this.items.filter((r) => r.id !== runId);
      this.#series.delete(runId);
      return true;
    } catch (error) {
      this.toasts.error('Could not delete the run', error);
      return false;
    }
  }

  #onStatus(change: Events['run:status']): void {
    this.#retry(change.runId);
    // Steps that arrived before this change are drawn with it, not a frame later: a paused run
    // shows the step it paused at together with its Resume button.
    this.#series.get(change.runId)?.flush();
    this.#listQueue.flush();
    if (change.run) {
      this.upsert({ ...change.run, status: change.status, error: change.error ?? change.run.error });
      return;
    }
    const known = this.item(change.runId);
    if (known) this.upsert({ ...known, status: change.status, error: change.error });
    else void this.refresh();
  }

  #onSteps(event: StepsEvent): void {
    if (event.points.length === 0) return;
    this.#retry(event.runId);
    this.#series.get(event.runId)?.pushSteps(event.points);
    this.#listQueue.push([event]);
  }

  #applyStepsToList(events: StepsEvent[]): void {
    const newest = new Map<string, StepsEvent['points'][number]>();
    for (const e of events) newest.set(e.runId, e.points[e.points.length - 1]);
    let unknown = false;
    for (const runId of newest.keys()) if (!this.item(runId)) unknown = true;
    this.items = this.items.map((r) => {
      const p = newest.get(r.id);
      return p ? { ...r, steps: p.step, elapsedMs: p.elapsedMs } : r;
    });
    if (unknown) void this.refresh();
  }

  #onPhase(event: Events['run:phase']): void {
    this.#retry(event.runId);
    this.#series.get(event.runId)?.addPhases(event.phases);
  }

  #onEvaluation(event: Events['run:evaluation']): void {
    this.#series.get(event.runId)?.addEvaluation(event.point, event.samples);
    const known = this.item(event.runId);
    if (!known) return;
    const best = (a: number | null, b: number) => (a === null || b > a ? b : a);
    this.upsert({
      ...known,
      bestBleu: best(known.bestBleu, event.point.bleu),
      bestExactMatch: best(known.bestExactMatch, event.point.exactMatch),
    });
  }
}
