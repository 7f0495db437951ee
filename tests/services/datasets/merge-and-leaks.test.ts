// Merging stored versions into a new dataset (shared pair rows, duplicates dropped within and
// across sources, a hash that survives reopening, sources untouched) and the leak check between a
// training and a test version, with the removal of the leaked pairs as a new, undoable version.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetStore, type NewPair } from '../../../src/services/datasets/store/dataset-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-studio-merge-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const p = (description: string, code: string): NewPair => ({ description, code });

const seed: NewPair[] = [
  p('1. add two numbers', 'def add(a, b):\n    return a + b'),
  p('reverse a string', 's[::-1]'),
  p('sort a list of dicts by key age', "people.sort(key=lambda x: x['age'])"),
  p('print hello world', 'print("hello world")'),
  p('Reverse a  string.', 's[::-1]   '), // a duplicate of the second pair
];
const conala: NewPair[] = [
  p('read a file into a string', "text = open('f.txt').read()"),
  p('SORT a list of dicts by key age', "people.sort(key=lambda x:  x['age'])"), // a duplicate of seed's third pair
  p('merge two dicts', 'merged = {**a, **b}'),
  p('add two numbers', 'def add(a, b):\n    return a + b\n'), // a duplicate of seed's first pair
];

describe('merging datasets', () => {
  it('places the source pairs in order, drops duplicates within and across sources, and shares the pair rows', async () => {
    const path = join(dir, 'datasets.sqlite');
    let store = DatasetStore.open(path);
    const a = await store.importDataset('seed.txt', seed);
    const b = await store.importDataset('conala.json', conala);
    const [aPairs, bPairs] = [store.pairs(a.head.id), store.pairs(b.head.id)];
    const progress: [number, number][] = [];
    const merged = await store.mergeDatasets('  seed + conala ', [{ datasetId: a.id, versionId: a.head.id }, { datasetId: b.id, versionId: b.head.id }], {
      dedupe: true, onProgress: (read, total) => progress.push([read, total]),
    });
    expect(merged).toMatchObject({
      name: 'seed + conala', canUndo: false, canRedo: false,
      head: { parentId: null, pairCount: 6, split: null, label: `Merged seed.txt v${a.head.id} + conala.json v${b.head.id} (3 duplicates dropped)` },
    });
    expect(progress.at(-1)).toEqual([9, 9]);
    // The very pair rows of the sources, in source order, first occurrence kept.
    const mergedPairs = store.pairs(merged.head.id);
    expect(mergedPairs.map((pair) => pair.id)).toEqual([aPairs[0], aPairs[1], aPairs[2], aPairs[3], bPairs[0], bPairs[2]].map((pair) => pair.id));
    // The dropped duplicates are listed as deleted by the merge, and one can be put back.
    const deleted = store.page(merged.head.id, { deleted: true });
    expect(deleted.pairs.map((pair) => pair.id).sort((x, y) => x - y)).toEqual([aPairs[4].id, bPairs[1].id, bPairs[3].id]);
    const restored = store.commit(merged.id, 'Restored 1 pair', { restore: [aPairs[4].id] });
    expect(store.pairs(restored.id).map((pair) => pair.id).at(-1)).toBe(aPairs[4].id);
    store.undo(merged.id);

    // The hash is the usual one: the same texts imported in that order hash the same.
    const copy = await store.importDataset('copy', mergedPairs.map(({ description, code }) => ({ description, code })));
    expect(merged.head.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(copy.head.contentHash).toBe(merged.head.contentHash);
    expect(store.verifyHash(merged.head.id)).toBe(true);

    // Editing the merged dataset leaves its sources as they were.
    store.commit(merged.id, 'Edited 1 pair', { replace: [{ pairId: aPairs[0].id, description: 'add two integers', code: 'def add(a, b):\n    return a + b' }] });
    expect(store.pairs(a.head.id)).toEqual(aPairs);
    expect(store.pairs(b.head.id)).toEqual(bPairs);
    expect(store.versions(a.id)).toHaveLength(1);
    expect(store.dataset(a.id).head).toEqual(a.head);
    expect(store.dataset(b.id).head).toEqual(b.head);

    // Without dedupe every pair is placed.
    const all = await store.mergeDatasets('everything', [{ datasetId: b.id, versionId: b.head.id }, { datasetId: a.id, versionId: a.head.id }], { dedupe: false });
    expect(all.head).toMatchObject({ pairCount: 9, label: `Merged conala.json v${b.head.id} + seed.txt v${a.head.id}` });
    expect(store.pairs(all.head.id).map((pair) => pair.id)).toEqual([...bPairs, ...aPairs].map((pair) => pair.id));
    expect(store.page(all.head.id, { deleted: true }).total).toBe(0);

    // One source is a copy (here deduplicated).
    const single = await store.mergeDatasets('seed, once', [{ datasetId: a.id, versionId: a.head.id }], { dedupe: true });
    expect(single.head).toMatchObject({ pairCount: 4, label: `Copied seed.txt v${a.head.id} (1 duplicate dropped)` });
    store.close();

    store = DatasetStore.open(path);
    expect(store.dataset(merged.id)).toMatchObject({ name: 'seed + conala', canUndo: true });
    expect(store.version(merged.head.id)).toEqual(merged.head);
    expect(store.verifyHash(merged.head.id)).toBe(true);
    expect(store.pairs(merged.head.id).map((pair) => pair.id)).toEqual(mergedPairs.map((pair) => pair.id));
    store.close();
  });

  it('refuses a version of another dataset, an unknown dataset, a version listed twice, no sources and an empty name, and writes nothing', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const a = await store.importDataset('seed.txt', seed);
    const b = await store.importDataset('conala.json', conala);
    const before = store.datasets();
    const source = { datasetId: a.id, versionId: a.head.id };
    await expect(store.mergeDatasets('m', [source, { datasetId: a.id, versionId: b.head.id }], { dedupe: true })).rejects.toThrow(`Version ${b.head.id} is not a version of seed.txt`);
    await expect(store.mergeDatasets('m', [source, { datasetId: 'ds-nope', versionId: b.head.id }], { dedupe: true })).rejects.toThrow(/There is no dataset "ds-nope"/);
    await expect(store.mergeDatasets('m', [source, { datasetId: b.id, versionId: 999 }], { dedupe: true })).rejects.toThrow(/There is no dataset version 999/);
    await expect(store.mergeDatasets('m', [source, source], { dedupe: false })).rejects.toThrow(`seed.txt v${a.head.id} is listed twice`);
    await expect(store.mergeDatasets('m', [], { dedupe: true })).rejects.toThrow(/at least one/);
    await expect(store.mergeDatasets('   ', [source], { dedupe: true })).rejects.toThrow(/A dataset name has 1 to 200 characters/);
    expect(store.datasets()).toEqual(before);
    store.close();
  });
});

describe('leak check', () => {
  const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => p(`compute ${tag} value number ${i}`, `result_${tag}_${i} = compute(${i}, "${tag}")`));
  const train: NewPair[] = [
    ...filler(50, 'train'),
    p('add two numbers', 'def add(a, b):\n    return a + b'),
    p('reverse a list in place', 'items.reverse()  # in place'),
    p('sort a list of dicts by key age', "people.sort(key=lambda x: x['age'])"),
    p('turn a list around', 'x.reverse()'),
  ];
  const test: NewPair[] = [
    p('4) Add two numbers.', 'def plus(x, y):\n    return x + y'), // by description
    p('flip the items', 'items.reverse()   # in place\n'), // by code
    p('Sort a list of dicts by key age', "people.sort(key=lambda x:   x['age'])"), // by both
    p('merge two dicts', 'merged = {**a, **b}'), // not in train
    p('reverse the list x', 'x.reverse()'), // short code: not a leak
    ...filler(10, 'test'),
  ];

  it('reports the test pairs found in the training version, with both pairs of each example', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const t = await store.importDataset('train.jsonl', train);
    const e = await store.importDataset('test.jsonl', test);
    const [trainPairs, testPairs] = [store.pairs(t.head.id), store.pairs(e.head.id)];
    const report = await store.leakCheck(t.head.id, e.head.id);
    expect(report).toMatchObject({ trainVersionId: t.head.id, testVersionId: e.head.id, testPairs: 15, leaked: 3, byDescription: 1, byCode: 1, byBoth: 1 });
    expect(report.examples).toEqual([
      { testId: testPairs[0].id, trainId: trainPairs[50].id, match: 'description', test: testPairs[0], train: trainPairs[50] },
      { testId: testPairs[1].id, trainId: trainPairs[51].id, match: 'code', test: testPairs[1], train: trainPairs[51] },
      { testId: testPairs[2].id, trainId: trainPairs[52].id, match: 'both', test: testPairs[2], train: trainPairs[52] },
    ]);
    expect((await store.leakCheck(t.head.id, e.head.id, 1)).examples).toHaveLength(1);
    await expect(store.leakCheck(t.head.id, 999)).rejects.toThrow(/no dataset version 999/);
    store.close();
  });

  it('removes the leaked pairs from the training dataset as a new version that a second check finds clean; undo brings them back', async () => {
    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    const t = await store.importDataset('train.jsonl', train);
    const e = await store.importDataset('test.jsonl', test);
    // Work on a copy of the training data (a merge of one source): removal commits to its head.
    const merged = await store.mergeDatasets('train + more', [{ datasetId: t.id, versionId: t.head.id }], { dedupe: false });
    const cleaned = await store.removeLeaks(merged.id, e.head.id);
    expect(cleaned).toMatchObject({ datasetId: merged.id, parentId: merged.head.id, pairCount: train.length - 3, label: `Removed 3 pairs that are in test.jsonl v${e.head.id}` });
    expect(store.dataset(merged.id).head.id).toBe(cleaned.id);
    expect(await store.leakCheck(cleaned.id, e.head.id)).toMatchObject({ testPairs: 15, leaked: 0, byDescription: 0, byCode: 0, byBoth: 0, examples: [] });
    expect(store.pairs(cleaned.id, 0, 100).map((pair) => pair.code)).toContain('x.reverse()'); // short code is not a leak
    expect(store.pairs(e.head.id)).toHaveLength(15); // the test set is untouched
    expect(store.verifyHash(cleaned.id)).toBe(true);
    await expect(store.removeLeaks(merged.id, e.head.id)).rejects.toThrow(/No pair of train \+ more is in test\.jsonl v\d+: nothing to remove/);
    await expect(store.removeLeaks(e.id, e.head.id)).rejects.toThrow(/is a version of test\.jsonl itself/);

    const undone = store.undo(merged.id);
    expect(undone.head.id).toBe(merged.head.id);
    expect((await store.leakCheck(undone.head.id, e.head.id)).leaked).toBe(3);
    expect(store.redo(merged.id).head.id).toBe(cleaned.id);
    // An edit made while the leaks are being found is not overwritten: the removal is refused.
    const pending = store.removeLeaks(t.id, e.head.id);
    store.commit(t.id, 'Added 1 pair', { add: [p('square a number', 'squared = number ** 2')] });
    await expect(pending).rejects.toThrow(/train\.jsonl changed while its leaks were being found/);
    // One leaked pair: the label says so in the singular.
    const one = await store.importDataset('one.jsonl', [p('ADD two numbers', 'return a + b + c + d')]);
    expect((await store.removeLeaks(t.id, one.head.id)).label).toBe(`Removed 1 pair that is in one.jsonl v${one.head.id}`);
    store.close();
  });
});
