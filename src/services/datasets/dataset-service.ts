// The datasets view's service, shared by every shell: the dataset database opened on first use,
// imports streamed from a file with progress, paging and search for the browser, edits as new
// versions, cleaning previewed then applied, splits, and a version written out for a training run.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DatasetDetail, ImportArgs, ImportProgress, ImportableFile, ImportSource, SplitCounts, VersionExport } from '../../shared/api/dataset-types';
import type { CleanOptions } from '../../shared/dataset/clean';
import { cleanVersion, type CleanPreview } from '../../shared/dataset/clean-version';
import type { DatasetPreview } from '../../shared/dataset/preview';
import { splitPairs } from '../../shared/dataset/split';
import type { DatasetInfo, PairFilter, PairPage, SplitSettings, StoredPair, VersionChange, VersionInfo } from '../../shared/dataset/versions';
import type { DatasetVersionRef, RunDataOptions } from '../../shared/runs/run-data';
import type { DataDir } from '../data-dir';
import { getPythonSyntaxChecker } from '../python/syntax-check';
import type { DatasetCatalog } from '../studio/dataset-catalog';
import { describeChange } from './describe-change';
import { previewDatasetFile } from './preview-dataset-file';
import type { DatasetStore } from './store/dataset-store';
import { streamDatasetFile } from './stream-dataset-file';
import { Uploads } from './uploads';
import type { AnalysisFilter, AnalysisProgress, DuplicatePage, VersionStats } from '../../shared/dataset/analysis';
import { DUPLICATE_KINDS, type DuplicateKind } from '../../shared/dataset/near-duplicates';
import { resolveTrainConfig } from '../../shared/config/presets';
import type { VersionAnalysis } from './analysis/analyse-version';
import { groupKey, idsMatching, isEmptyFilter, sortedBy } from './analysis/filter-facts';
import type { PairSort } from '../../shared/dataset/analysis';
import { AnalysisWorker } from './analysis/run-analysis';
import type { LeakCheckResult, MergeSource } from '../../shared/dataset/merge-types';
import { exportFileName, exportVersion, versionChunks, type ExportFormat } from './store/export-version';
import { DownloadTickets } from './download-tickets';
import { downloadPath } from '../../shared/api/downloads';

/** Vocabulary coverage is measured at the limit the studio's models use by default. */
const MODEL_VOCABULARY = resolveTrainConfig('small').maxVocabulary;

type StoreModule = typeof import('./store/dataset-store');

export interface DatasetServiceOptions {
  dataDir: DataDir;
  catalog: DatasetCatalog;
  mode: 'desktop' | 'web';
  maxUploadBytes?: number;
  onProgress: (progress: ImportProgress) => void;
  onAnalysis?: (progress: AnalysisProgress) => void;
  /** Desktop: asks the user where to save an exported version (a save dialog); null when they cancel. */
  chooseSavePath?: (fileName: string, format: ExportFormat) => Promise<string | null>;
}

/** A version being downloaded: the file's name, and its text as the caller pulls it (no database statement open between chunks). */
export interface VersionDownload {
  fileName: string;
  format: ExportFormat;
  chunks: Generator<string, void, undefined>;
}

/** Versions are immutable, so their analyses are kept: the last few looked at. */
const ANALYSES_KEPT = 3;

/** Syntax verdicts by code text: toggling a cleaning step re-runs the pipeline, not Pyodide. */
const VERDICT_CACHE_LIMIT = 200_000;

export class DatasetService {
  readonly uploads: Uploads;
  #store: Promise<DatasetStore> | null = null;
  #worker = new AnalysisWorker();
  #analyses = new Map<number, Promise<VersionAnalysis>>();
  #downloads = new DownloadTickets<{ versionId: number; format: ExportFormat; fileName: string }>();
  #verdicts = new Map<string, ReturnType<Awaited<ReturnType<typeof getPythonSyntaxChecker>>['check']>>();

  constructor(private readonly options: DatasetServiceOptions) {
    this.uploads = new Uploads(options.dataDir.uploads, options.maxUploadBytes);
  }

  /**
   * The database, opened on first use. better-sqlite3 is a native module: where it was built for
   * another runtime (Electron before its rebuild) the rest of the studio still works and every
   * dataset request says why this part does not.
   */
  store(): Promise<DatasetStore> {
    this.#store ??= (import('./store/dataset-store') as Promise<StoreModule>)
      .then(({ DatasetStore }) => DatasetStore.open(this.options.dataDir.datasets))
      .catch((error: unknown) => {
        this.#store = null;
        throw Object.assign(new Error(`The dataset database cannot be opened (${(error as Error).message}). Runs and the playground still work.`), { code: 'datasets-unavailable' });
      });
    return this.#store;
  }

  async close(): Promise<void> {
    await this.#worker.stop();
    const store = this.#store;
    this.#store = null;
    if (store) (await store.catch(() => null))?.close();
  }

  async datasets(): Promise<DatasetInfo[]> {
    return (await this.store()).datasets();
  }

  async detail(datasetId: string): Promise<DatasetDetail> {
    const store = await this.store();
    return { dataset: store.dataset(datasetId), versions: store.versions(datasetId), tags: store.tags(datasetId), importReport: store.importReport(datasetId) };
  }

  async page(versionId: number, filter: PairFilter, offset: number, limit: number, analysisFilter?: AnalysisFilter, sort?: PairSort): Promise<PairPage> {
    const store = await this.store();
    if ((isEmptyFilter(analysisFilter) && !sort) || filter.deleted) return store.page(versionId, filter, offset, limit);
    const analysis = await this.analysis(versionId);
    const dismissed = store.dismissedGroups(store.version(versionId).datasetId);
    const ids = isEmptyFilter(analysisFilter) ? Array.from(analysis.facts.ids) : idsMatching(analysis, analysisFilter, dismissed);
    if (!sort) return store.page(versionId, filter, offset, limit, { onlyIds: ids });
    // The ranking holds only the pairs the analysis filter kept, so it filters as it orders.
    store.rank(`${versionId}|${sort.by}|${sort.descending}|${JSON.stringify(analysisFilter ?? {})}|${dismissed.size}`, sortedBy(analysis, ids, sort));
    return store.page(versionId, filter, offset, limit, { ranking: store.rankingKey! });
  }

  /**
   * The version read through in the analysis worker (lengths, splits, syntax, duplicate groups),
   * started on first use and kept: the Statistics and Duplicates panels and the browser's filters use it.
   */
  async analysis(versionId: number): Promise<VersionAnalysis> {
    let analysis = this.#analyses.get(versionId);
    if (!analysis) {
      const store = await this.store();
      store.version(versionId); // an unknown version fails here, with its message
      analysis = this.#worker.run(
        { databasePath: this.options.dataDir.datasets, versionId, maxVocabulary: MODEL_VOCABULARY, syntax: true },
        (progress) => this.options.onAnalysis?.({ versionId, ...progress }),
      );
      analysis.catch(() => this.#analyses.delete(versionId));
      this.#analyses.set(versionId, analysis);
      if (this.#analyses.size > ANALYSES_KEPT) this.#analyses.delete(this.#analyses.keys().next().value!);
    }
    return analysis;
  }

  async stats(versionId: number): Promise<VersionStats> {
    return (await this.analysis(versionId)).stats;
  }

  /** A page of one kind's duplicate groups not yet resolved, each with its pairs side by side. */
  async duplicates(versionId: number, kind: DuplicateKind, offset: number, limit: number): Promise<DuplicatePage> {
    const analysis = await this.analysis(versionId);
    const store = await this.store();
    const dismissed = store.dismissedGroups(store.version(versionId).datasetId);
    const open = analysis.groups.filter((g) => !dismissed.has(groupKey(g)));
    const counts = Object.fromEntries(DUPLICATE_KINDS.map((k) => [k, { groups: 0, pairs: 0 }])) as DuplicatePage['counts'];
    for (const g of open) {
      counts[g.kind].groups++;
      counts[g.kind].pairs += g.ids.length;
    }
    const ofKind = open.filter((g) => g.kind === kind);
    const groups = ofKind.slice(offset, offset + limit).map((g) => ({
      kind: g.kind, key: groupKey(g), ...(g.similarity !== undefined ? { similarity: g.similarity } : {}), pairs: store.pairsByIds(g.ids),
    }));
    return { kind, total: ofKind.length, groups, counts };
  }

  /**
   * Exports a version for the view, at any size, never holding it whole. Web shell: a one-time
   * ticket for the page to download it from the server (`download`). Desktop: asks where to save it
   * (the shell's save dialog), then writes it there, streamed and atomically.
   */
  async exportVersion(versionId: number, format: ExportFormat): Promise<VersionExport> {
    const store = await this.store();
    const version = store.version(versionId); // an unknown version is refused here, with its message
    const fileName = exportFileName(store.dataset(version.datasetId).name, versionId, format);
    if (this.options.mode === 'web') {
      const ticket = this.#downloads.issue({ versionId, format, fileName });
      return { kind: 'download', url: downloadPath(ticket), fileName, pairs: version.pairCount };
    }
    if (!this.options.chooseSavePath) throw new Error('Exporting needs a save dialog, which this shell does not have; use: code-studio datasets export');
    const path = await this.options.chooseSavePath(fileName, format);
    if (path === null) return { kind: 'cancelled' };
    const { pairs } = await this.exportToFile(versionId, format, path);
    return { kind: 'saved', path, fileName: basename(path), pairs };
  }

  /** Writes a version to `path` a page of pairs at a time; the file appears complete or not at all. */
  async exportToFile(versionId: number, format: ExportFormat, path: string): Promise<{ pairs: number }> {
    return exportVersion(await this.store(), versionId, format, path);
  }

  /**
   * What a download ticket names, once (a second request with it, or one after a minute, gets
   * null): the file's name and its text, a chunk of pairs at a time as the caller pulls them.
   */
  async download(ticket: string): Promise<VersionDownload | null> {
    const entry = this.#downloads.redeem(ticket);
    if (!entry) return null;
    const chunks = versionChunks(await this.store(), entry.versionId, entry.format);
    return {
      fileName: entry.fileName, format: entry.format,
      chunks: (function* () {
        for (const chunk of chunks) yield chunk.text;
      })(),
    };
  }

  async merge(name: string, sources: readonly MergeSource[], dedupe: boolean): Promise<DatasetInfo> {
    return (await this.store()).mergeDatasets(name, sources, { dedupe });
  }

  async leakCheck(trainVersionId: number, testVersionId: number): Promise<LeakCheckResult> {
    return (await this.store()).leakCheck(trainVersionId, testVersionId, 50);
  }

  async removeLeaks(datasetId: string, testVersionId: number): Promise<DatasetInfo> {
    const store = await this.store();
    await store.removeLeaks(datasetId, testVersionId);
    return store.dataset(datasetId);
  }

  /** "Keep all": the group is not offered again for this dataset. */
  async dismissGroup(datasetId: string, key: string): Promise<void> {
    (await this.store()).dismissGroup(datasetId, key);
  }

  async pair(pairId: number): Promise<StoredPair> {
    return (await this.store()).pair(pairId);
  }

  async commit(datasetId: string, change: VersionChange): Promise<DatasetInfo> {
    const store = await this.store();
    store.commit(datasetId, describeChange(change), change);
    return store.dataset(datasetId);
  }

  async undo(datasetId: string): Promise<DatasetInfo> {
    return (await this.store()).undo(datasetId);
  }

  async redo(datasetId: string): Promise<DatasetInfo> {
    return (await this.store()).redo(datasetId);
  }

  async nameVersion(versionId: number, name: string): Promise<VersionInfo> {
    return (await this.store()).nameVersion(versionId, name);
  }

  async rename(datasetId: string, name: string): Promise<DatasetInfo> {
    return (await this.store()).renameDataset(datasetId, name);
  }

  async setTags(datasetId: string, pairId: number, tags: readonly string[]): Promise<string[]> {
    return (await this.store()).setTags(datasetId, pairId, tags);
  }

  /** Files of this machine the studio offers for import (the sample, ../shared/data). */
  async importableFiles(): Promise<ImportableFile[]> {
    const files = await this.options.catalog.list();
    return Promise.all(files.map(async (f) => ({ id: f.id, name: f.name, bytes: (await stat(f.path).catch(() => null))?.size ?? null })));
  }

  async preview(source: ImportSource, format?: ImportArgs['format'], fields?: ImportArgs['fields']): Promise<DatasetPreview> {
    const { path, name } = await this.#resolve(source);
    return previewDatasetFile(path, { format, fields, displayName: name }).catch((error: unknown) => {
      throw named(error, path, name);
    });
  }

  /** Streams a file into a new dataset; progress events carry the renderer's job id and an ETA. */
  async import(args: ImportArgs): Promise<DatasetInfo> {
    const { path, name } = await this.#resolve(args.source);
    const started = Date.now();
    const progress = (phase: ImportProgress['phase'], bytesRead: number, totalBytes: number, pairs: number) => {
      const elapsedMs = Date.now() - started;
      const pace = bytesRead > 0 && elapsedMs > 300 ? elapsedMs / bytesRead : null;
      const etaMs = phase === 'reading' && pace !== null ? Math.max(0, Math.round((totalBytes - bytesRead) * pace)) : phase === 'done' ? 0 : null;
      this.options.onProgress({ jobId: args.jobId, phase, bytesRead, totalBytes, pairs, elapsedMs, etaMs });
    };
    let last = { bytesRead: 0, totalBytes: 0, pairs: 0 };
    const stream = streamDatasetFile(path, {
      format: args.format, fields: args.fields, displayName: name,
      onProgress: (p) => {
        last = p;
        progress('reading', p.bytesRead, p.totalBytes, p.pairs);
      },
    });
    const store = await this.store();
    try {
      const pairs = async function* () {
        for await (const batch of stream.batches) yield* batch;
      };
      const dataset = await store.importDataset(args.name?.trim() || name, pairs(), { label: `Imported ${name}`, report: () => stream.report() });
      progress('done', last.totalBytes, last.totalBytes, dataset.head.pairCount);
      if (args.source.kind === 'upload') await this.uploads.remove(args.source.uploadId);
      return dataset;
    } catch (error) {
      progress('failed', last.bytesRead, last.totalBytes, last.pairs);
      throw named(error, path, name);
    }
  }

  /** What cleaning the version with these options would do; nothing is written. */
  async cleanPreview(versionId: number, options: Partial<CleanOptions>): Promise<CleanPreview> {
    return (await this.#clean(versionId, options)).preview;
  }

  /** Cleans the head version into a new one. `versionId` is the version the user previewed. */
  async cleanApply(datasetId: string, versionId: number, options: Partial<CleanOptions>): Promise<DatasetInfo> {
    const store = await this.store();
    if (store.dataset(datasetId).head.id !== versionId) throw new Error('The dataset changed since this preview; look at the preview again before applying it');
    const { preview, change } = await this.#clean(versionId, options);
    if (!change.remove?.length && !change.replace?.length) throw new Error('Cleaning with these steps changes nothing');
    store.commit(datasetId, `Cleaned: ${preview.changed.toLocaleString('en')} rewritten, ${(preview.input - preview.output).toLocaleString('en')} dropped`, change);
    return store.dataset(datasetId);
  }

  async splitCounts(versionId: number, split: SplitSettings): Promise<SplitCounts> {
    const store = await this.store();
    // Only what the split reads: the code of 600k pairs need not be held for a count.
    const keys = Array.from(store.iteratePairs(versionId), ({ description, group }) => ({ description, ...(group !== undefined ? { group } : {}) }));
    const parts = splitPairs(keys, split);
    return { train: parts.train.length, validation: parts.validation.length, test: parts.test.length };
  }

  async setSplit(datasetId: string, split: SplitSettings): Promise<DatasetInfo> {
    const store = await this.store();
    const { fractions: f, groupBy } = split;
    const percent = (x: number) => Math.round(x * 100);
    store.setSplit(datasetId, split, `Split ${percent(f.train)}/${percent(f.validation)}/${percent(f.test)}${groupBy === 'group' ? ' by question' : ''}`);
    return store.dataset(datasetId);
  }

  /**
   * Writes a version as the JSON-lines file a run trains on (inside the run's folder, so the run
   * keeps working if the dataset is edited later) and says how to read it: no cleaning (the version
   * is what the user curated) and the version's own split.
   */
  async dataForRun(datasetId: string, versionId: number | undefined, path: string): Promise<RunDataOptions> {
    const store = await this.store();
    const dataset = store.dataset(datasetId);
    const version = store.version(versionId ?? dataset.head.id);
    if (version.datasetId !== datasetId) throw new Error(`Version ${version.id} is not a version of ${dataset.name}`);
    await exportVersion(store, version.id, 'jsonl', path);
    const ref: DatasetVersionRef = {
      datasetId, datasetName: dataset.name, versionId: version.id, versionLabel: version.name ?? version.label, contentHash: version.contentHash,
    };
    return { path, import: { format: 'jsonl' }, clean: false, ...(version.split ? { split: version.split } : {}), version: ref };
  }

  async #clean(versionId: number, options: Partial<CleanOptions>) {
    const store = await this.store();
    const checker = options.syntax === 'off' ? null : await getPythonSyntaxChecker();
    const check = checker ? (code: string) => {
      let verdict = this.#verdicts.get(code);
      if (!verdict) {
        verdict = checker.check(code);
        if (this.#verdicts.size >= VERDICT_CACHE_LIMIT) this.#verdicts.clear();
        this.#verdicts.set(code, verdict);
      }
      return verdict;
    } : undefined;
    return cleanVersion(store.iteratePairs(versionId), options, check);
  }

  async #resolve(source: ImportSource): Promise<{ path: string; name: string }> {
    switch (source.kind) {
      case 'file': {
        const file = await this.options.catalog.get(source.id);
        return { path: file.path, name: basename(file.path) };
      }
      case 'upload':
        return this.uploads.get(source.uploadId);
      case 'path':
        // In web mode the page is a browser tab: it must not name files on the server.
        if (this.options.mode !== 'desktop') throw Object.assign(new Error('Importing by path works in the desktop app only; upload the file instead'), { code: 'forbidden' });
        return { path: source.path, name: basename(source.path) };
    }
  }
}

/** An error about a file, naming it as the user knows it (an upload's stored path means nothing to them). */
function named(error: unknown, path: string, name: string): unknown {
  if (error instanceof Error && path !== name) error.message = error.message.replaceAll(path, name);
  return error;
}
