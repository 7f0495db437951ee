// Starts or resumes a training run in a run folder: prepares the data, builds or restores the
// model, trains, and records everything (run.json status, metrics.jsonl, samples.jsonl,
// checkpoints). The CLI calls it directly; the studio's engine process will call it too.
import { readdir, rm, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import pkg from '../../package.json';
import { RECOMMENDED_DECODING, resolveTrainConfig, type PresetName } from '../shared/config/presets';
import { TrainConfigSchema, type TrainConfig, type TrainConfigOverrides } from '../shared/config/train-config';
import { PairCodec } from '../shared/codec/pair-codec';
import { RUN_FILES, RunStore, type RunManifest } from '../services/runs/run-store';
import { getPythonSyntaxChecker } from '../services/python/syntax-check';
import { initBackend, type BackendInfo, type BackendPreference } from '../ml/backend';
import { makeModel } from '../ml/model/encoder-decoder';
import { latestCheckpoint, Trainer, type StopReason, type TrainerEvent } from '../ml/train/trainer';
import { prepareData, type DataOptions, type PreparedData } from './prepare-data';
import { makeReverseModel, reverseModelConfig } from '../ml/rerank/reverse-model';
import { openRun } from './open-run';
import { tuneRunReranker, type RerankerTuning } from './tune-reranker';
import { pretrainDecoder } from './pretrain-decoder';
import type { PretrainEvent } from '../shared/runs/pretraining';
import { describeError } from '../shared/api/errors';
import { configMemoryProblem, memoryLimitFor } from '../shared/config/memory-estimate';
import { isTemporaryName, writeFileAtomically } from '../files/atomic-write';
import { readJsonLines } from '../files/jsonl';
import { checkWritable } from '../files/writable-dir';

export interface TrainRunRequest {
  runDir: string;
  /** Required for a new run; a resumed run reads it from run.json. */
  data?: DataOptions;
  preset?: PresetName;
  overrides?: TrainConfigOverrides;
  /**
   * The resolved config of a new run, as the studio showed and checked it (it then wins over
   * preset + overrides, which only name the run). Validated again here: it crossed a process boundary.
   */
  config?: TrainConfig;
  /** Continue the run in runDir from its latest checkpoint. */
  resume?: boolean;
  /** Wall-clock limit for this call, in minutes, on top of the config's maxMinutes (the run's total). */
  maxMinutes?: number;
  backend?: BackendPreference;
  name?: string;
  onEvent?: (event: RunEvent) => void;
  shouldStop?: () => boolean;
  /** Awaited before every step: the engine lets a waiting generation run here. */
  betweenSteps?: () => Promise<void>;
}

export type RunEvent =
  | { type: 'prepared'; runDir: string; resumedFromStep: number | null; backend: BackendInfo; parameterCount: number; dataset: RunManifest['dataset']; sourceVocabulary: number; targetVocabulary: number; config: TrainConfig }
  | TrainerEvent
  | PretrainEvent
  /** After training (config.tuneReranker): candidates decoded for tuning the reranker so far. */
  | { type: 'reranker'; done: number; total: number }
  | { type: 'reranker-tuned'; settings: RerankerTuning['settings']; bleu: number; logProbBleu: number; seconds: number };

export interface TrainRunResult {
  runDir: string;
  reason: StopReason;
  manifest: RunManifest;
}

const FLUSH_EVERY_MS = 2000;

export async function trainRun(request: TrainRunRequest): Promise<TrainRunResult> {
  const store = new RunStore(request.runDir);
  const resuming = request.resume === true;
  if (resuming && !(await store.exists())) throw new Error(`Cannot resume: ${request.runDir} has no ${RUN_FILES.manifest}`);
  if (!resuming && (await store.exists())) {
    throw new Error(`${request.runDir} already holds a run; pass --resume to continue it or choose another --run-dir`);
  }
  // Before anything slow: a read-only or unwritable place fails now, in words.
  await checkWritable(request.runDir, 'The run folder');
  const backend = await initBackend(request.backend);

  let manifest: RunManifest;
  let data: PreparedData;
  let resumeFrom: string | null = null;
  if (resuming) {
    manifest = await store.readManifest();
    const stored = JSON.parse(JSON.stringify(manifest.config)) as TrainConfig;
    const config = resolveTrainConfig(manifest.preset as PresetName, { ...stored, ...request.overrides, model: stored.model });
    manifest = { ...manifest, config };
    data = await prepareData(manifest.dataOptions, config, PairCodec.fromJSON(await store.readCodec()));
    if (data.info.fingerprint !== manifest.dataset.fingerprint) {
      throw new Error(`${manifest.dataset.path} has changed since this run started (its pairs differ); start a new run to train on the new data`);
    }
    resumeFrom = await latestCheckpoint(store.checkpointsDir);
    await removeIncompleteCheckpoints(store.checkpointsDir);
    await removeTemporaryFiles(request.runDir);
  } else {
    if (!request.data) throw new Error('A new run needs a dataset (--data FILE)');
    const preset = request.preset ?? 'small';
    const config = request.config ? (Object.freeze(TrainConfigSchema.parse(request.config)) as TrainConfig) : resolveTrainConfig(preset, request.overrides);
    data = await prepareData(request.data, config);
    const now = new Date().toISOString();
    manifest = {
      format: 'code-studio-run', version: 1, name: request.name ?? `${preset} on ${data.info.path.split('/').pop()}`,
      createdAt: now, updatedAt: now, status: 'preparing', appVersion: pkg.version, preset, config,
      dataset: data.info, dataOptions: request.data, parameterCount: 0, backend: backend.label,
      summary: { steps: 0, epochs: 0, elapsedMs: 0, bestBleu: null, bestStep: null },
      ...(RECOMMENDED_DECODING[preset] ? { decoding: RECOMMENDED_DECODING[preset] } : {}),
    };
  }
  if (data.train.length === 0) throw new Error('No training pair fits the model: every code block is longer than maxTargetLength or does not tokenize');

  const config = manifest.config;
  const vocabulary = { sourceVocabSize: data.codec.source.size, targetVocabSize: data.codec.target.size };
  // The real longest batch, not the config's maxima: a run on short pairs fits where the worst case would not.
  const lengths = data.train.reduce(
    (most, e) => ({ sourceLength: Math.max(most.sourceLength, e.source.length), targetLength: Math.max(most.targetLength, e.target.length) }),
    { sourceLength: 1, targetLength: 1 },
  );
  const tooBig = configMemoryProblem(config, vocabulary, memoryLimitFor(backend.name, totalmem()), lengths);
  if (tooBig) throw new Error(tooBig);
  const model = makeModel({ ...config.model, sourceVocabSize: data.codec.source.size, targetVocabSize: data.codec.target.size }, config.seed);
  if (config.model.copy) model.copyInputTable = data.codec.copyInputTable();
  const reverse = config.reverseModel ? makeReverseModel(reverseModelConfig(config.model), model.shape, config.seed) : null;
  const checker = await getPythonSyntaxChecker();
  const trainer = new Trainer(model, config, { train: data.train, validation: data.validation, primary: data.primary }, {
    targetToCode: (ids, description) => data.codec.decodeTarget(ids, description),
    checkSyntax: (code) => checker.check(code).ok,
  }, reverse);
  if (resumeFrom) await trainer.restore(resumeFrom);
  // Without a checkpoint the resumed run starts over at step 0: its old lines must go too.
  if (resuming) await truncateMetricsAfter(store, trainer.progress.step);
  manifest.parameterCount = model.params.count();
  manifest.backend = backend.label;
  // The config is saved too: a resume may change maxSteps, evalEvery… and run.json must say what was trained.
  if (resuming) manifest = await store.update({ status: 'training', config, backend: backend.label, error: undefined });
  else {
    await store.create({ ...manifest, status: 'training' }, data.codec.toJSON());
    await writeFileAtomically(join(request.runDir, 'skipped.jsonl'), data.skipped.map((s) => JSON.stringify({ source: s.pair.source, reason: s.reason })).join('\n') + (data.skipped.length ? '\n' : ''));
  }
  request.onEvent?.({
    type: 'prepared', runDir: request.runDir, resumedFromStep: resumeFrom ? trainer.progress.step : null, backend,
    parameterCount: manifest.parameterCount, dataset: manifest.dataset, sourceVocabulary: data.codec.source.size,
    targetVocabulary: data.codec.target.size, config,
  });

  // Appends run one after another (concurrent appends to one file may land out of order) and are
  // all awaited before trainRun returns; a failed write surfaces there, not as an unhandled rejection.
  const pending: unknown[] = [];
  let lastFlush = Date.now();
  let writes: Promise<void> = Promise.resolve();
  const queue = (write: () => Promise<void>) => {
    writes = writes.then(write);
    writes.catch(() => {});
  };
  const queueFlush = () => {
    const lines = pending.splice(0);
    lastFlush = Date.now();
    queue(() => store.appendMetrics(lines));
  };
  const flush = async () => {
    queueFlush();
    await writes;
  };
  try {
    // ── Decoder pretraining (pretrain-decoder.ts), when config.pretrain asks for it: before the first
    // pair-training step, never redone. It spends this call's time first, so pair training goes on
    // with the request it returns (less time left; or stopping at once when pretraining did not finish).
    request = await pretrainDecoder({ request, store, config, codec: data.codec, model, backend, pairStep: trainer.progress.step });
    // ── end of decoder pretraining
    const reason = await trainer.run({
      checkpointsDir: store.checkpointsDir,
      maxMinutes: request.maxMinutes,
      shouldStop: request.shouldStop,
      betweenSteps: request.betweenSteps,
      // Metrics and samples up to a checkpoint's step reach the disk before the checkpoint does:
      // a run killed afterwards resumes from it with its history complete (issue 8, defect 6).
      beforeCheckpoint: flush,
      onEvent: (event) => {
        request.onEvent?.(event);
        if (event.type === 'step') {
          pending.push({ type: 'step', step: event.step, epoch: event.epoch, loss: event.loss, learningRate: event.learningRate, gradientNorm: event.gradientNorm, targetTokensPerSecond: event.targetTokensPerSecond, elapsedMs: event.elapsedMs });
        } else if (event.type === 'evaluation') {
          const { samples, ...scores } = event;
          pending.push(scores);
          queue(() => store.appendSamples([{ step: event.step, samples }]));
        }
        if (event.type === 'fine-tuning') queue(() => store.update({ fineTuning: { step: event.step, examples: event.examples } }).then(() => undefined));
        if (event.type === 'checkpoint') {
          // run.json says how far the run can resume from, so an interrupted run lists its real progress.
          const p = trainer.progress;
          const summary = { steps: p.step, epochs: p.epoch, elapsedMs: p.elapsedMs, bestBleu: p.bestBleu, bestStep: p.bestStep };
          queue(() => store.update({ summary }).then(() => undefined));
        }
        if (event.type === 'checkpoint' || event.type === 'evaluation' || Date.now() - lastFlush > FLUSH_EVERY_MS) queueFlush();
      },
    });
    await flush();
    const p = trainer.progress;
    // A paused run tunes when it finishes; tuning reads the best checkpoint, which is on disk now.
    const reranker = reason !== 'stopped' && config.tuneReranker ? await tuneAfterTraining(request, data) : undefined;
    manifest = await store.update({
      ...(reranker ? { decoding: reranker.settings, reranker: rerankerSummary(reranker) } : {}),
      status: reason === 'stopped' ? 'stopped' : 'completed',
      summary: { steps: p.step, epochs: p.epoch, elapsedMs: p.elapsedMs, bestBleu: p.bestBleu, bestStep: p.bestStep, stopReason: reason },
    });
    return { runDir: request.runDir, reason, manifest };
  } catch (error) {
    await flush().catch(() => {}); // the training error is the one to report
    await store.update({ status: 'failed', error: describeError(error) });
    throw error;
  } finally {
    trainer.dispose();
    model.dispose();
    reverse?.dispose();
  }
}

/** The reranker's weights, tuned on the validation split with the run's best checkpoint (tune-reranker.ts). */
async function tuneAfterTraining(request: TrainRunRequest, data: PreparedData): Promise<RerankerTuning> {
  const run = await openRun(request.runDir, { backend: request.backend });
  try {
    const checker = await getPythonSyntaxChecker();
    const pairs = data.validation.map((e) => ({ description: e.description, code: e.reference }));
    request.onEvent?.({ type: 'reranker', done: 0, total: pairs.length });
    const tuning = tuneRunReranker(run, pairs, (code) => checker.check(code).ok, (done, total) => request.onEvent?.({ type: 'reranker', done, total }));
    request.onEvent?.({ type: 'reranker-tuned', settings: tuning.settings, bleu: tuning.bleu, logProbBleu: tuning.logProbBleu, seconds: tuning.seconds });
    return tuning;
  } finally {
    run.dispose();
  }
}

function rerankerSummary(tuning: RerankerTuning): NonNullable<RunManifest['reranker']> {
  return { validationPairs: tuning.pairs, bleu: tuning.bleu, logProbBleu: tuning.logProbBleu, seconds: tuning.seconds };
}

/**
 * A process killed mid-checkpoint leaves a `step-N.tmp-…` folder (and a damaged disk may leave a
 * `step-N` without meta.json). Neither can be resumed from; left in place they would waste space
 * and count as kept checkpoints when old ones are pruned, so a good checkpoint could be deleted.
 */
async function removeIncompleteCheckpoints(checkpointsDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(checkpointsDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^step-\d+($|\.tmp-)/.test(name)) continue;
    const complete = !name.includes('.tmp-') && (await stat(join(checkpointsDir, name, 'meta.json')).then(() => true, () => false));
    if (!complete) await rm(join(checkpointsDir, name), { recursive: true, force: true });
  }
}

/** Temporary files of writes a killed process never finished (`run.json.tmp-…`). */
async function removeTemporaryFiles(runDir: string): Promise<void> {
  for (const name of await readdir(runDir)) {
    if (isTemporaryName(name)) await rm(join(runDir, name), { recursive: true, force: true });
  }
}

/**
 * After a resume, lines written after the checkpoint would be repeated: drop them. Lines are kept
 * once per (type, step), so a history that already holds a duplicate comes out clean. Replaced
 * atomically: a kill during the rewrite keeps the old file.
 */
async function truncateMetricsAfter(store: RunStore, step: number): Promise<void> {
  for (const file of [RUN_FILES.metrics, RUN_FILES.samples]) {
    const path = join(store.dir, file);
    const seen = new Set<string>();
    const kept = (await readJsonLines<{ step: number; type?: string }>(path)).filter((r) => {
      const key = `${r.type ?? 'evaluation'}:${r.step}`;
      if (r.step > step || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await writeFileAtomically(path, kept.map((r) => JSON.stringify(r)).join('\n') + (kept.length ? '\n' : ''));
  }
}
