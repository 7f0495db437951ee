// The studio's services behind the typed contract, shared by both shells (Electron IPC and the web
// shell): a handler for every request, and an event hub fed by the engine supervisor. Step events
// are batched to at most 10 per second per run; nothing is dropped, points arrive in batches. A
// run's other phases (decoder pretraining, fine-tuning, reranker tuning) go out as 'run:phase',
// their progress coalesced the same way (the newest state of each run per interval).
import { totalmem } from 'node:os';
import { configMemoryProblem, memoryLimitFor, worstCaseVocabulary } from '../../shared/config/memory-estimate';
import { resolveTrainConfig, PRESET_NAMES, type PresetName } from '../../shared/config/presets';
import type { TrainConfigOverrides } from '../../shared/config/train-config';
import type { RequestHandlers } from '../../shared/api/contract';
import type { EngineMessage } from '../../shared/api/engine-protocol';
import type { DatasetSummary, PresetInfo, RunDetail, RunPhases, StepPoint } from '../../shared/api/types';
import type { DatasetInfo } from '../../shared/dataset/versions';
import type { DataDir } from '../data-dir';
import { KeyedSerialQueue } from '../../shared/async/keyed-serial-queue';
import { EngineSupervisor, type SpawnEngine } from '../engine/engine-supervisor';
import { DatasetCatalog } from './dataset-catalog';
import { EventHub } from './event-hub';
import { RunCatalog } from './run-catalog';
import { playgroundHandlers } from '../playground/playground-handlers';
import { attentionHandler } from '../inspector/attention-handler';
import { RunStore } from '../runs/run-store';
import { checkStudioCorpus } from '../corpus/corpus-folder';
import { DatasetService } from '../datasets/dataset-service';
import { datasetHandlers } from '../datasets/dataset-handlers';
import type { RunDataOptions } from '../../shared/runs/run-data';
import { DEFAULT_SPLIT_FRACTIONS } from '../../shared/dataset/split';
import { join } from 'node:path';
import { extraTrainingFiles, resolveExtraTraining, STORED_PREFIX } from './extra-training';
import { applyPhaseEvent, isPhaseEvent, isProgress, type PhaseEvent } from './run-phases';

export interface StudioOptions {
  dataDir: DataDir;
  resourcesDir: string;
  /** Folders with the machine's shared real datasets (read in place), e.g. ../shared/data. */
  sharedDataDirs?: string[];
  spawnEngine: SpawnEngine;
  mode: 'desktop' | 'web';
  version: string;
  /** Largest file the web shell accepts for import (default 1 GB). */
  maxUploadBytes?: number;
  /** Desktop: where to save an exported dataset version (the app's save dialog); null when the user cancels. */
  chooseSavePath?: (fileName: string, format: 'jsonl' | 'csv') => Promise<string | null>;
}

const STEP_FLUSH_MS = 100;

function storedSummary(dataset: DatasetInfo): DatasetSummary {
  const version = dataset.head.name ?? dataset.head.label;
  return {
    id: STORED_PREFIX + dataset.id, name: dataset.name, path: '', builtIn: false, pairs: dataset.head.pairCount,
    stored: {
      datasetId: dataset.id, versionId: dataset.head.id, versionLabel: version, contentHash: dataset.head.contentHash,
      splitByQuestion: dataset.head.split?.groupBy === 'group',
    },
  };
}

/**
 * A file run is split as the CLI splits it: pairs of one question (CoNaLa's question_id) stay in
 * one split, so held-out scores are honest; a file without question ids splits by description.
 */
const FILE_SPLIT = { fractions: { ...DEFAULT_SPLIT_FRACTIONS }, salt: '', groupBy: 'group' } as const;

/** The first-launch quick run: visible learning on the sample within minutes on any backend. */
export const QUICK_RUN_OVERRIDES: TrainConfigOverrides = { maxSteps: 1200, evalEvery: 100, evalSamples: 24, checkpointEvery: 100 };

const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  tiny: 'Seconds per hundred steps: for trying the studio and for tests.',
  small: 'Trains well on a laptop CPU in minutes to an hour.',
  seed: 'The model of the seed English→Python projects (dModel 256, 3+3 layers, 8 heads).',
  conala: 'The CoNaLa recipe: quoted names as slots, copy attention, dModel 256, 3+3 layers; an hour. Train on CoNaLa (and CoNaLa-Large) split by question.',
};

export interface Studio {
  handlers: RequestHandlers;
  events: EventHub;
  supervisor: EngineSupervisor;
  /** Uploads for import and download tickets (the web shell streams request bodies and files here). */
  datasets: DatasetService;
  dispose(): Promise<void>;
}

export function createStudio(options: StudioOptions): Studio {
  const events = new EventHub();
  const datasets = new DatasetCatalog(options.resourcesDir, options.sharedDataDirs ?? []);
  const stored = new DatasetService({
    dataDir: options.dataDir, catalog: datasets, mode: options.mode, maxUploadBytes: options.maxUploadBytes,
    chooseSavePath: options.chooseSavePath,
    onProgress: (p) => events.emit('datasets:progress', p), onAnalysis: (p) => events.emit('datasets:analysis', p),
  });
  const pendingSteps = new Map<string, StepPoint[]>();
  /** Each run's phases as its engine events told them since the studio started (run.json has the rest). */
  const livePhases = new Map<string, RunPhases>();
  /** Runs whose phases changed since the last 'run:phase' sent for them. */
  const changedPhases = new Set<string>();
  /** When each run's reranker tuning began (its progress events carry no time). */
  const tuningSince = new Map<string, number>();
  let flushTimer: NodeJS.Timeout | null = null;
  const flushSteps = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    for (const [runId, points] of pendingSteps) events.emit('run:steps', { runId, points });
    pendingSteps.clear();
    for (const runId of changedPhases) {
      const phases = livePhases.get(runId);
      if (phases) events.emit('run:phase', { runId, phases });
    }
    changedPhases.clear();
  };

  function onPhase(runId: string, event: PhaseEvent): void {
    const now = Date.now();
    if (event.type === 'reranker' && event.done === 0) tuningSince.set(runId, now);
    const before = livePhases.get(runId) ?? {};
    const after = applyPhaseEvent(before, event, now - (tuningSince.get(runId) ?? now));
    if (after === before) return;
    livePhases.set(runId, after);
    changedPhases.add(runId);
    if (isProgress(event)) flushTimer ??= setTimeout(flushSteps, STEP_FLUSH_MS);
    else flushSteps(); // a phase begins or ends: now, after the steps that came before it
  }

  /** The run stopped (finished, failed, paused, crashed): a tuning it did not finish is no phase of it. */
  function endPhases(runId: string): void {
    tuningSince.delete(runId);
    const phases = livePhases.get(runId);
    if (phases?.reranker?.status === 'tuning') {
      const { reranker: _, ...rest } = phases;
      livePhases.set(runId, rest);
    }
  }

  const supervisor: EngineSupervisor = new EngineSupervisor(options.spawnEngine, {
    status: (status) => events.emit('engine:status', status),
    message: (message) => void onEngineMessage(message),
    crashed: (runId, message) => {
      endPhases(runId);
      void announce(runId, message);
    },
  });
  const runs = new RunCatalog(options.dataDir.runs, (id) => supervisor.isActive(id));
  // Runs accepted but not yet on disk (the engine is loading and cleaning their data).
  const preparing = new Map<string, RunDetail>();
  /** When each preparing run was asked for, to record how long its preparation took. */
  const preparingSince = new Map<string, number>();
  const runOperations = new KeyedSerialQueue();

  async function announce(runId: string, error?: string): Promise<void> {
    flushSteps();
    const pending = preparing.get(runId);
    preparing.delete(runId);
    if (error) preparingSince.delete(runId);
    if (pending && error) {
      events.emit('run:status', { runId, status: 'failed', error, run: { ...pending, status: 'failed', error } });
      return;
    }
    try {
      const run = await runs.item(runId);
      events.emit('run:status', { runId, status: run.status, run, ...(error ? { error } : run.error ? { error: run.error } : {}) });
    } catch {
      events.emit('run:status', { runId, status: 'failed', error: error ?? 'The run could not be read' });
    }
  }

  /** Keeps how long a new run took to prepare in its run.json, for the next run's estimate. */
  async function recordPreparation(runId: string): Promise<void> {
    const since = preparingSince.get(runId);
    preparingSince.delete(runId);
    if (since === undefined) return; // a resume: its preparation is not a new run's
    await new RunStore(runs.dirOf(runId)).update({ preparedInMs: Date.now() - since }).catch(() => {});
  }

  async function onEngineMessage(message: EngineMessage): Promise<void> {
    switch (message.type) {
      case 'run-event': {
        const e = message.event;
        if (e.type === 'step') {
          const { type: _, ...point } = e;
          const list = pendingSteps.get(message.runId) ?? [];
          list.push(point);
          pendingSteps.set(message.runId, list);
          flushTimer ??= setTimeout(flushSteps, STEP_FLUSH_MS);
        } else if (e.type === 'evaluation') {
          flushSteps();
          const { type: _, samples, ...scores } = e;
          events.emit('run:evaluation', {
            runId: message.runId,
            point: { ...scores, syntaxValid: Number.isFinite(scores.syntaxValid) ? scores.syntaxValid : null },
            samples: { step: e.step, samples },
          });
        } else if (e.type === 'prepared') {
          await recordPreparation(message.runId);
          await announce(message.runId);
        } else if (isPhaseEvent(e)) {
          onPhase(message.runId, e);
        }
        break;
      }
      case 'run-finished':
        endPhases(message.runId);
        await announce(message.runId);
        break;
      case 'run-failed':
        endPhases(message.runId);
        if (preparing.has(message.runId)) await runs.releaseReservation(message.runId).catch(() => {});
        await announce(message.runId, message.error.message);
        break;
      case 'command-rejected':
        // The supervisor refuses a second train command before it reaches the engine; should one
        // get through anyway, only the refused run hears about it, never the one training.
        if (supervisor.isActive(message.runId)) break;
        if (preparing.has(message.runId)) await runs.releaseReservation(message.runId).catch(() => {});
        await announce(message.runId, message.error.message);
        break;
      case 'ready':
        break;
    }
  }

  const existingRunDir = async (runId: string) => {
    const dir = runs.dirOf(runId);
    if (!(await new RunStore(dir).exists())) throw Object.assign(new Error(`There is no run ${runId} (deleted, or not prepared yet)`), { code: 'not-found' });
    return dir;
  };
  const playground = playgroundHandlers({ supervisor, events, runDir: existingRunDir });

  const handlers: RequestHandlers = {
    'app:info': async () => ({ version: options.version, mode: options.mode, dataDir: options.dataDir.root, engine: supervisor.status }),
    'config:presets': async () =>
      PRESET_NAMES.map((name): PresetInfo => ({ name, description: PRESET_DESCRIPTIONS[name], config: resolveTrainConfig(name) })),
    // Files first (the built-in sample is the first-launch choice), then the user's datasets.
    'datasets:list': async () => [...await datasets.list(), ...await stored.datasets().then((list) => list.map(storedSummary), () => [])],
    ...datasetHandlers(stored),
    'runs:list': async () => {
      const onDisk = await runs.list();
      const pending = [...preparing.values()].filter((p) => !onDisk.some((r) => r.id === p.id));
      return [...pending, ...onDisk];
    },
    'runs:get': async ({ runId }) => {
      const pending = preparing.get(runId);
      if (pending) return pending;
      const detail = await runs.detail(runId);
      const live = livePhases.get(runId);
      // The live phases are newer than run.json's (written at checkpoints).
      return live ? { ...detail, phases: { ...detail.phases, ...live } } : detail;
    },
    'runs:start': async ({ datasetId, versionId, extraTraining = [], preset, overrides, name, quick }) => {
      const startedAt = Date.now();
      const storedId = datasetId.startsWith(STORED_PREFIX) ? datasetId.slice(STORED_PREFIX.length) : null;
      const dataset = storedId ? storedSummary((await stored.detail(storedId)).dataset) : await datasets.get(datasetId);
      // Resolved before anything is reserved: an unknown id fails the start, and no run folder is left behind.
      const extras = await resolveExtraTraining({ datasetId: dataset.id, versionId }, extraTraining, datasets, stored);
      const merged: TrainConfigOverrides = quick ? { ...QUICK_RUN_OVERRIDES, ...overrides } : (overrides ?? {});
      const config = resolveTrainConfig(preset as PresetName, merged); // reject a bad config now, with the field's name
      if (config.pretrain) await checkStudioCorpus(config.pretrain.corpus, options.mode); // web mode: the standard library only
      // A model that cannot fit is refused now, not after minutes of data preparation (the engine
      // checks again with the real vocabulary sizes).
      const backend = supervisor.status.backend;
      const tooBig = backend ? configMemoryProblem(config, worstCaseVocabulary(config), memoryLimitFor(backend, totalmem())) : null;
      if (tooBig) throw Object.assign(new Error(tooBig), { code: 'too-large' });
      const runId = await runs.reserveRunId(`${preset}-${dataset.id}`);
      const runName = name ?? (quick ? `Quick run on ${dataset.name}` : `${preset} on ${dataset.name}`);
      let data: RunDataOptions;
      try {
        const runDir = runs.dirOf(runId);
        data = storedId ? await stored.dataForRun(storedId, versionId, join(runDir, 'dataset.jsonl')) : { path: dataset.path, split: FILE_SPLIT };
        if (extras.length) data = { ...data, extraTraining: await extraTrainingFiles(extras, runDir, stored) };
        supervisor.send({ type: 'train', runId, runDir, data, preset, config, name: runName, resume: false });
      } catch (error) {
        await runs.releaseReservation(runId);
        throw error;
      }
      const now = new Date().toISOString();
      const placeholder: RunDetail = {
        id: runId, name: runName, status: 'preparing', preset, datasetName: dataset.name, ...(data.version ? { datasetVersion: data.version } : {}), createdAt: now, updatedAt: now, steps: 0,
        maxSteps: config.maxSteps, elapsedMs: 0, bestBleu: null, bestExactMatch: null, parameterCount: 0,
        backend: supervisor.status.backend ?? '', config, stepPoints: [], evaluations: [], samples: [], checkpoints: [],
      };
      preparing.set(runId, placeholder);
      preparingSince.set(runId, startedAt);
      events.emit('run:status', { runId, status: 'preparing', run: placeholder });
      return { runId };
    },
    'runs:pause': async ({ runId }) => {
      if (!supervisor.isActive(runId)) throw new Error('This run is not training');
      supervisor.send({ type: 'pause', runId });
      return { ok: true };
    },
    // Resume and delete of one run take turns, so a delete can never remove a folder the engine
    // has just started writing into.
    'runs:resume': ({ runId }) =>
      runOperations.run(runId, async () => {
        const run = await runs.item(runId);
        if (run.status === 'training' || run.status === 'preparing') throw new Error('This run is already training');
        if (run.status === 'completed' && run.steps >= run.maxSteps) throw new Error('This run has finished all its steps');
        supervisor.send({ type: 'train', runId, runDir: runs.dirOf(runId), resume: true });
        events.emit('run:status', { runId, status: 'preparing', run: { ...run, status: 'preparing' } });
        return { ok: true as const };
      }),
    'runs:rename': ({ runId, name }) => runs.rename(runId, name),
    'runs:delete': ({ runId }) =>
      runOperations.run(runId, async () => {
        await runs.delete(runId);
        livePhases.delete(runId);
        playground.forget(runs.dirOf(runId));
        return { ok: true as const };
      }),
    'playground:generate': playground['playground:generate'],
    'playground:cancel': playground['playground:cancel'],
    'playground:inspect': playground['playground:inspect'],
    'playground:history': playground['playground:history'],
    'playground:entry': playground['playground:entry'],
    'playground:export': playground['playground:export'],
    'python:check': playground['python:check'],
    'attention:inspect': attentionHandler(supervisor, existingRunDir),
  };

  supervisor.start();
  return {
    handlers,
    events,
    supervisor,
    datasets: stored,
    dispose: async () => {
      if (flushTimer) clearTimeout(flushTimer);
      await supervisor.stop();
      await stored.close();
    },
  };
}

