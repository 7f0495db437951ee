// Opens a trained run for inference: reads run.json and tokenizer.json, rebuilds the model and
// loads the chosen checkpoint's weights (the best by validation BLEU unless told otherwise).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunStore, type RunManifest } from '../services/runs/run-store';
import type { CheckpointChoice } from '../shared/generation/generation';
import { PairCodec } from '../shared/codec/pair-codec';
import { initBackend, type BackendInfo, type BackendPreference } from '../ml/backend';
import { makeModel, type EncoderDecoder } from '../ml/model/encoder-decoder';
import { bestCheckpoint, latestCheckpoint, loadWeights, REVERSE_PREFIX } from '../ml/train/trainer';
import { makeReverseModel, reverseModelConfig } from '../ml/rerank/reverse-model';

export interface OpenedRun {
  dir: string;
  manifest: RunManifest;
  codec: PairCodec;
  model: EncoderDecoder;
  checkpoint: string;
  backend: BackendInfo;
  /** The run's reverse model (config.reverseModel: code → description, for reranking), when it trained one. */
  reverse?: EncoderDecoder;
  dispose(): void;
}

export interface OpenRunOptions {
  checkpoint?: CheckpointChoice;
  backend?: BackendPreference;
  /** false: the trained weights even when the run kept a moving average (which is the default). */
  averaged?: boolean;
}

export async function openRun(runDir: string, options: OpenRunOptions = {}): Promise<OpenedRun> {
  const backend = await initBackend(options.backend);
  const store = new RunStore(runDir);
  const manifest = await store.readManifest();
  const codec = PairCodec.fromJSON(await store.readCodec());
  const checkpoint = await resolveCheckpoint(store.checkpointsDir, options.checkpoint ?? 'best');
  const model = makeModel({ ...manifest.config.model, sourceVocabSize: codec.source.size, targetVocabSize: codec.target.size }, manifest.config.seed);
  if (manifest.config.model.copy) model.copyInputTable = codec.copyInputTable();
  const reverse = manifest.config.reverseModel ? makeReverseModel(reverseModelConfig(manifest.config.model), model.shape, manifest.config.seed) : undefined;
  const dispose = () => {
    model.dispose();
    reverse?.dispose();
  };
  try {
    await loadWeights(model, checkpoint, { averaged: options.averaged });
    if (reverse) await loadWeights(reverse, checkpoint, { averaged: options.averaged, prefix: REVERSE_PREFIX });
  } catch (error) {
    dispose();
    throw error;
  }
  return { dir: runDir, manifest, codec, model, checkpoint, backend, ...(reverse ? { reverse } : {}), dispose };
}

/** best / latest / a step folder → the checkpoint's path; a clear error when there is none. */
export async function resolveCheckpoint(checkpointsDir: string, choice: CheckpointChoice): Promise<string> {
  if (choice === 'best' || choice === 'latest') {
    // A run still training has no best until its first evaluation: fall back to its newest checkpoint.
    const found = (choice === 'best' ? await bestCheckpoint(checkpointsDir) : null) ?? (await latestCheckpoint(checkpointsDir));
    if (!found) throw Object.assign(new Error('This run has no checkpoint yet: train it first (or wait for its first checkpoint)'), { code: 'no-checkpoint' });
    return found;
  }
  if (!/^step-\d{6,}$/.test(choice)) throw new Error(`"${choice}" is not a checkpoint name (step-NNNNNN)`);
  const path = join(checkpointsDir, choice);
  try {
    await readFile(join(path, 'meta.json'), 'utf8');
  } catch {
    throw Object.assign(new Error(`Checkpoint ${choice} is not in this run (it may have been pruned; pick another)`), { code: 'no-checkpoint' });
  }
  return path;
}
