// The studio's datasets in one SQLite database (docs/decisions/008): an import makes a dataset and
// its first version; every change (edit, delete, add) makes a new version that points at immutable
// pair rows, so no version is ever lost; undo and redo move the dataset's head. Each version keeps
// the SHA-256 of its pairs in order, which a run records as what it trained on.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { fnv1a64Halves } from '../../../shared/dataset/hash';
import { findLeaksAsync, Hash64Map, LeakIndex } from '../../../shared/dataset/leak-check';
import type { LeakCheckResult, MergeSource, PairText } from '../../../shared/dataset/merge-types';
import { pairKey } from '../../../shared/dataset/normalize';
import type { ImportReport, SourceLocation } from '../../../shared/dataset/pair';
import type {
  DatasetInfo, ListedPair, NewPair, PairFilter, PairPage, SplitSettings, StoredPair, VersionChange, VersionInfo,
} from '../../../shared/dataset/versions';
import { MIGRATIONS, SCHEMA, SCHEMA_VERSION } from './schema';
import { ftsQuery, type TermsStartingWith } from './search-query';
import { sqliteNativeBinding } from './sqlite-binding';

export type { DatasetInfo, NewPair, StoredPair, VersionChange, VersionInfo } from '../../../shared/dataset/versions';

export interface ImportOptions {
  label?: string;
  /** Called after each batch with the pairs stored so far. */
  onProgress?: (pairs: number) => void;
  /** The import report, asked for once the pairs are read; kept with the dataset. */
  report?: () => ImportReport;
}

const BATCH = 5_000;
/**
 * Filtered lists count matches only this far past the page asked for: the first page of a search
 * that matches half of 600k pairs costs a 1,000-row count, and the count grows as the user scrolls.
 */
export const COUNT_AHEAD = 1_000;

interface VersionRow {
  id: number;
  dataset_id: string;
  parent_id: number | null;
  label: string;
  name: string | null;
  created_at: string;
  pair_count: number;
  content_hash: string;
  split_json: string | null;
}

interface DatasetRow {
  id: string;
  name: string;
  created_at: string;
  head_version: number | null;
  redo_stack: string;
}

interface PairRow {
  id: number;
  description: string;
  code: string;
  source_file: string | null;
  source_line: number | null;
  source_record: number | null;
  group_key: string | null;
  replaces: number | null;
}

const INSERT_PAIR = 'INSERT INTO pairs (description, code, source_file, source_line, source_record, group_key, replaces) VALUES (?, ?, ?, ?, ?, ?, ?)';

/** SHA-256 over pairs in order: description, NUL, code, NUL each. */
class ContentHash {
  #hash = createHash('sha256');
  add(description: string, code: string): void {
    this.#hash.update(description).update('\0').update(code).update('\0');
  }
  digest(): string {
    return this.#hash.digest('hex');
  }
}

export interface PageOptions {
  /** Only these pairs (ids an analysis filter picked). */
  onlyIds?: readonly number[];
  /** Ordered by the ranking stored under this key (see rank()). */
  ranking?: string;
}

export class DatasetStore {
  #ranking: string | null = null;
  #rankingSize = 0;

  readonly #termsStartingWith: TermsStartingWith;

  private constructor(private readonly db: Database.Database) {
    // The index's vocabulary, to spell out long prefixes (search-query.ts); temp, so read-only connections have it too.
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pairs_vocab USING fts5vocab(main, pairs_fts, 'row')");
    const terms = db.prepare('SELECT term FROM temp.pairs_vocab WHERE term >= ? AND term < ? LIMIT ?').pluck();
    this.#termsStartingWith = (prefix, limit) => terms.all(prefix, `${prefix}\uffff`, limit) as string[];
  }

  /** Opens (or creates) the database at `path`; ':memory:' for a throwaway one. */
  static open(path: string): DatasetStore {
    const db = new Database(path, { nativeBinding: sqliteNativeBinding() });
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives a killed process (only a power cut can lose the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A search as you type reads scattered pages of a 600k-pair index: keep them (64 MB, not 2).
    db.pragma('cache_size = -65536');
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > SCHEMA_VERSION) {
      db.close();
      throw new Error(`${path} was written by a newer Code Studio (dataset schema ${found}; this one reads ${SCHEMA_VERSION})`);
    }
    db.transaction(() => {
      const fresh = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'pairs'").get() as { n: number }).n === 0;
      db.exec(SCHEMA);
      for (let from = fresh ? 1 : Math.max(found, 1); from < SCHEMA_VERSION; from++) db.exec(MIGRATIONS[from]);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return new DatasetStore(db);
  }

  /** A second, read-only connection (an analysis worker reading while the studio writes). */
  static openReadOnly(path: string): DatasetStore {
    const db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() });
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found !== SCHEMA_VERSION) {
      db.close();
      throw new Error(`${path} has dataset schema ${found}; this reader expects ${SCHEMA_VERSION}`);
    }
    return new DatasetStore(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Streams pairs into a new dataset and its first version, in one write transaction: a crash
   * before the end leaves nothing of it. Pairs come in batches, so a source of 600k pairs is
   * never held whole.
   */
  async importDataset(name: string, pairs: AsyncIterable<NewPair> | Iterable<NewPair>, options: ImportOptions = {}): Promise<DatasetInfo> {
    const id = `ds-${randomBytes(6).toString('hex')}`;
    const now = new Date().toISOString();
    const insertPair = this.db.prepare(INSERT_PAIR);
    const indexPair = this.db.prepare('INSERT INTO pairs_fts (rowid, description, code) VALUES (?, ?, ?)');
    const place = this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) VALUES (?, ?, ?)');
    const hash = new ContentHash();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.prepare('INSERT INTO datasets (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
      const versionId = this.#newVersion(id, null, options.label ?? `Imported ${name}`, null);
      let position = 0;
      for await (const pair of pairs) {
        checkPair(pair, position);
        const pairId = Number(insertPair.run(pair.description, pair.code, pair.source?.file ?? null, pair.source?.line ?? null, pair.source?.record ?? null, pair.group ?? null, null).lastInsertRowid);
        indexPair.run(pairId, pair.description, pair.code);
        place.run(versionId, position++, pairId);
        hash.add(pair.description, pair.code);
        if (position % BATCH === 0) {
          options.onProgress?.(position);
          await new Promise((resolve) => setImmediate(resolve)); // let the process answer meanwhile
        }
      }
      this.db.prepare('UPDATE versions SET pair_count = ?, content_hash = ? WHERE id = ?').run(position, hash.digest(), versionId);
      this.db.prepare('UPDATE datasets SET head_version = ? WHERE id = ?').run(versionId, id);
      const report = options.report?.();
      if (report) this.db.prepare('INSERT INTO import_reports (dataset_id, report_json) VALUES (?, ?)').run(id, JSON.stringify(report));
      this.db.exec('COMMIT');
      options.onProgress?.(position);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    return this.dataset(id);
  }

  datasets(): DatasetInfo[] {
    const rows = this.db.prepare('SELECT * FROM datasets WHERE head_version IS NOT NULL ORDER BY created_at').all() as DatasetRow[];
    return rows.map((row) => this.#info(row));
  }

  dataset(id: string): DatasetInfo {
    return this.#info(this.#row(id));
  }

  /** The report of the import that made the dataset (null for datasets saved before reports were kept). */
  importReport(datasetId: string): ImportReport | null {
    this.#row(datasetId);
    const row = this.db.prepare('SELECT report_json FROM import_reports WHERE dataset_id = ?').get(datasetId) as { report_json: string } | undefined;
    return row ? JSON.parse(row.report_json) as ImportReport : null;
  }

  renameDataset(datasetId: string, name: string): DatasetInfo {
    this.db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(checkName(name, 'A dataset name'), this.#row(datasetId).id);
    return this.dataset(datasetId);
  }

  /** Every version of a dataset, oldest first (undone ones too: nothing is deleted). */
  versions(datasetId: string): VersionInfo[] {
    this.#row(datasetId);
    return (this.db.prepare('SELECT * FROM versions WHERE dataset_id = ? ORDER BY id').all(datasetId) as VersionRow[]).map(versionInfo);
  }

  version(versionId: number): VersionInfo {
    const row = this.db.prepare('SELECT * FROM versions WHERE id = ?').get(versionId) as VersionRow | undefined;
    if (!row) throw new Error(`There is no dataset version ${versionId}`);
    return versionInfo(row);
  }

  /** A page of a version's pairs, in order. */
  pairs(versionId: number, offset = 0, limit = 100): StoredPair[] {
    this.version(versionId);
    const rows = this.db.prepare(`
      SELECT p.* FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id
      WHERE vp.version_id = ? AND vp.position >= ? ORDER BY vp.position LIMIT ?`).all(versionId, offset, limit) as PairRow[];
    return rows.map(storedPair);
  }

  /** One pair by id (any version's), e.g. the original of an edit. */
  pair(pairId: number): StoredPair {
    const row = this.db.prepare('SELECT * FROM pairs WHERE id = ?').get(pairId) as PairRow | undefined;
    if (!row) throw new Error(`There is no pair ${pairId}`);
    return storedPair(row);
  }

  /**
   * A page of what the browser lists: the version's pairs in order, narrowed by the filter. The
   * unfiltered list pages by position (constant time at any depth); filtered ones count up to
   * COUNT_AHEAD matches past the page, so the first page is quick at 600k pairs.
   */
  page(versionId: number, filter: PairFilter = {}, offset = 0, limit = 100, options: PageOptions = {}): PairPage {
    const version = this.version(versionId);
    if (filter.deleted) return this.#deletedPage(version, offset, limit);
    const { onlyIds, ranking } = options;
    if (ranking && ranking !== this.#ranking) throw new Error(`No ranking ${ranking}: call rank() first`);
    const where: string[] = [];
    const args: unknown[] = [];
    if (onlyIds) {
      where.push('p.id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(onlyIds));
    }
    let from = 'version_pairs vp CROSS JOIN pairs p ON p.id = vp.pair_id';
    const text = filter.text ? ftsQuery(filter.text, this.#termsStartingWith) : null;
    if (text) {
      // CROSS JOIN keeps the full-text match as the outer loop: otherwise SQLite may walk the
      // version and run the match once per pair (minutes at 100k pairs).
      from = 'pairs_fts f CROSS JOIN version_pairs vp ON vp.pair_id = f.rowid CROSS JOIN pairs p ON p.id = f.rowid';
      where.push('pairs_fts MATCH ?');
      args.push(text);
    }
    where.push('vp.version_id = ?');
    args.push(versionId);
    if (filter.edited) where.push('p.replaces IS NOT NULL');
    if (filter.line !== undefined) {
      where.push('p.source_line = ?');
      args.push(filter.line);
    }
    if (filter.tag) {
      where.push('EXISTS (SELECT 1 FROM pair_tags t WHERE t.dataset_id = ? AND t.pair_id = p.id AND t.tag = ?)');
      args.push(version.datasetId, filter.tag);
    }
    const filtered = text !== null || filter.edited || filter.tag || filter.line !== undefined || onlyIds !== undefined;
    if (ranking) from += ' CROSS JOIN ranking r ON r.pair_id = p.id';
    const sql = `FROM ${from} WHERE ${where.join(' AND ')}`;
    let rows: (PairRow & { position: number })[];
    let total: number;
    let exact = true;
    if (ranking && !filtered) {
      // The ranking is walked by rank (its key): a page deep in a sorted 600k list costs its rows only.
      rows = this.db.prepare(`SELECT p.*, vp.position FROM ranking r CROSS JOIN pairs p ON p.id = r.pair_id CROSS JOIN version_pairs vp ON vp.pair_id = p.id AND vp.version_id = ?
        WHERE r.rank >= ? ORDER BY r.rank LIMIT ?`).all(versionId, offset, limit) as typeof rows;
      total = this.#rankingSize;
    } else if (!filtered) {
      rows = this.db.prepare(`SELECT p.*, vp.position ${sql} AND vp.position >= ? ORDER BY vp.position LIMIT ?`).all(...args, offset, limit) as typeof rows;
      total = version.pairCount;
    } else {
      // A search lists matches in the order their pairs were stored (the full-text index's own
      // order, so the first page needs only its first matches); other filters in version order.
      const order = ranking ? 'r.rank' : text ? 'f.rowid' : 'vp.position';
      rows = this.db.prepare(`SELECT p.*, vp.position ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, limit, offset) as typeof rows;
      total = rows.length < limit && (offset === 0 || rows.length > 0)
        ? offset + rows.length
        : (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${sql} LIMIT ?)`).get(...args, offset + COUNT_AHEAD + 1) as { n: number }).n;
      if (total > offset + COUNT_AHEAD) [total, exact] = [offset + COUNT_AHEAD, false];
    }
    return { offset, total, exact, pairs: this.#withTags(version.datasetId, rows) };
  }

  /** Every pair of a version, in order, without holding them all (a training run's input). */
  *iteratePairs(versionId: number): Generator<StoredPair> {
    this.version(versionId);
    const rows = this.db.prepare('SELECT p.* FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id WHERE vp.version_id = ? ORDER BY vp.position').iterate(versionId);
    for (const row of rows) yield storedPair(row as PairRow);
  }

  /**
   * A version's pairs in order, `size` at a time. Unlike iteratePairs no statement stays open
   * between pages (better-sqlite3 refuses writes on a connection while one is: "busy executing a
   * query"), so a caller may wait between pages — a download a slow client reads for minutes, a
   * file written chunk by chunk — while the studio goes on editing and importing.
   */
  *pairPages(versionId: number, size = BATCH): Generator<StoredPair[]> {
    this.version(versionId);
    const page = this.db.prepare(`SELECT p.*, vp.position AS position FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id
      WHERE vp.version_id = ? AND vp.position > ? ORDER BY vp.position LIMIT ?`);
    for (let after = -1; ;) {
      const rows = page.all(versionId, after, size) as (PairRow & { position: number })[];
      if (rows.length > 0) yield rows.map(storedPair);
      if (rows.length < size) return;
      after = rows[rows.length - 1].position;
    }
  }

  /** A new version from the head with `change` applied; it becomes the head and redo is cleared. */
  commit(datasetId: string, label: string, change: VersionChange): VersionInfo {
    const run = this.db.transaction((): number => {
      const head = this.dataset(datasetId).head;
      const inHead = this.db.prepare('SELECT 1 FROM version_pairs WHERE version_id = ? AND pair_id = ?');
      for (const pairId of [...(change.remove ?? []), ...(change.replace ?? []).map((r) => r.pairId)]) {
        if (!inHead.get(head.id, pairId)) throw new Error(`Pair ${pairId} is not in the current version of this dataset`);
      }
      const deleted = new Set(this.#deletedIds(head));
      for (const pairId of change.restore ?? []) {
        if (!deleted.has(pairId)) throw new Error(`Pair ${pairId} was not deleted from this dataset`);
      }
      const versionId = this.#newVersion(datasetId, head.id, label, head.split);
      const insertPair = this.db.prepare(`INSERT INTO pairs (description, code, source_file, source_line, source_record, group_key, replaces)
        SELECT ?, ?, source_file, source_line, source_record, group_key, id FROM pairs WHERE id = ?`);
      const indexPair = this.db.prepare('INSERT INTO pairs_fts (rowid, description, code) VALUES (?, ?, ?)');
      const copyTags = this.db.prepare('INSERT OR IGNORE INTO pair_tags (dataset_id, pair_id, tag) SELECT dataset_id, ?, tag FROM pair_tags WHERE dataset_id = ? AND pair_id = ?');
      const replaced = new Map<number, number>();
      (change.replace ?? []).forEach((r, i) => {
        checkPair(r, i);
        const newId = Number(insertPair.run(r.description, r.code, r.pairId).lastInsertRowid);
        indexPair.run(newId, r.description, r.code);
        copyTags.run(newId, datasetId, r.pairId);
        replaced.set(r.pairId, newId);
      });
      const removed = new Set(change.remove ?? []);
      const noteRemoval = this.db.prepare('INSERT OR IGNORE INTO version_removals (version_id, pair_id) VALUES (?, ?)');
      for (const pairId of removed) noteRemoval.run(versionId, pairId);
      const place = this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) VALUES (?, ?, ?)');
      let position = 0;
      // Pair ids only (integers): a 600k-pair version is a few MB here, the texts stay in SQLite.
      for (const { pair_id } of this.db.prepare('SELECT pair_id FROM version_pairs WHERE version_id = ? ORDER BY position').all(head.id) as { pair_id: number }[]) {
        if (!removed.has(pair_id)) place.run(versionId, position++, replaced.get(pair_id) ?? pair_id);
      }
      for (const pairId of change.restore ?? []) place.run(versionId, position++, pairId);
      const addPair = this.db.prepare(INSERT_PAIR);
      (change.add ?? []).forEach((pair, i) => {
        checkPair(pair, i);
        const pairId = Number(addPair.run(pair.description, pair.code, pair.source?.file ?? null, pair.source?.line ?? null, pair.source?.record ?? null, pair.group ?? null, null).lastInsertRowid);
        indexPair.run(pairId, pair.description, pair.code);
        place.run(versionId, position++, pairId);
      });
      this.#seal(versionId, position);
      return versionId;
    });
    return this.version(run());
  }

  /** A new head version with the same pairs split another way. */
  setSplit(datasetId: string, split: SplitSettings, label = 'Changed the split'): VersionInfo {
    const run = this.db.transaction((): number => {
      const head = this.dataset(datasetId).head;
      const versionId = this.#newVersion(datasetId, head.id, label, split);
      this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) SELECT ?, position, pair_id FROM version_pairs WHERE version_id = ?').run(versionId, head.id);
      this.db.prepare('UPDATE versions SET pair_count = ?, content_hash = ? WHERE id = ?').run(head.pairCount, head.contentHash, versionId);
      this.db.prepare("UPDATE datasets SET head_version = ?, redo_stack = '[]' WHERE id = ?").run(versionId, datasetId);
      return versionId;
    });
    return this.version(run());
  }

  /** Back to the head's parent; the head is remembered for redo. */
  undo(datasetId: string): DatasetInfo {
    this.db.transaction(() => {
      const row = this.#row(datasetId);
      const head = this.version(row.head_version!);
      if (head.parentId === null) throw new Error('Nothing to undo: this is the imported version');
      const redo = [...JSON.parse(row.redo_stack) as number[], head.id];
      this.db.prepare('UPDATE datasets SET head_version = ?, redo_stack = ? WHERE id = ?').run(head.parentId, JSON.stringify(redo), datasetId);
    })();
    return this.dataset(datasetId);
  }

  redo(datasetId: string): DatasetInfo {
    this.db.transaction(() => {
      const row = this.#row(datasetId);
      const redo = JSON.parse(row.redo_stack) as number[];
      const next = redo.pop();
      if (next === undefined) throw new Error('Nothing to redo');
      this.db.prepare('UPDATE datasets SET head_version = ?, redo_stack = ? WHERE id = ?').run(next, JSON.stringify(redo), datasetId);
    })();
    return this.dataset(datasetId);
  }

  nameVersion(versionId: number, name: string): VersionInfo {
    const trimmed = checkName(name, 'A version name');
    this.version(versionId);
    this.db.prepare('UPDATE versions SET name = ? WHERE id = ?').run(trimmed, versionId);
    return this.version(versionId);
  }

  /** Replaces a pair's tags (tags belong to the dataset and follow a pair through its edits). */
  setTags(datasetId: string, pairId: number, tags: readonly string[]): string[] {
    this.#row(datasetId);
    const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    for (const tag of clean) if (tag.length > 60) throw new Error(`A tag has at most 60 characters: "${tag.slice(0, 20)}…"`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM pair_tags WHERE dataset_id = ? AND pair_id = ?').run(datasetId, pairId);
      const add = this.db.prepare('INSERT INTO pair_tags (dataset_id, pair_id, tag) VALUES (?, ?, ?)');
      for (const tag of clean) add.run(datasetId, pairId, tag);
    })();
    return clean.sort();
  }

  /** Each tag of the dataset with how many pairs of the head carry it. */
  tags(datasetId: string): { tag: string; pairs: number }[] {
    const head = this.dataset(datasetId).head;
    return this.db.prepare(`SELECT t.tag, count(*) AS pairs FROM pair_tags t JOIN version_pairs vp ON vp.pair_id = t.pair_id AND vp.version_id = ?
      WHERE t.dataset_id = ? GROUP BY t.tag ORDER BY t.tag`).all(head.id, datasetId) as { tag: string; pairs: number }[];
  }

  /**
   * Orders the next pages by a ranking of pair ids (a sort the caller computed, e.g. by code
   * length): kept in a temporary table of this connection under `key` until another replaces it.
   */
  rank(key: string, ids: readonly number[]): void {
    if (this.#ranking === key) return;
    this.db.transaction(() => {
      this.db.exec('CREATE TEMP TABLE IF NOT EXISTS ranking (rank INTEGER PRIMARY KEY, pair_id INTEGER NOT NULL); CREATE INDEX IF NOT EXISTS temp.ranking_by_pair ON ranking(pair_id); DELETE FROM ranking;');
      const insert = this.db.prepare('INSERT INTO ranking (rank, pair_id) VALUES (?, ?)');
      ids.forEach((id, rank) => insert.run(rank, id));
    })();
    this.#ranking = key;
    this.#rankingSize = ids.length;
  }

  /** The key of the ranking pages can be ordered by, or null. */
  get rankingKey(): string | null {
    return this.#ranking;
  }

  /** Pairs by id, in the order asked (ids that do not exist are left out). */
  pairsByIds(ids: readonly number[]): StoredPair[] {
    const rows = this.db.prepare('SELECT p.* FROM pairs p WHERE p.id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as PairRow[];
    const byId = new Map(rows.map((r) => [r.id, storedPair(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Remembers that the user kept a duplicate group whole. */
  dismissGroup(datasetId: string, key: string): void {
    this.#row(datasetId);
    this.db.prepare('INSERT OR IGNORE INTO dismissed_groups (dataset_id, group_key) VALUES (?, ?)').run(datasetId, key);
  }

  dismissedGroups(datasetId: string): Set<string> {
    return new Set(this.db.prepare('SELECT group_key FROM dismissed_groups WHERE dataset_id = ?').pluck().all(datasetId) as string[]);
  }

  /** The version's hash recomputed from its pairs (equal to the stored one unless the file was damaged). */
  verifyHash(versionId: number): boolean {
    return this.#hashOf(versionId) === this.version(versionId).contentHash;
  }

  /** Pairs of a version whose description or code match the words typed, in version order. */
  search(versionId: number, query: string, limit = 100): StoredPair[] {
    return this.page(versionId, { text: query }, 0, limit).pairs.map(({ position: _, tags: __, ...pair }) => pair);
  }

  /**
   * A new dataset whose first version lists the pairs of each source version in turn, in their
   * order. Pairs are immutable, so the new version points at the sources' pair rows (no text is
   * copied; tags and splits stay with their datasets). With `dedupe`, a pair whose normalised
   * description and code (pairKey) were already placed, from this source or an earlier one, is
   * dropped; the dropped pairs are recorded as removed by the version, so the browser lists them
   * under "deleted" and can restore one. One source is allowed: a (deduplicated) copy to work on
   * without touching the original.
   *
   * The sources are read first, outside any transaction (existing versions never change), in
   * pages, keeping only the placed pairs' 64-bit keys and ids, and yielding between pages; then
   * one short transaction writes the dataset, so an edit made meanwhile is never caught in it.
   */
  async mergeDatasets(name: string, sources: readonly MergeSource[], options: { dedupe: boolean; onProgress?: (read: number, total: number) => void }): Promise<DatasetInfo> {
    const datasetName = checkName(name, 'A dataset name');
    if (sources.length === 0) throw new Error('Choose at least one dataset version to merge');
    const resolve = () => sources.map(({ datasetId, versionId }) => {
      const dataset = this.#row(datasetId);
      const version = this.version(versionId);
      if (version.datasetId !== datasetId) throw new Error(`Version ${versionId} is not a version of ${dataset.name}`);
      return { name: dataset.name, version };
    });
    const inputs = resolve();
    const listed = new Set<number>();
    for (const { name: sourceName, version } of inputs) {
      if (listed.has(version.id)) throw new Error(`${sourceName} v${version.id} is listed twice`);
      listed.add(version.id);
    }
    const total = inputs.reduce((sum, { version }) => sum + version.pairCount, 0);
    const placedKeys = options.dedupe ? new Hash64Map(total) : null;
    const kept: number[] = [];
    const dropped: number[] = [];
    const hash = new ContentHash();
    let read = 0;
    for (const { version } of inputs) {
      for await (const pair of this.#paced(this.#texts(version.id))) {
        if (++read % BATCH === 0) options.onProgress?.(read, total);
        if (placedKeys) {
          const [hi, lo] = fnv1a64Halves(pairKey(pair.description, pair.code));
          if (!placedKeys.add(hi, lo)) {
            dropped.push(pair.id);
            continue;
          }
        }
        kept.push(pair.id);
        hash.add(pair.description, pair.code);
      }
    }
    const what = inputs.map(({ name: sourceName, version }) => `${sourceName} v${version.id}`).join(' + ');
    const count = dropped.length.toLocaleString('en');
    const label = `${inputs.length === 1 ? 'Copied' : 'Merged'} ${what}${options.dedupe ? ` (${count} duplicate${dropped.length === 1 ? '' : 's'} dropped)` : ''}`;
    const id = `ds-${randomBytes(6).toString('hex')}`;
    this.db.transaction(() => {
      resolve(); // the sources still exist
      this.db.prepare('INSERT INTO datasets (id, name, created_at) VALUES (?, ?, ?)').run(id, datasetName, new Date().toISOString());
      const versionId = this.#newVersion(id, null, label, null);
      const place = this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) VALUES (?, ?, ?)');
      kept.forEach((pairId, position) => place.run(versionId, position, pairId));
      const noteRemoval = this.db.prepare('INSERT OR IGNORE INTO version_removals (version_id, pair_id) VALUES (?, ?)');
      for (const pairId of dropped) noteRemoval.run(versionId, pairId);
      this.db.prepare('UPDATE versions SET pair_count = ?, content_hash = ? WHERE id = ?').run(kept.length, hash.digest(), versionId);
      this.db.prepare('UPDATE datasets SET head_version = ? WHERE id = ?').run(versionId, id);
    })();
    options.onProgress?.(total, total);
    return this.dataset(id);
  }

  /**
   * Which pairs of the test version are also in the training version (findLeaks: by normalised
   * description or code), with the first `maxExamples` leaked pairs and a training pair each
   * matches. Reads a page at a time and lets the process answer between pages (versions never
   * change, so nothing can move under it).
   */
  async leakCheck(trainVersionId: number, testVersionId: number, maxExamples = 200): Promise<LeakCheckResult> {
    this.version(trainVersionId);
    this.version(testVersionId);
    const report = await findLeaksAsync(this.#paced(this.#texts(trainVersionId)), this.#paced(this.#texts(testVersionId)), { maxExamples });
    const examples = report.examples.map((example) => ({ ...example, test: this.pair(example.testId), train: this.pair(example.trainId) }));
    return { ...report, trainVersionId, testVersionId, examples };
  }

  /**
   * A new head version of the (training) dataset without its pairs that leak into the test version:
   * those whose normalised description or code is a test pair's, so a leak check of the new version
   * against the test version finds none. Undo brings them back. Refused when nothing leaks, when
   * the test version is one of the dataset's own, and when the head moved while it was reading.
   */
  async removeLeaks(datasetId: string, testVersionId: number): Promise<VersionInfo> {
    const dataset = this.dataset(datasetId);
    const test = this.version(testVersionId);
    if (test.datasetId === datasetId) throw new Error(`Version ${test.id} is a version of ${dataset.name} itself: choose a test set from another dataset`);
    const testName = this.dataset(test.datasetId).name;
    const index = new LeakIndex(test.pairCount);
    for await (const pair of this.#paced(this.#texts(test.id))) index.add(pair);
    let leaking = 0;
    const remove = new Set<number>();
    for await (const pair of this.#paced(this.#texts(dataset.head.id))) {
      if (!index.match(pair)) continue;
      leaking++;
      remove.add(pair.id);
    }
    if (leaking === 0) throw new Error(`No pair of ${dataset.name} is in ${testName} v${test.id}: nothing to remove`);
    if (this.dataset(datasetId).head.id !== dataset.head.id) throw new Error(`${dataset.name} changed while its leaks were being found; check again`);
    const pairs = `${leaking.toLocaleString('en')} pair${leaking === 1 ? ' that is' : 's that are'}`;
    return this.commit(datasetId, `Removed ${pairs} in ${testName} v${test.id}`, { remove: [...remove] });
  }

  /**
   * A version's pairs (id and texts) in order, read a page at a time: no statement stays open
   * between pages, so the caller may write or yield while it reads.
   */
  *#texts(versionId: number): Generator<PairText> {
    const page = this.db.prepare(`SELECT vp.position, p.id, p.description, p.code FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id
      WHERE vp.version_id = ? AND vp.position > ? ORDER BY vp.position LIMIT ?`);
    for (let after = -1; ;) {
      const rows = page.all(versionId, after, BATCH) as (PairText & { position: number })[];
      for (const { id, description, code } of rows) yield { id, description, code };
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].position;
    }
  }

  /** The items, letting the process answer (other requests, progress events) after each BATCH of them. */
  async *#paced<T>(items: Iterable<T>): AsyncGenerator<T> {
    let count = 0;
    for (const item of items) {
      yield item;
      if (++count % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #newVersion(datasetId: string, parentId: number | null, label: string, split: SplitSettings | null): number {
    return Number(this.db.prepare("INSERT INTO versions (dataset_id, parent_id, label, created_at, pair_count, content_hash, split_json) VALUES (?, ?, ?, ?, 0, '', ?)")
      .run(datasetId, parentId, label, new Date().toISOString(), split ? JSON.stringify(split) : null).lastInsertRowid);
  }

  #seal(versionId: number, pairCount: number): void {
    this.db.prepare('UPDATE versions SET pair_count = ?, content_hash = ? WHERE id = ?').run(pairCount, this.#hashOf(versionId), versionId);
    const datasetId = this.version(versionId).datasetId;
    this.db.prepare("UPDATE datasets SET head_version = ?, redo_stack = '[]' WHERE id = ?").run(versionId, datasetId);
  }

  /** Pairs removed by the version or its ancestors and not back in it, most recent removal first. */
  #deletedIds(version: VersionInfo): number[] {
    const chain: number[] = [];
    for (let v: VersionInfo | null = version; v; v = v.parentId === null ? null : this.version(v.parentId)) chain.push(v.id);
    const rows = this.db.prepare(`SELECT r.pair_id FROM version_removals r WHERE r.version_id IN (SELECT value FROM json_each(?))
      AND NOT EXISTS (SELECT 1 FROM version_pairs vp WHERE vp.version_id = ? AND vp.pair_id = r.pair_id) ORDER BY r.version_id DESC, r.pair_id`)
      .all(JSON.stringify(chain), version.id) as { pair_id: number }[];
    return [...new Set(rows.map((r) => r.pair_id))];
  }

  #deletedPage(version: VersionInfo, offset: number, limit: number): PairPage {
    const ids = this.#deletedIds(version);
    const rows = ids.slice(offset, offset + limit).map((id, i) => ({ ...(this.db.prepare('SELECT * FROM pairs WHERE id = ?').get(id) as PairRow), position: offset + i }));
    return { offset, total: ids.length, exact: true, pairs: this.#withTags(version.datasetId, rows) };
  }

  #withTags(datasetId: string, rows: (PairRow & { position: number })[]): ListedPair[] {
    const tagsOf = this.db.prepare('SELECT tag FROM pair_tags WHERE dataset_id = ? AND pair_id = ? ORDER BY tag').pluck();
    return rows.map((row) => ({ ...storedPair(row), position: row.position, tags: tagsOf.all(datasetId, row.id) as string[] }));
  }

  #hashOf(versionId: number): string {
    const hash = new ContentHash();
    const rows = this.db.prepare('SELECT p.description, p.code FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id WHERE vp.version_id = ? ORDER BY vp.position').iterate(versionId);
    for (const row of rows as Iterable<{ description: string; code: string }>) hash.add(row.description, row.code);
    return hash.digest();
  }

  #row(datasetId: string): DatasetRow {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ? AND head_version IS NOT NULL').get(datasetId) as DatasetRow | undefined;
    if (!row) throw Object.assign(new Error(`There is no dataset ${JSON.stringify(datasetId)}`), { code: 'not-found' });
    return row;
  }

  #info(row: DatasetRow): DatasetInfo {
    const head = this.version(row.head_version!);
    return { id: row.id, name: row.name, createdAt: row.created_at, head, canUndo: head.parentId !== null, canRedo: (JSON.parse(row.redo_stack) as number[]).length > 0 };
  }
}

function storedPair(row: PairRow): StoredPair {
  const source: SourceLocation | undefined = row.source_file === null ? undefined : {
    file: row.source_file, ...(row.source_line !== null ? { line: row.source_line } : {}), ...(row.source_record !== null ? { record: row.source_record } : {}),
  };
  return {
    id: row.id, description: row.description, code: row.code, ...(source ? { source } : {}),
    ...(row.group_key !== null ? { group: row.group_key } : {}), ...(row.replaces !== null ? { replaces: row.replaces } : {}),
  };
}

function versionInfo(row: VersionRow): VersionInfo {
  return {
    id: row.id, datasetId: row.dataset_id, parentId: row.parent_id, label: row.label, name: row.name,
    createdAt: row.created_at, pairCount: row.pair_count, contentHash: row.content_hash,
    split: row.split_json ? JSON.parse(row.split_json) as SplitSettings : null,
  };
}

function checkPair(pair: { description: unknown; code: unknown }, index: number): void {
  if (typeof pair.description !== 'string' || typeof pair.code !== 'string') throw new Error(`Pair ${index + 1}: description and code must be text`);
}

function checkName(name: string, what: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new Error(`${what} has 1 to 200 characters`);
  return trimmed;
}

