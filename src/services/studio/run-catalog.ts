// The runs of a data directory as the studio shows them: list, detail (metrics, samples,
// checkpoints), rename, delete. Reads run folders written by the engine (src/jobs); a run whose
// manifest says "training" while no engine trains it was interrupted (crash, kill) and can resume.
// A new run's id is reserved by creating its folder (mkdir fails if it exists), so two starts in
// the same minute never share an id.
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EvaluationPoint, ExtraTrainingSummary, RunDetail, RunListItem, RunPhases, RunState, SamplesAtStep, StepPoint } from '../../shared/api/types';
import { checkpointsByStep } from '../../shared/runs/checkpoint-name';
import { isRunId, runIdProblem, slugForRunId } from '../../shared/runs/run-id';
import { RunStore, type RunManifest } from '../runs/run-store';
import { phasesFromManifest } from './run-phases';

export class RunCatalog {
  private readonly root: string;

  constructor(readonly runsDir: string, private readonly isActive: (runId: string) => boolean) {
    this.root = resolve(runsDir);
  }

  /** The folder of a run: always a direct child of the runs folder, whatever the id says. */
  dirOf(runId: string): string {
    const problem = runIdProblem(runId);
    if (problem) throw Object.assign(new Error(`"${String(runId).slice(0, 130)}" is not a run id: ${problem}`), { code: 'invalid-arguments' });
    const dir = resolve(this.root, runId);
    if (dirname(dir) !== this.root) throw Object.assign(new Error(`"${runId}" does not name a folder inside the runs folder`), { code: 'invalid-arguments' });
    return dir;
  }

  /**
   * Reserves a new run id by creating its folder: date + short name, e.g. 20261121-2210-tiny-sample,
   * with -2, -3… when taken. Atomic across concurrent starts (and processes): mkdir fails on EEXIST.
   */
  async reserveRunId(label: string): Promise<string> {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '').replace(/^(\d{8})(\d{4})$/, '$1-$2');
    const base = `${stamp}-${slugForRunId(label) || 'run'}`;
    await mkdir(this.root, { recursive: true });
    for (let i = 1; ; i++) {
      const id = i === 1 ? base : `${base}-${i}`;
      try {
        await mkdir(this.dirOf(id));
        return id;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }

  /** Gives back a reserved id whose run never reached the disk (its start failed): removes the empty folder. */
  async releaseReservation(runId: string): Promise<void> {
    const store = new RunStore(this.dirOf(runId));
    if (await store.exists()) return;
    await rm(store.dir, { recursive: true, force: true });
  }

  async list(): Promise<RunListItem[]> {
    const items: RunListItem[] = [];
    for (const id of await this.ids()) {
      try {
        items.push(await this.item(id));
      } catch {
        /* a folder without a readable run.json (being created, or not a run) is not listed */
      }
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async item(runId: string): Promise<RunListItem> {
    const store = new RunStore(this.dirOf(runId));
    const manifest = await store.readManifest();
    const metrics = await store.readMetrics<{ type?: string; step: number; elapsedMs?: number; bleu?: number; exactMatch?: number }>();
    const evaluations = metrics.filter((m) => m.type !== 'step');
    // Only an interrupted run needs its checkpoints read (to say where it resumes): not every list row.
    const active = this.isActive(runId);
    const newest = displayState(manifest, active) === 'interrupted' ? ((await listCheckpoints(store)).at(-1)?.step ?? 0) : 0;
    return toListItem(runId, manifest, active, evaluations, newest, evaluationMs(metrics));
  }

  async detail(runId: string): Promise<RunDetail> {
    const store = new RunStore(this.dirOf(runId));
    const manifest = await store.readManifest();
    const metrics = await store.readMetrics<Record<string, unknown> & { type?: string; step: number }>();
    const stepPoints = metrics.filter((m) => m.type === 'step') as unknown as StepPoint[];
    const evaluations = metrics.filter((m) => m.type !== 'step').map(toEvaluationPoint);
    const samples = (await store.readSamples<SamplesAtStep>()).filter((s) => Array.isArray(s.samples));
    const best = manifest.summary.bestStep;
    const checkpoints = await listCheckpoints(store);
    return {
      ...toListItem(runId, manifest, this.isActive(runId), evaluations, checkpoints.at(-1)?.step ?? 0, evaluationMs(metrics)),
      config: manifest.config,
      ...withPhases(phasesFromManifest(manifest)),
      stepPoints,
      evaluations,
      samples,
      checkpoints: checkpoints.map(({ name, step }) => ({ name, step, best: step === best })),
    };
  }

  async rename(runId: string, name: string): Promise<RunListItem> {
    await new RunStore(this.dirOf(runId)).update({ name });
    return this.item(runId);
  }

  async delete(runId: string): Promise<void> {
    if (this.isActive(runId)) throw new Error('This run is training: pause it before deleting it');
    const store = new RunStore(this.dirOf(runId));
    await store.readManifest(); // refuse to delete a folder that is not a run
    // Never follow a link out of the runs folder: the id's folder itself must be a real directory.
    if (!(await lstat(store.dir)).isDirectory()) throw new Error(`${store.dir} is not a run folder`);
    await rm(store.dir, { recursive: true, force: true });
  }

  private async ids(): Promise<string[]> {
    try {
      return (await readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory() && isRunId(d.name)).map((d) => d.name);
    } catch {
      return [];
    }
  }
}

function withPhases(phases: RunPhases): { phases?: RunPhases } {
  return Object.keys(phases).length > 0 ? { phases } : {};
}

function toEvaluationPoint(m: Record<string, unknown>): EvaluationPoint {
  const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
  return {
    step: num(m.step),
    elapsedMs: num(m.elapsedMs),
    validationLoss: num(m.validationLoss),
    bleu: num(m.bleu),
    exactMatch: num(m.exactMatch),
    syntaxValid: typeof m.syntaxValid === 'number' ? m.syntaxValid : null,
  };
}

/**
 * How long one evaluation takes: its record's elapsedMs minus that of the step it follows (the
 * trainer evaluates right after the step's record). The median, so a first evaluation slowed by
 * warm-up does not decide it.
 */
export function evaluationMs(metrics: readonly { type?: string; step: number; elapsedMs?: number }[]): number | null {
  const stepAt = new Map<number, number>();
  for (const m of metrics) if (m.type === 'step' && typeof m.elapsedMs === 'number') stepAt.set(m.step, m.elapsedMs);
  const durations: number[] = [];
  for (const m of metrics) {
    const before = m.type !== 'step' ? stepAt.get(m.step) : undefined;
    if (before !== undefined && typeof m.elapsedMs === 'number' && m.elapsedMs >= before) durations.push(m.elapsedMs - before);
  }
  if (durations.length === 0) return null;
  durations.sort((a, b) => a - b);
  const mid = durations.length >> 1;
  return durations.length % 2 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
}

function extraTrainingOf(manifest: RunManifest): ExtraTrainingSummary[] | undefined {
  const extra = manifest.dataset?.extraTraining;
  if (!extra?.length) return undefined;
  return extra.map((e) => ({ name: e.path.split(/[\\/]/).pop() ?? e.path, pairs: e.pairs, added: e.added, duplicates: e.duplicates, leaks: e.leaks }));
}

function displayState(manifest: RunManifest, active: boolean): RunState {
  if (active) return manifest.status === 'preparing' ? 'preparing' : 'training';
  switch (manifest.status) {
    case 'training':
    case 'preparing':
      return 'interrupted';
    case 'stopped':
      return 'paused';
    default:
      return manifest.status;
  }
}

/** The run's complete checkpoints, oldest first. */
async function listCheckpoints(store: RunStore): Promise<{ name: string; step: number }[]> {
  try {
    return checkpointsByStep(await readdir(store.checkpointsDir));
  } catch {
    return [];
  }
}

function toListItem(
  id: string, manifest: RunManifest, active: boolean, evaluations: { bleu?: number; exactMatch?: number }[], newestCheckpoint: number, evaluation: number | null,
): RunListItem {
  const exact = evaluations.map((e) => e.exactMatch).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const status = displayState(manifest, active);
  const extraTraining = extraTrainingOf(manifest);
  return {
    id,
    name: manifest.name,
    status,
    preset: manifest.preset,
    datasetName: manifest.dataOptions.version?.datasetName ?? manifest.dataset.path.split(/[\\/]/).pop() ?? manifest.dataset.path,
    ...(manifest.dataOptions.version ? { datasetVersion: manifest.dataOptions.version } : {}),
    ...(extraTraining ? { extraTraining } : {}),
    timing: {
      prepareMs: typeof manifest.preparedInMs === 'number' ? manifest.preparedInMs : null,
      evaluationMs: evaluation,
      rerankerMs: typeof manifest.reranker?.seconds === 'number' ? manifest.reranker.seconds * 1000 : null,
    },
    config: manifest.config,
    createdAt: manifest.createdAt,
    updatedAt: manifest.updatedAt,
    // An interrupted run is as far as its newest checkpoint, even if run.json was not updated after it.
    steps: status === 'interrupted' ? Math.max(manifest.summary.steps, newestCheckpoint) : manifest.summary.steps,
    maxSteps: manifest.config.maxSteps,
    elapsedMs: manifest.summary.elapsedMs,
    bestBleu: manifest.summary.bestBleu,
    bestExactMatch: exact.length ? Math.max(...exact) : null,
    parameterCount: manifest.parameterCount,
    backend: manifest.backend,
    ...(manifest.error ? { error: manifest.error } : {}),
  };
}
