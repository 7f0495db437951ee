// The one typed contract between the renderer and the studio's services, for both shells
// (Electron IPC and the web shell's HTTP + WebSocket): every request with its arguments and
// result, every pushed event, and runtime allowlists that must list exactly the same names.
// Arguments are validated with the zod schemas in ./schemas at the boundary; messages are plain data.
import type { TrainConfig } from '../config/train-config';
import type { PresetName } from '../config/presets';
import type { GenerateRequest, GenerationEvent } from '../generation/generation';
import type { AttentionInspection, AttentionRequest } from '../attention/inspection';
import type { HistoryEntry, HistorySummary, PlaygroundResult, PromptInspection, SyntaxVerdict } from '../generation/playground';
import type { CleanOptions } from '../dataset/clean';
import type { CleanPreview } from '../dataset/clean-version';
import type { DatasetPreview } from '../dataset/preview';
import type { AnalysisFilter, AnalysisProgress, DuplicatePage, PairSort, VersionStats } from '../dataset/analysis';
import type { DuplicateKind } from '../dataset/near-duplicates';
import type { LeakCheckResult, MergeSource } from '../dataset/merge-types';
import type { DatasetInfo, PairFilter, PairPage, SplitSettings, StoredPair, VersionChange, VersionInfo } from '../dataset/versions';
import type { DatasetDetail, ImportArgs, ImportProgress, ImportSource, ImportableFile, SplitCounts, VersionExport } from './dataset-types';
import type {
  AppInfo, DatasetSummary, EngineStatus, EvaluationPoint, RunDetail, RunListItem, RunPhases, RunStatusChange, SamplesAtStep, StepPoint,
  StartRunArgs, PresetInfo,
} from './types';

export interface Requests {
  'app:info': { args: Record<string, never>; result: AppInfo };
  'config:presets': { args: Record<string, never>; result: PresetInfo[] };
  'datasets:list': { args: Record<string, never>; result: DatasetSummary[] };
  'datasets:stored': { args: Record<string, never>; result: DatasetInfo[] };
  'datasets:detail': { args: { datasetId: string }; result: DatasetDetail };
  'datasets:page': { args: { versionId: number; filter: PairFilter; offset: number; limit: number; analysis?: AnalysisFilter; sort?: PairSort }; result: PairPage };
  /** Waits for the version's analysis (progress as 'datasets:analysis' events). */
  'datasets:stats': { args: { versionId: number }; result: VersionStats };
  'datasets:duplicates': { args: { versionId: number; kind: DuplicateKind; offset: number; limit: number }; result: DuplicatePage };
  'datasets:dismiss-group': { args: { datasetId: string; key: string }; result: { ok: true } };
  /**
   * Web shell: a one-time download address the page navigates to (the server streams the file).
   * Desktop: a save dialog, then the file written (streamed, atomically); answers when it is saved.
   */
  'datasets:export': { args: { versionId: number; format: 'jsonl' | 'csv' }; result: VersionExport };
  'datasets:merge': { args: { name: string; sources: MergeSource[]; dedupe: boolean }; result: DatasetInfo };
  'datasets:leak-check': { args: { trainVersionId: number; testVersionId: number }; result: LeakCheckResult };
  'datasets:remove-leaks': { args: { datasetId: string; testVersionId: number }; result: DatasetInfo };
  'datasets:pair': { args: { pairId: number }; result: StoredPair };
  'datasets:commit': { args: { datasetId: string; change: VersionChange }; result: DatasetInfo };
  'datasets:undo': { args: { datasetId: string }; result: DatasetInfo };
  'datasets:redo': { args: { datasetId: string }; result: DatasetInfo };
  'datasets:name-version': { args: { versionId: number; name: string }; result: VersionInfo };
  'datasets:rename': { args: { datasetId: string; name: string }; result: DatasetInfo };
  'datasets:tag': { args: { datasetId: string; pairId: number; tags: string[] }; result: { tags: string[] } };
  'datasets:importable': { args: Record<string, never>; result: ImportableFile[] };
  'datasets:preview': { args: { source: ImportSource; format?: ImportArgs['format']; fields?: ImportArgs['fields'] }; result: DatasetPreview };
  /** Streams 'datasets:progress' with the same jobId; answers with the new dataset. */
  'datasets:import': { args: ImportArgs; result: DatasetInfo };
  'datasets:clean-preview': { args: { versionId: number; options: Partial<CleanOptions> }; result: CleanPreview };
  'datasets:clean-apply': { args: { datasetId: string; versionId: number; options: Partial<CleanOptions> }; result: DatasetInfo };
  'datasets:split-counts': { args: { versionId: number; split: SplitSettings }; result: SplitCounts };
  'datasets:split': { args: { datasetId: string; split: SplitSettings }; result: DatasetInfo };
  'runs:list': { args: Record<string, never>; result: RunListItem[] };
  'runs:get': { args: { runId: string }; result: RunDetail };
  'runs:start': { args: StartRunArgs; result: { runId: string } };
  'runs:pause': { args: { runId: string }; result: { ok: true } };
  'runs:resume': { args: { runId: string }; result: { ok: true } };
  'runs:rename': { args: { runId: string; name: string }; result: RunListItem };
  'runs:delete': { args: { runId: string }; result: { ok: true } };
  /** Streams 'playground:event' with the same requestId while decoding; answers when done. */
  'playground:generate': { args: GenerateRequest & { runId: string; requestId: string }; result: PlaygroundResult };
  'playground:cancel': { args: { requestId: string }; result: { ok: true } };
  'playground:inspect': { args: { runId: string; prompt: string }; result: PromptInspection };
  'playground:history': { args: { runId: string }; result: HistorySummary[] };
  'playground:entry': { args: { runId: string; historyId: string }; result: HistoryEntry };
  'playground:export': { args: { runId: string }; result: { fileName: string; jsonl: string; entries: number } };
  'python:check': { args: { code: string }; result: SyntaxVerdict };
  'attention:inspect': { args: AttentionRequest & { runId: string }; result: AttentionInspection };
}

export interface Events {
  'engine:status': EngineStatus;
  'run:status': RunStatusChange;
  /** At most 10 per second per run: the newest step of each interval. */
  'run:steps': { runId: string; points: StepPoint[] };
  'run:evaluation': { runId: string; point: EvaluationPoint; samples: SamplesAtStep };
  /**
   * The run's phases besides pair training (pretraining, fine-tuning, reranker tuning) as the
   * live run knows them; a phase absent here is unchanged. Progress at most 10 per second per run.
   */
  'run:phase': { runId: string; phases: RunPhases };
  'playground:event': { requestId: string; event: GenerationEvent };
  'datasets:progress': ImportProgress;
  'datasets:analysis': AnalysisProgress;
}

export type RequestChannel = keyof Requests;
export type EventChannel = keyof Events;
export type RequestArgs<K extends RequestChannel> = Requests[K]['args'];
export type RequestResult<K extends RequestChannel> = Requests[K]['result'];

export const REQUEST_CHANNELS = {
  'app:info': true,
  'config:presets': true,
  'datasets:list': true,
  'datasets:stored': true,
  'datasets:detail': true,
  'datasets:page': true,
  'datasets:stats': true,
  'datasets:duplicates': true,
  'datasets:dismiss-group': true,
  'datasets:export': true,
  'datasets:merge': true,
  'datasets:leak-check': true,
  'datasets:remove-leaks': true,
  'datasets:pair': true,
  'datasets:commit': true,
  'datasets:undo': true,
  'datasets:redo': true,
  'datasets:name-version': true,
  'datasets:rename': true,
  'datasets:tag': true,
  'datasets:importable': true,
  'datasets:preview': true,
  'datasets:import': true,
  'datasets:clean-preview': true,
  'datasets:clean-apply': true,
  'datasets:split-counts': true,
  'datasets:split': true,
  'runs:list': true,
  'runs:get': true,
  'runs:start': true,
  'runs:pause': true,
  'runs:resume': true,
  'runs:rename': true,
  'runs:delete': true,
  'playground:generate': true,
  'playground:cancel': true,
  'playground:inspect': true,
  'playground:history': true,
  'playground:entry': true,
  'playground:export': true,
  'python:check': true,
  'attention:inspect': true,
} as const satisfies Record<RequestChannel, true>;

export const EVENT_CHANNELS = {
  'engine:status': true,
  'run:status': true,
  'run:steps': true,
  'run:evaluation': true,
  'run:phase': true,
  'playground:event': true,
  'datasets:progress': true,
  'datasets:analysis': true,
} as const satisfies Record<EventChannel, true>;

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.prototype.hasOwnProperty.call(REQUEST_CHANNELS, name);
}

/** A handler for every request: a new channel does not compile until it is handled. */
export type RequestHandlers = { [K in RequestChannel]: (args: RequestArgs<K>) => Promise<RequestResult<K>> };

/** Errors cross process boundaries as plain data and are rebuilt on the other side. */
export interface ErrorData {
  name: string;
  message: string;
  code?: string;
}

export type { TrainConfig, PresetName };
