// The dataset database: an import is one version; every change is a new version and the old ones
// stay readable; undo and redo move the head; a version's hash survives reopening; a failed or
// killed import leaves nothing half-written; search finds words in descriptions and code.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetStore, type NewPair } from '../../../src/services/datasets/store/dataset-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-studio-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pairs = (n: number, from = 0): NewPair[] =>
  Array.from({ length: n }, (_, i) => ({ description: `add ${i + from} to total`, code: `total += ${i + from}`, source: { file: 'pairs.jsonl', line: i + from + 1 } }));

describe('dataset store', () => {
  it('imports a dataset as its first version, pages and searches its pairs', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const progress: number[] = [];
    const dataset = await store.importDataset('pairs.jsonl', pairs(12_000), { onProgress: (n) => progress.push(n) });
    expect(dataset).toMatchObject({ name: 'pairs.jsonl', canUndo: false, canRedo: false, head: { label: 'Imported pairs.jsonl', pairCount: 12_000, parentId: null } });
    expect(dataset.head.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(progress).toEqual([5_000, 10_000, 12_000]);
    const page = store.pairs(dataset.head.id, 10, 2);
    expect(page.map((p) => [p.description, p.code, p.source])).toEqual([
      ['add 10 to total', 'total += 10', { file: 'pairs.jsonl', line: 11 }],
      ['add 11 to total', 'total += 11', { file: 'pairs.jsonl', line: 12 }],
    ]);
    expect(store.search(dataset.head.id, 'add 1199').map((p) => p.code)).toEqual(['total += 1199', 'total += 11990', 'total += 11991', 'total += 11992', 'total += 11993', 'total += 11994', 'total += 11995', 'total += 11996', 'total += 11997', 'total += 11998', 'total += 11999']);
    expect(store.search(dataset.head.id, 'AND "OR NEAR(')).toEqual([]); // FTS5 syntax in the query is text, not an error
    store.close();
  });

  it('makes a new version per change, keeps the old ones, and undoes and redoes', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const { id, head: v1 } = await store.importDataset('pairs.jsonl', pairs(5));
    const [first, second] = store.pairs(v1.id, 0, 2);
    const v2 = store.commit(id, 'Edited 1 pair, deleted 1', { replace: [{ pairId: second.id, description: 'add one to total', code: 'total += 1' }], remove: [first.id] });
    expect(v2).toMatchObject({ parentId: v1.id, pairCount: 4 });
    expect(store.pairs(v2.id, 0, 1)[0]).toMatchObject({ description: 'add one to total', code: 'total += 1', source: { file: 'pairs.jsonl', line: 2 } });
    expect(store.pairs(v1.id).map((p) => p.code)).toEqual(['total += 0', 'total += 1', 'total += 2', 'total += 3', 'total += 4']); // unchanged
    expect(v2.contentHash).not.toBe(v1.contentHash);
    const v3 = store.commit(id, 'Added 1 pair', { add: [{ description: 'print total', code: 'print(total)' }] });
    expect(store.pairs(v3.id).map((p) => p.code).at(-1)).toBe('print(total)');

    expect(store.undo(id)).toMatchObject({ head: { id: v2.id }, canUndo: true, canRedo: true });
    expect(store.undo(id)).toMatchObject({ head: { id: v1.id }, canUndo: false, canRedo: true });
    expect(() => store.undo(id)).toThrow(/Nothing to undo/);
    expect(store.redo(id)).toMatchObject({ head: { id: v2.id } });
    const branch = store.commit(id, 'Deleted 1 pair', { remove: [store.pairs(v2.id, 0, 1)[0].id] });
    expect(store.dataset(id)).toMatchObject({ head: { id: branch.id }, canRedo: false });
    expect(store.versions(id).map((v) => v.id)).toEqual([v1.id, v2.id, v3.id, branch.id]); // the undone v3 is still listed
    expect(() => store.commit(id, 'bad', { remove: [first.id] })).toThrow(/not in the current version/);
    expect(store.versions(id)).toHaveLength(4); // the refused change left nothing
    expect(store.nameVersion(v2.id, '  reviewed  ').name).toBe('reviewed');
    store.close();
  });

  it('keeps each version and its hash across reopening', async () => {
    const path = join(dir, 'datasets.sqlite');
    let store = DatasetStore.open(path);
    const { id } = await store.importDataset('pairs.jsonl', pairs(300));
    const v2 = store.commit(id, 'Deleted 1 pair', { remove: [store.pairs(store.dataset(id).head.id, 0, 1)[0].id] });
    store.close();
    store = DatasetStore.open(path);
    expect(store.dataset(id).head).toEqual(v2);
    for (const v of store.versions(id)) expect(store.verifyHash(v.id)).toBe(true);
    expect([...store.iteratePairs(v2.id)]).toHaveLength(299);
    store.close();
  });

  it('leaves nothing of an import that fails half-way', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    await store.importDataset('kept.jsonl', pairs(3));
    function* failing() {
      yield* pairs(7_000);
      throw new Error('line 7001: not JSON');
    }
    await expect(store.importDataset('broken.jsonl', failing())).rejects.toThrow(/line 7001/);
    await expect(store.importDataset('typed.jsonl', [{ description: 'x', code: 3 as unknown as string }])).rejects.toThrow(/Pair 1: description and code must be text/);
    expect(store.datasets().map((d) => d.name)).toEqual(['kept.jsonl']);
    store.close();
    const db = new Database(join(dir, 'datasets.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM pairs').get()).toEqual({ n: 3 });
    db.close();
  });

  it('opens at the last committed state after the importing process is killed', async () => {
    const path = join(dir, 'datasets.sqlite');
    const store = DatasetStore.open(path);
    const kept = await store.importDataset('kept.jsonl', pairs(50));
    store.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'import-forever.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('importing') && resolve());
      child.on('exit', (code) => reject(new Error(`the importer exited (${code}) before importing`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const reopened = DatasetStore.open(path);
    expect(reopened.datasets().map((d) => d.id)).toEqual([kept.id]);
    expect(reopened.verifyHash(kept.head.id)).toBe(true);
    reopened.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM pairs').get()).toEqual({ n: 50 });
    db.close();
  }, 60_000);
});

describe('browsing, deleting, restoring and tagging', () => {
  it('lists pages with filters, restores deleted pairs, and keeps tags through edits', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const { id, head: v1 } = await store.importDataset('pairs.jsonl', [...pairs(30), { description: 'sort a list', code: 'xs.sort()', group: 'q7' }], {
      report: () => ({ file: 'pairs.jsonl', format: 'jsonl', records: 32, accepted: 31, rejected: 1, counts: {}, issues: [{ file: 'pairs.jsonl', line: 9, severity: 'error', reason: 'not valid JSON' }] }),
    });
    expect(store.importReport(id)?.issues[0]).toMatchObject({ line: 9, reason: 'not valid JSON' });
    expect(store.page(v1.id, {}, 29, 5)).toMatchObject({ offset: 29, total: 31, exact: true, pairs: [{ position: 29, code: 'total += 29' }, { position: 30, group: 'q7', tags: [] }] });
    const sortPair = store.page(v1.id, { text: 'sort' }).pairs[0];
    expect(store.page(v1.id, { text: 'add 2' })).toMatchObject({ total: 11, pairs: expect.arrayContaining([expect.objectContaining({ code: 'total += 21' })]) });

    expect(store.setTags(id, sortPair.id, ['lists', ' lists ', 'check'])).toEqual(['check', 'lists']);
    const v2 = store.commit(id, 'Edited 1 pair', { replace: [{ pairId: sortPair.id, description: 'sort a list in place', code: 'xs.sort()' }] });
    const edited = store.page(v2.id, { edited: true });
    expect(edited).toMatchObject({ total: 1, pairs: [{ description: 'sort a list in place', replaces: sortPair.id, group: 'q7', tags: ['check', 'lists'] }] });
    expect(store.pair(sortPair.id).description).toBe('sort a list');
    expect(store.page(v2.id, { tag: 'lists' }).total).toBe(1);
    expect(store.tags(id)).toEqual([{ tag: 'check', pairs: 1 }, { tag: 'lists', pairs: 1 }]);

    const [a, b] = store.pairs(v2.id, 0, 2);
    const v3 = store.commit(id, 'Deleted 2 pairs', { remove: [a.id, b.id] });
    expect(store.page(v3.id, { deleted: true }).pairs.map((p) => p.id)).toEqual([a.id, b.id]);
    const v4 = store.commit(id, 'Restored 1 pair', { restore: [b.id] });
    expect(store.pairs(v4.id, 0, 100).at(-1)?.id).toBe(b.id);
    expect(store.page(v4.id, { deleted: true }).pairs.map((p) => p.id)).toEqual([a.id]);
    expect(() => store.commit(id, 'bad', { restore: [b.id] })).toThrow(/was not deleted/);
    store.close();
  });

  it('records a split as a new version with the same pairs and hash', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const { id, head } = await store.importDataset('pairs.jsonl', pairs(10));
    const split = { fractions: { train: 0.7, validation: 0.15, test: 0.15 }, salt: '', groupBy: 'group' as const };
    const v2 = store.setSplit(id, split);
    expect(v2).toMatchObject({ parentId: head.id, pairCount: 10, contentHash: head.contentHash, split });
    expect(store.commit(id, 'Deleted 1 pair', { remove: [store.pairs(v2.id, 0, 1)[0].id] }).split).toEqual(split);
    expect(store.undo(id).head.split).toEqual(split);
    expect(store.undo(id).head.split).toBeNull();
    store.close();
  });

  it('upgrades a database written by schema 1 in place', async () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec(`CREATE TABLE datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, head_version INTEGER, redo_stack TEXT NOT NULL DEFAULT '[]');
      CREATE TABLE versions (id INTEGER PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id), parent_id INTEGER REFERENCES versions(id), label TEXT NOT NULL, name TEXT, created_at TEXT NOT NULL, pair_count INTEGER NOT NULL, content_hash TEXT NOT NULL);
      CREATE TABLE pairs (id INTEGER PRIMARY KEY, description TEXT NOT NULL, code TEXT NOT NULL, source_file TEXT, source_line INTEGER, source_record INTEGER);
      CREATE TABLE version_pairs (version_id INTEGER NOT NULL, position INTEGER NOT NULL, pair_id INTEGER NOT NULL, PRIMARY KEY (version_id, position)) WITHOUT ROWID;
      CREATE VIRTUAL TABLE pairs_fts USING fts5(description, code, content='pairs', content_rowid='id');
      INSERT INTO datasets VALUES ('ds-old', 'old.jsonl', '2026-11-01T00:00:00Z', 1, '[]');
      INSERT INTO versions VALUES (1, 'ds-old', NULL, 'Imported old.jsonl', NULL, '2026-11-01T00:00:00Z', 1, 'x');
      INSERT INTO pairs VALUES (1, 'say hi', 'print("hi")', 'old.jsonl', 1, NULL);
      INSERT INTO version_pairs VALUES (1, 0, 1);
      PRAGMA user_version = 1;`);
    db.close();
    const store = DatasetStore.open(path);
    expect(store.dataset('ds-old').head).toMatchObject({ pairCount: 1, split: null });
    expect(store.commit('ds-old', 'Edited 1 pair', { replace: [{ pairId: 1, description: 'say hello', code: 'print("hello")' }] }).pairCount).toBe(1);
    expect(store.page(store.dataset('ds-old').head.id, { edited: true }).pairs[0]).toMatchObject({ replaces: 1, source: { file: 'old.jsonl', line: 1 } });
    store.close();
  });
});

describe('exporting a version', () => {
  it('writes JSON lines and CSV that the importers read back to the same pairs', async () => {
    const { exportVersion } = await import('../../../src/services/datasets/store/export-version');
    const { importText } = await import('../../../src/shared/dataset/import-text');
    const { readFile } = await import('node:fs/promises');
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const tricky: NewPair[] = [
      ...pairs(4_500),
      { description: 'print "a, b" on two lines', code: 'print("a,\nb")\n' },
      { description: 'a tab and a quote', code: "if x:\n\ty = '\"'" },
      { description: 'one of question 7', code: 'x = 7', group: '7' },
    ];
    const { head } = await store.importDataset('pairs.jsonl', tricky);
    for (const format of ['jsonl', 'csv'] as const) {
      const path = join(dir, `out.${format}`);
      expect(await exportVersion(store, head.id, format, path)).toEqual({ pairs: 4_503 });
      const back = importText(await readFile(path, 'utf8'), `out.${format}`);
      expect(back.report.format).toBe(format);
      expect(back.pairs.map((p) => [p.description, p.code])).toEqual(tricky.map((p) => [p.description, p.code]));
      if (format === 'jsonl') expect(back.pairs.at(-1)?.group).toBe('7'); // a run split by question reads the key back
    }
    store.close();
  });
});
