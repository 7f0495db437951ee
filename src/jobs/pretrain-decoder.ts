// Decoder pretraining, the phase a run goes through before pair training when its config asks for
// it (TrainConfig.pretrain): the same EncoderDecoder trains on code windows of a corpus folder with
// an empty source (EOS alone), so the decoder, target embedding and generator learn Python; then
// pair training starts from those weights with a fresh optimizer and its own schedule.
// Resumable like a run: checkpoints in R/pretrain/checkpoints, R/pretrain/done.json once finished
// (never redone), run.json `pretraining` says what was read and how far it went.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, join } from 'node:path';
import type { PairCodec } from '../shared/codec/pair-codec';
import { configMemoryProblem, memoryLimitFor } from '../shared/config/memory-estimate';
import type { PretrainConfig } from '../shared/config/pretrain-config';
import type { TrainConfig } from '../shared/config/train-config';
import type { PretrainEvent, PretrainingInfo } from '../shared/runs/pretraining';
import type { RunStore } from '../services/runs/run-store';
import type { BackendInfo } from '../ml/backend';
import type { EncoderDecoder } from '../ml/model/encoder-decoder';
import { validationLoss } from '../ml/train/evaluate';
import { latestCheckpoint, loadWeights, Trainer } from '../ml/train/trainer';
import { isTemporaryName, writeFileAtomically, writeJsonAtomically } from '../files/atomic-write';
import { readPretrainCorpus } from './pretrain-corpus';
import type { TrainRunRequest } from './train-run';

export const PRETRAIN_DIR = 'pretrain';
const DONE_FILE = 'done.json';
/** "No step limit": pretraining by minutes alone. */
const UNLIMITED_STEPS = 100_000_000;

export interface PretrainPhase {
  request: TrainRunRequest;
  store: RunStore;
  config: TrainConfig;
  codec: PairCodec;
  model: EncoderDecoder;
  backend: BackendInfo;
  /** The step pair training starts from: past 0 it has checkpointed, so pretraining is long over. */
  pairStep: number;
}

interface DoneMarker {
  checkpoint: string;
  step: number;
}

/**
 * Pretrains (or finishes pretraining, or loads its finished weights) and returns the request pair
 * training goes on with: the same one when there is nothing to do; with what is left of this call's
 * time budget after pretraining; or one that stops at once when pretraining was paused or ran out
 * of this call's time (a resume continues it).
 */
export async function pretrainDecoder(phase: PretrainPhase): Promise<TrainRunRequest> {
  const { request, store, config, codec, model } = phase;
  const pretrain = config.pretrain;
  if (!pretrain || phase.pairStep > 0) return request;
  const emit = (event: PretrainEvent) => request.onEvent?.(event);
  const dir = join(store.dir, PRETRAIN_DIR);
  const checkpointsDir = join(dir, 'checkpoints');
  const done = await readDone(dir);
  if (done) {
    await loadWeights(model, join(checkpointsDir, done.checkpoint));
    emit({ type: 'pretrain', phase: 'already-done', step: done.step });
    return request;
  }

  const started = performance.now();
  const corpus = await readPretrainCorpus(pretrain.corpus, codec);
  const previous = (await store.readManifest()).pretraining;
  if (previous && previous.fingerprint !== corpus.summary.fingerprint) {
    throw new Error(`Pretraining corpus ${corpus.summary.folder} has changed since this run's pretraining started (its files differ); start a new run to pretrain on it`);
  }
  const longest = corpus.train.reduce((most, e) => Math.max(most, e.target.length), 1);
  const vocabulary = { sourceVocabSize: codec.source.size, targetVocabSize: codec.target.size };
  const tooBig = configMemoryProblem(config, vocabulary, memoryLimitFor(phase.backend.name, totalmem()), { sourceLength: 1, targetLength: longest });
  if (tooBig) throw new Error(`Pretraining: ${tooBig}`);
  await mkdir(checkpointsDir, { recursive: true });
  await removeTemporaryFiles(checkpointsDir);
  await writeFileAtomically(join(dir, 'skipped.jsonl'), corpus.skipped.map((s) => JSON.stringify(s) + '\n').join(''));

  const trainer = new Trainer(model, pretrainingConfig(config, pretrain), { train: corpus.train, validation: [] }, { targetToCode: () => '' });
  try {
    const from = await latestCheckpoint(checkpointsDir);
    if (from) await trainer.restore(from);
    const heldOut = () => (corpus.heldOut.length ? validationLoss(model, corpus.heldOut, config.batchSize) : null);
    const budget = { maxSteps: pretrain.steps ?? null, maxMinutes: pretrain.minutes ?? null };
    let info: PretrainingInfo = {
      ...corpus.summary, status: 'running', steps: trainer.progress.step, elapsedMs: trainer.progress.elapsedMs, ...budget,
      heldOutLoss: { before: from ? (previous?.heldOutLoss.before ?? null) : heldOut(), after: null },
    };
    await store.update({ pretraining: info });
    emit({ type: 'pretrain', phase: 'started', corpus: corpus.summary, resumedFromStep: from ? trainer.progress.step : null, ...budget });

    // run.json follows the checkpoints (one write at a time), so a stopped run says how far pretraining got.
    let writes: Promise<unknown> = Promise.resolve();
    const reason = await trainer.run({
      checkpointsDir,
      maxMinutes: request.maxMinutes,
      shouldStop: request.shouldStop,
      betweenSteps: request.betweenSteps,
      onEvent: (event) => {
        if (event.type === 'step') {
          const { type: _, epoch: __, gradientNorm: ___, ...step } = event;
          emit({ type: 'pretrain', phase: 'step', ...step, ...budget });
        } else if (event.type === 'checkpoint') {
          info = { ...info, steps: event.step, elapsedMs: trainer.progress.elapsedMs };
          const snapshot = info;
          writes = writes.then(() => store.update({ pretraining: snapshot }));
        }
      },
    });
    await writes;
    const p = trainer.progress;
    const finished = reason === 'max-steps' || (reason === 'time-limit' && pretrain.minutes !== undefined && p.elapsedMs >= pretrain.minutes * 60_000);
    info = { ...info, steps: p.step, elapsedMs: p.elapsedMs, status: finished ? 'done' : 'running', heldOutLoss: { ...info.heldOutLoss, after: finished ? heldOut() : null } };
    if (finished) {
      const last = await latestCheckpoint(checkpointsDir);
      if (!last) throw new Error('Pretraining finished without a checkpoint');
      await writeJsonAtomically(join(dir, DONE_FILE), { checkpoint: basename(last), step: p.step } satisfies DoneMarker);
    }
    await store.update({ pretraining: info });
    emit({ type: 'pretrain', phase: 'finished', done: finished, step: p.step, elapsedMs: p.elapsedMs, heldOutLoss: info.heldOutLoss });
    return continueAfter(request, finished, (performance.now() - started) / 60_000);
  } finally {
    trainer.dispose();
  }
}

/**
 * The run's config with pretraining's budget. No evaluation (there is nothing to translate, and
 * early stopping on a BLEU of nothing would end it at random); one checkpoint kept; no weight
 * average (pair training starts from the weights themselves, in this call or loaded on a resume).
 */
function pretrainingConfig(config: TrainConfig, pretrain: PretrainConfig): TrainConfig {
  return Object.freeze({
    ...config, maxSteps: pretrain.steps ?? UNLIMITED_STEPS, maxMinutes: pretrain.minutes ?? 0,
    evalEvery: UNLIMITED_STEPS, evalSamples: 1, patience: 0, keepCheckpoints: 1, averageDecay: 0, primaryWeight: 1, fineTuneMinutes: 0,
  });
}

function continueAfter(request: TrainRunRequest, finished: boolean, spentMinutes: number): TrainRunRequest {
  const stopNow = { ...request, shouldStop: () => true };
  if (!finished) return stopNow;
  if (request.maxMinutes === undefined || request.maxMinutes <= 0) return request;
  const left = request.maxMinutes - spentMinutes;
  return left > 0 ? { ...request, maxMinutes: left } : stopNow;
}

async function readDone(dir: string): Promise<DoneMarker | null> {
  try {
    const marker = JSON.parse(await readFile(join(dir, DONE_FILE), 'utf8')) as DoneMarker;
    await readFile(join(dir, 'checkpoints', marker.checkpoint, 'meta.json'));
    return marker;
  } catch {
    return null;
  }
}

/** What a killed checkpoint write leaves (`step-N.tmp-…`): never resumable, only in the way. */
async function removeTemporaryFiles(folder: string): Promise<void> {
  for (const name of await readdir(folder)) {
    if (isTemporaryName(name)) await rm(join(folder, name), { recursive: true, force: true });
  }
}
