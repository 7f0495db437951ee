// The studio's datasets in one SQLite database (docs/decisions/008): an import makes a dataset and
// its first version; every change (edit, delete, add) makes a new version that points at immutable
// pair rows, so no version is ever lost; undo and redo move the dataset's head. Each version keeps
// the SHA-256 of its pairs in order, which a run records as what it trained on.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { SourceLocation } from '../../../shared/dataset/pair';
import { SCHEMA, SCHEMA_VERSION } from './schema';

export interface NewPair {
  description: string;
  code: string;
  source?: SourceLocation;
}

export interface StoredPair extends NewPair {
  id: number;
}

export interface VersionInfo {
  id: number;
  datasetId: string;
  parentId: number | null;
  /** What made it: "Imported seed.txt", "Edited 1 pair" … */
  label: string;
  /** A name the user gave it, or null. */
  name: string | null;
  createdAt: string;
  pairCount: number;
  contentHash: string;
}

export interface DatasetInfo {
  id: string;
  name: string;
  createdAt: string;
  head: VersionInfo;
  canUndo: boolean;
  canRedo: boolean;
}

/** A change from the head version, by pair id: what goes, what is rewritten, what is appended. */
export interface VersionChange {
  remove?: readonly number[];
  replace?: readonly { pairId: number; description: string; code: string }[];
  add?: readonly NewPair[];
}

export interface ImportOptions {
  label?: string;
  /** Called after each batch with the pairs stored so far. */
  onProgress?: (pairs: number) => void;
}

const BATCH = 5_000;

interface VersionRow {
  id: number;
  dataset_id: string;
  parent_id: number | null;
  label: string;
  name: string | null;
  created_at: string;
  pair_count: number;
  content_hash: string;
}

interface DatasetRow {
  id: string;
  name: string;
  created_at: string;
  head_version: number | null;
  redo_stack: string;
}

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

export class DatasetStore {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (or creates) the database at `path`; ':memory:' for a throwaway one. */
  static open(path: string): DatasetStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives a killed process (only a power cut can lose the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new Error(`${path} was written by a newer Code Studio (dataset schema ${version}; this one reads ${SCHEMA_VERSION})`);
    }
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
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
    const insertPair = this.db.prepare('INSERT INTO pairs (description, code, source_file, source_line, source_record) VALUES (?, ?, ?, ?, ?)');
    const indexPair = this.db.prepare('INSERT INTO pairs_fts (rowid, description, code) VALUES (?, ?, ?)');
    const place = this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) VALUES (?, ?, ?)');
    const hash = new ContentHash();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.prepare('INSERT INTO datasets (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
      const versionId = Number(this.db.prepare("INSERT INTO versions (dataset_id, parent_id, label, created_at, pair_count, content_hash) VALUES (?, NULL, ?, ?, 0, '')")
        .run(id, options.label ?? `Imported ${name}`, now).lastInsertRowid);
      let position = 0;
      for await (const pair of pairs) {
        checkPair(pair, position);
        const pairId = Number(insertPair.run(pair.description, pair.code, pair.source?.file ?? null, pair.source?.line ?? null, pair.source?.record ?? null).lastInsertRowid);
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
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ? AND head_version IS NOT NULL').get(id) as DatasetRow | undefined;
    if (!row) throw new Error(`There is no dataset ${JSON.stringify(id)}`);
    return this.#info(row);
  }

  /** Every version of a dataset, oldest first (undone ones too: nothing is deleted). */
  versions(datasetId: string): VersionInfo[] {
    this.dataset(datasetId);
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

  /** Every pair of a version, in order, without holding them all (a training run's input). */
  *iteratePairs(versionId: number): Generator<StoredPair> {
    this.version(versionId);
    const rows = this.db.prepare('SELECT p.* FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id WHERE vp.version_id = ? ORDER BY vp.position').iterate(versionId);
    for (const row of rows) yield storedPair(row as PairRow);
  }

  /** A new version from the head with `change` applied; it becomes the head and redo is cleared. */
  commit(datasetId: string, label: string, change: VersionChange): VersionInfo {
    const run = this.db.transaction((): number => {
      const head = this.dataset(datasetId).head;
      const inHead = this.db.prepare('SELECT 1 FROM version_pairs WHERE version_id = ? AND pair_id = ?');
      for (const pairId of [...(change.remove ?? []), ...(change.replace ?? []).map((r) => r.pairId)]) {
        if (!inHead.get(head.id, pairId)) throw new Error(`Pair ${pairId} is not in the current version of this dataset`);
      }
      const now = new Date().toISOString();
      const versionId = Number(this.db.prepare("INSERT INTO versions (dataset_id, parent_id, label, created_at, pair_count, content_hash) VALUES (?, ?, ?, ?, 0, '')")
        .run(datasetId, head.id, label, now).lastInsertRowid);
      const insertPair = this.db.prepare('INSERT INTO pairs (description, code, source_file, source_line, source_record) SELECT ?, ?, source_file, source_line, source_record FROM pairs WHERE id = ?');
      const indexPair = this.db.prepare('INSERT INTO pairs_fts (rowid, description, code) VALUES (?, ?, ?)');
      const replaced = new Map<number, number>();
      (change.replace ?? []).forEach((r, i) => {
        checkPair(r, i);
        const newId = Number(insertPair.run(r.description, r.code, r.pairId).lastInsertRowid);
        indexPair.run(newId, r.description, r.code);
        replaced.set(r.pairId, newId);
      });
      const removed = new Set(change.remove ?? []);
      const place = this.db.prepare('INSERT INTO version_pairs (version_id, position, pair_id) VALUES (?, ?, ?)');
      let position = 0;
      // Pair ids only (integers): a 600k-pair version is a few MB here, the texts stay in SQLite.
      for (const { pair_id } of this.db.prepare('SELECT pair_id FROM version_pairs WHERE version_id = ? ORDER BY position').all(head.id) as { pair_id: number }[]) {
        if (!removed.has(pair_id)) place.run(versionId, position++, replaced.get(pair_id) ?? pair_id);
      }
      const addPair = this.db.prepare('INSERT INTO pairs (description, code, source_file, source_line, source_record) VALUES (?, ?, ?, ?, ?)');
      (change.add ?? []).forEach((pair, i) => {
        checkPair(pair, i);
        const pairId = Number(addPair.run(pair.description, pair.code, pair.source?.file ?? null, pair.source?.line ?? null, pair.source?.record ?? null).lastInsertRowid);
        indexPair.run(pairId, pair.description, pair.code);
        place.run(versionId, position++, pairId);
      });
      this.db.prepare('UPDATE versions SET pair_count = ?, content_hash = ? WHERE id = ?').run(position, this.#hashOf(versionId), versionId);
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
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw new Error('A version name has 1 to 200 characters');
    this.version(versionId);
    this.db.prepare('UPDATE versions SET name = ? WHERE id = ?').run(trimmed, versionId);
    return this.version(versionId);
  }

  /** The version's hash recomputed from its pairs (equal to the stored one unless the file was damaged). */
  verifyHash(versionId: number): boolean {
    return this.#hashOf(versionId) === this.version(versionId).contentHash;
  }

  /** Pair ids of a version whose description or code match an FTS5 query, in version order. */
  search(versionId: number, query: string, limit = 100): StoredPair[] {
    // CROSS JOIN keeps the full-text match as the outer loop: otherwise SQLite may walk the version
    // and run the match once per pair (minutes at 100k pairs).
    const rows = this.db.prepare(`
      SELECT p.* FROM pairs_fts f CROSS JOIN version_pairs vp ON vp.pair_id = f.rowid AND vp.version_id = ? CROSS JOIN pairs p ON p.id = f.rowid
      WHERE pairs_fts MATCH ? ORDER BY vp.position LIMIT ?`).all(versionId, ftsQuery(query), limit) as PairRow[];
    return rows.map(storedPair);
  }

  #hashOf(versionId: number): string {
    const hash = new ContentHash();
    const rows = this.db.prepare('SELECT p.description, p.code FROM version_pairs vp JOIN pairs p ON p.id = vp.pair_id WHERE vp.version_id = ? ORDER BY vp.position').iterate(versionId);
    for (const row of rows as Iterable<{ description: string; code: string }>) hash.add(row.description, row.code);
    return hash.digest();
  }

  #row(datasetId: string): DatasetRow {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ? AND head_version IS NOT NULL').get(datasetId) as DatasetRow | undefined;
    if (!row) throw new Error(`There is no dataset ${JSON.stringify(datasetId)}`);
    return row;
  }

  #info(row: DatasetRow): DatasetInfo {
    const head = this.version(row.head_version!);
    return { id: row.id, name: row.name, createdAt: row.created_at, head, canUndo: head.parentId !== null, canRedo: (JSON.parse(row.redo_stack) as number[]).length > 0 };
  }
}

interface PairRow {
  id: number;
  description: string;
  code: string;
  source_file: string | null;
  source_line: number | null;
  source_record: number | null;
}

function storedPair(row: PairRow): StoredPair {
  const source: SourceLocation | undefined = row.source_file === null ? undefined : {
    file: row.source_file, ...(row.source_line !== null ? { line: row.source_line } : {}), ...(row.source_record !== null ? { record: row.source_record } : {}),
  };
  return { id: row.id, description: row.description, code: row.code, ...(source ? { source } : {}) };
}

function versionInfo(row: VersionRow): VersionInfo {
  return {
    id: row.id, datasetId: row.dataset_id, parentId: row.parent_id, label: row.label, name: row.name,
    createdAt: row.created_at, pairCount: row.pair_count, contentHash: row.content_hash,
  };
}

function checkPair(pair: { description: unknown; code: unknown }, index: number): void {
  if (typeof pair.description !== 'string' || typeof pair.code !== 'string') throw new Error(`Pair ${index + 1}: description and code must be text`);
}

/** Words of the user's query as FTS5 prefix terms, quoted: no FTS5 syntax reaches the engine. */
function ftsQuery(query: string): string {
  const words = query.split(/\s+/).filter(Boolean).map((w) => `"${w.replaceAll('"', '""')}"*`);
  return words.length ? words.join(' ') : '""';
}
