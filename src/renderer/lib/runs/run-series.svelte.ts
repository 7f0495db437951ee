// One run's curves and samples as the charts see them: loaded once with runs:get, then grown by
// run:steps / run:evaluation / run:phase events. Step points are queued and appended once per animation
// frame, so a burst of events causes one redraw. Series are $state.raw: replaced, never mutated.
import type { EvaluationPoint, RunDetail, RunListItem, RunPhases, SamplesAtStep, StepPoint } from '../../../shared/api/types';
import type { StudioClient } from '../api/studio-client';
import { errorMessage } from '../api/studio-client';
import { FrameQueue, type FrameScheduler } from '../charts/frame-queue';
import { appendSteps, upsertByStep } from './merge-points';

export class RunSeries {
  detail = $state.raw<RunDetail | null>(null);
  steps = $state.raw<StepPoint[]>([]);
  evaluations = $state.raw<EvaluationPoint[]>([]);
  samples = $state.raw<SamplesAtStep[]>([]);
  /** Pretraining, fine-tuning and reranker tuning, as far as the run has gone through them. */
  phases = $state.raw<RunPhases>({});
  loading = $state(false);
  error = $state<string | null>(null);
  /** The last load failed (e.g. the run was still preparing its folder): the hub retries on its next event. */
  needsReload = false;
  /** When the last load started (Date.now()), so retries stay rare. */
  loadStartedAt = 0;
  #queue: FrameQueue<StepPoint>;
  /** Phases pushed while a load is in flight: newer than what it returns. */
  #phasesDuringLoad: RunPhases | null = null;

  constructor(
    readonly runId: string,
    scheduler?: FrameScheduler,
  ) {
    this.#queue = new FrameQueue<StepPoint>((points) => {
      this.steps = appendSteps(this.steps, points);
    }, scheduler);
  }

  /** Fetches the run; events that arrived meanwhile are kept when they are newer than what it returns. */
  async load(client: StudioClient): Promise<void> {
    this.loading = true;
    this.error = null;
    this.loadStartedAt = Date.now();
    this.#phasesDuringLoad = {};
    try {
      const detail = await client.invoke('runs:get', { runId: this.runId });
      this.#queue.flush();
      const lastLoaded = detail.stepPoints.length > 0 ? detail.stepPoints[detail.stepPoints.length - 1].step : -Infinity;
      const newer = this.steps.filter((p) => p.step > lastLoaded);
      this.steps = appendSteps(detail.stepPoints, newer);
      let evaluations = [...detail.evaluations].sort((a, b) => a.step - b.step);
      for (const e of this.evaluations) if (!evaluations.some((d) => d.step === e.step)) evaluations = upsertByStep(evaluations, e);
      this.evaluations = evaluations;
      let samples = [...detail.samples].sort((a, b) => a.step - b.step);
      for (const s of this.samples) if (!samples.some((d) => d.step === s.step)) samples = upsertByStep(samples, s);
      this.samples = samples;
      this.phases = { ...detail.phases, ...this.#phasesDuringLoad };
      this.detail = { ...detail, stepPoints: [], evaluations: [], samples: [] };
      this.needsReload = false;
    } catch (error) {
      this.error = errorMessage(error);
      this.needsReload = true;
      throw error;
    } finally {
      this.loading = false;
      this.#phasesDuringLoad = null;
    }
  }

  pushSteps(points: readonly StepPoint[]): void {
    this.#queue.push(points);
  }

  /** Delivers queued step points now rather than at the next frame. */
  flush(): void {
    this.#queue.flush();
  }

  addEvaluation(point: EvaluationPoint, samples: SamplesAtStep): void {
    this.evaluations = upsertByStep(this.evaluations, point);
    this.samples = upsertByStep(this.samples, samples);
  }

  /** A run:phase event: the phases it names replace what was known of them. */
  addPhases(phases: RunPhases): void {
    this.phases = { ...this.phases, ...phases };
    if (this.#phasesDuringLoad) this.#phasesDuringLoad = { ...this.#phasesDuringLoad, ...phases };
  }

  /** Keeps the summary fields (name, status, steps…) in step with the run list. */
  applySummary(item: RunListItem): void {
    if (this.detail) this.detail = { ...this.detail, ...item };
  }

  get lastStep(): StepPoint | null {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1] : null;
  }

  get pendingPoints(): number {
    return this.#queue.size;
  }
}
