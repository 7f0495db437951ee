// Dataset file → cleaned pairs → deterministic split → codec (training split only) → encoded
// examples. Used when a run starts and again when it resumes (the fingerprint proves the data
// is the same).
import type { TrainConfig } from '../shared/config/train-config';
import { PairCodec } from '../shared/codec/pair-codec';
import { prepareExamples, type PreparedExample, type SkippedPair } from '../shared/codec/prepare-examples';
import type { CleanReport } from '../shared/dataset/clean';
import { fnv1a64 } from '../shared/dataset/hash';
import type { ImportReport, Pair } from '../shared/dataset/pair';
import type { ExtraTrainingInfo } from '../shared/runs/run-data';
import { splitPairs, type DatasetSplit } from '../shared/dataset/split';
import { loadDataset } from '../services/datasets/load-dataset';
import { LeakIndex } from '../shared/dataset/leak-check';
import { pairKey } from '../shared/dataset/normalize';
import type { RunDataOptions, RunDatasetInfo } from '../services/runs/run-store';
import type { ValidationExample } from '../ml/train/evaluate';

export type DataOptions = RunDataOptions;

export interface PreparedData {
  info: RunDatasetInfo;
  split: DatasetSplit;
  codec: PairCodec;
  train: PreparedExample[];
  validation: ValidationExample[];
  /** Indices into `train` of the first file's examples, when other files added pairs. */
  primary?: number[];
  skipped: SkippedPair[];
  importReport: ImportReport;
  cleanReport?: CleanReport;
}

export async function loadSplit(options: DataOptions) {
  // Training data is cleaned with the defaults unless the caller says otherwise; code that does
  // not parse is kept but flagged (the model may still learn from near-Python).
  // loadDataset refuses a file with no pairs, saying why (empty, every record rejected, all cleaned away).
  const loaded = await loadDataset(options.path, { ...options.import, clean: options.clean ?? true });
  const split = splitPairs(loaded.pairs, options.split ?? { salt: options.splitSalt });
  const extra: ExtraTrainingInfo[] = [];
  const added: Pair[] = [];
  if (options.extraTraining?.length) {
    const heldOut = new LeakIndex();
    [...split.validation, ...split.test].forEach((pair, id) => heldOut.add({ id, description: pair.description, code: pair.code }));
    const kept = new Set(split.train.map((pair) => pairKey(pair.description, pair.code)));
    for (const file of options.extraTraining) {
      const more = await loadDataset(file.path, { ...file.import, clean: file.clean ?? options.clean ?? true });
      const info: ExtraTrainingInfo = { path: file.path, pairs: more.pairs.length, added: 0, duplicates: 0, leaks: 0 };
      for (const pair of more.pairs) {
        const key = pairKey(pair.description, pair.code);
        if (kept.has(key)) info.duplicates++;
        else if (heldOut.match({ id: -1, description: pair.description, code: pair.code })) info.leaks++;
        else {
          kept.add(key);
          added.push(pair);
          info.added++;
        }
      }
      extra.push(info);
    }
  }
  // The first file's training pairs, before the added ones join them (weighted mixing, fine-tuning).
  const primaryTrain = new Set(split.train);
  split.train.push(...added);
  const fingerprint = fnv1a64([...loaded.pairs, ...added].map((p) => p.id).join('\n'));
  return { loaded, split, extra, fingerprint, primaryTrain };
}


export async function prepareData(options: DataOptions, config: TrainConfig, existingCodec?: PairCodec): Promise<PreparedData> {
  const { loaded, split, extra, fingerprint, primaryTrain } = await loadSplit(options);
  if (split.train.length === 0) throw new Error(`${options.path}: the training split is empty (${loaded.pairs.length} pairs in all)`);
  const codec = existingCodec ?? PairCodec.build(split.train, {
    splitStrings: config.splitStrings,
    slots: config.slots,
    copy: config.model.copy,
    maxSourceLength: config.model.maxSourceLength,
    maxTargetLength: config.model.maxTargetLength,
    minFrequency: config.minFrequency,
    maxVocabulary: config.maxVocabulary,
  });
  const train = prepareExamples(codec, split.train);
  const validation = prepareExamples(codec, split.validation);
  return {
    info: {
      path: options.path,
      format: loaded.importReport.format,
      fingerprint,
      pairs: loaded.pairs.length,
      train: train.examples.length,
      validation: validation.examples.length,
      test: split.test.length,
      skipped: train.skipped.length + validation.skipped.length,
      ...(extra.length ? { extraTraining: extra } : {}),
    },
    split,
    codec,
    train: train.examples,
    ...(extra.length ? { primary: train.examples.flatMap((e, i) => (primaryTrain.has(e.pair) ? [i] : [])) } : {}),
    validation: validation.examples.map((e) => ({ ...e, description: e.pair.description, reference: e.pair.code })),
    skipped: [...train.skipped, ...validation.skipped],
    importReport: loaded.importReport,
    cleanReport: loaded.cleanReport,
  };
}
