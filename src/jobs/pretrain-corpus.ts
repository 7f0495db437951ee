// A pretraining corpus as examples for one run: every *.py file of the folder (bounded, see
// services/corpus/python-files.ts), read like training code, cut into windows that fit the run's
// maxTargetLength, encoded with the run's target vocabulary. Every file left out is listed with its
// reason; every hundredth window is held out to measure what pretraining taught.
import type { PairCodec, EncodedExample } from '../shared/codec/pair-codec';
import { CORPUS_LIMITS } from '../shared/config/pretrain-config';
import { sourceWindows } from '../shared/corpus/source-windows';
import { windowExample } from '../shared/corpus/window-example';
import { fnv1a64 } from '../shared/dataset/hash';
import type { CorpusSummary } from '../shared/runs/pretraining';
import { resolveCorpus } from '../services/corpus/corpus-folder';
import { pythonFiles, type CorpusLimits, type WalkReport } from '../services/corpus/python-files';

export interface PretrainCorpus {
  train: EncodedExample[];
  heldOut: EncodedExample[];
  summary: CorpusSummary;
  /** Every file not used, with why. */
  skipped: { path: string; reason: string; detail: string }[];
}

const HOLD_OUT_EVERY = 100;
const HELD_OUT_MAX = 512;

export async function readPretrainCorpus(corpus: string, codec: PairCodec, limits: CorpusLimits = CORPUS_LIMITS): Promise<PretrainCorpus> {
  const { folder, excludeFolders } = await resolveCorpus(corpus);
  const report: WalkReport = { skipped: [], limitReached: false };
  const skipped: PretrainCorpus['skipped'] = [];
  const train: EncodedExample[] = [];
  const heldOut: EncodedExample[] = [];
  const fileHashes: string[] = [];
  let files = 0;
  let bytes = 0;
  let windows = 0;
  let tokens = 0;
  let unknownTokens = 0;
  let droppedLines = 0;
  const options = { splitStrings: codec.options.splitStrings, maxTokens: codec.options.maxTargetLength - 1 };
  for await (const file of pythonFiles(folder, { ...limits, excludeFolders }, report)) {
    const cut = sourceWindows(file.text, options);
    if (!cut.ok) {
      skipped.push({ path: file.path, reason: 'does-not-tokenize', detail: cut.reason });
      continue;
    }
    files++;
    bytes += file.bytes;
    droppedLines += cut.droppedLines;
    fileHashes.push(`${file.path}:${fnv1a64(file.text)}`);
    for (const window of cut.windows) {
      const { example, unknown } = windowExample(window, codec.target);
      tokens += window.length;
      unknownTokens += unknown;
      const holdOut = windows % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1 && heldOut.length < HELD_OUT_MAX;
      (holdOut ? heldOut : train).push(example);
      windows++;
    }
  }
  skipped.push(...report.skipped);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byReason: Record<string, number> = {};
  for (const s of skipped) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  const summary: CorpusSummary = {
    corpus, folder, fingerprint: fnv1a64(`${options.maxTokens} ${options.splitStrings}\n${fileHashes.join('\n')}`),
    files, bytes, skipped: byReason, limitReached: report.limitReached, windows, tokens, unknownTokens, droppedLines,
  };
  if (train.length === 0) {
    throw new Error(`Pretraining corpus ${folder}: no code window to train on (${files} files read, ${skipped.length} skipped: ${Object.entries(byReason).map(([r, n]) => `${n} ${r}`).join(', ') || 'none'})`);
  }
  return { train, heldOut, summary, skipped };
}
