// Opens a trained run for inference: reads run.json and tokenizer.json, rebuilds the model and
// loads the chosen checkpoint's weights (the best by validation BLEU unless told otherwise).
import { RunStore, type RunManifest } from '../services/runs/run-store';
import { PairCodec } from '../shared/codec/pair-codec';
import { initBackend, type BackendInfo, type BackendPreference } from '../ml/backend';
import { makeModel, type EncoderDecoder } from '../ml/model/encoder-decoder';
import { bestCheckpoint, latestCheckpoint, loadWeights } from '../ml/train/trainer';

export interface OpenedRun {
  dir: string;
  manifest: RunManifest;
  codec: PairCodec;
  model: EncoderDecoder;
  checkpoint: string;
  backend: BackendInfo;
  dispose(): void;
}

export async function openRun(runDir: string, options: { checkpoint?: 'best' | 'latest'; backend?: BackendPreference } = {}): Promise<OpenedRun> {
  const backend = await initBackend(options.backend);
  const store = new RunStore(runDir);
  const manifest = await store.readManifest();
  const codec = PairCodec.fromJSON(await store.readCodec());
  const checkpoint = options.checkpoint === 'latest' ? await latestCheckpoint(store.checkpointsDir) : await bestCheckpoint(store.checkpointsDir);
  if (!checkpoint) throw new Error(`${runDir} has no checkpoint yet: train it first (or wait for its first checkpoint)`);
  const model = makeModel({ ...manifest.config.model, sourceVocabSize: codec.source.size, targetVocabSize: codec.target.size }, manifest.config.seed);
  try {
    await loadWeights(model, checkpoint);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { dir: runDir, manifest, codec, model, checkpoint, backend, dispose: () => model.dispose() };
}
