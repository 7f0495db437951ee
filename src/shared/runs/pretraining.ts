// What a run's decoder pretraining read and did, as run.json records it (`pretraining`), and the
// progress events it sends while it runs. Plain data, shared by the engine, the CLI and any view.

/** The corpus as read: files used and skipped, windows cut, tokens the target vocabulary does not know. */
export interface CorpusSummary {
  /** As configured: a folder or "stdlib". */
  corpus: string;
  /** The folder read (absolute). */
  folder: string;
  /** Of the files read (paths and contents) and the window settings: a resumed pretraining must read the same corpus. */
  fingerprint: string;
  files: number;
  bytes: number;
  /** Files skipped, by reason (unreadable, binary, too-large, symlink-loop, limit, does-not-tokenize); listed in pretrain/skipped.jsonl. */
  skipped: Record<string, number>;
  /** True when the file or byte limit stopped the reading. */
  limitReached: boolean;
  windows: number;
  /** Code tokens in the windows (BOS/EOS not counted). */
  tokens: number;
  /** Of those, tokens outside the run's target vocabulary: read as <unk>, never trained as outputs. */
  unknownTokens: number;
  /** Logical lines left out (longer than a window, or a block opener whose body does not fit with it). */
  droppedLines: number;
}

export interface PretrainingInfo extends CorpusSummary {
  status: 'running' | 'done';
  steps: number;
  elapsedMs: number;
  /** The budget asked for (TrainConfig.pretrain). */
  maxSteps: number | null;
  maxMinutes: number | null;
  /** Loss on held-out windows of the corpus (no smoothing): at random initialisation and after pretraining. */
  heldOutLoss: { before: number | null; after: number | null };
}

/** Optional run events: consumers that do not know them ignore them. */
export type PretrainEvent =
  | { type: 'pretrain'; phase: 'started'; corpus: CorpusSummary; resumedFromStep: number | null; maxSteps: number | null; maxMinutes: number | null }
  | { type: 'pretrain'; phase: 'step'; step: number; loss: number; learningRate: number; targetTokensPerSecond: number; elapsedMs: number; maxSteps: number | null; maxMinutes: number | null }
  | { type: 'pretrain'; phase: 'finished'; done: boolean; step: number; elapsedMs: number; heldOutLoss: PretrainingInfo['heldOutLoss'] }
  /** A resumed run whose pretraining was finished: its weights are loaded, nothing is redone. */
  | { type: 'pretrain'; phase: 'already-done'; step: number };
