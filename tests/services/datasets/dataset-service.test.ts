// The datasets view's services through the studio's handlers, with the real engine: import a file
// with progress, preview it, browse, edit, undo, clean with a preview, split by question, and
// train on one exact version — the run records which one and trains on exactly its pairs.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, Events } from '../../../src/shared/api/contract';
import { openDataDir } from '../../../src/services/data-dir';
import { forkEngine } from '../../../src/services/engine/fork-engine';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';

let dir: string;
let studio: Studio;
const received: { channel: EventChannel; payload: unknown }[] = [];
const events = <E extends EventChannel>(channel: E): Events[E][] => received.filter((e) => e.channel === channel).map((e) => e.payload as Events[E]);

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A seed-style text file: duplicates, a tab-indented block, a comment, a snippet that does not parse.
const SEED = [
  '# write a program to add two numbers a and b', 'print(a + b)', '',
  '# write a program to add two numbers a and b', 'print(a + b)', '',
  '# 3. write a program to loop over items', 'for item in items:', '\tprint(item)  # show it', '',
  '# write a broken snippet', 'def f(:', '    pass', '',
  ...Array.from({ length: 60 }, (_, i) => [`# write a program to double the number ${i}`, `x${i} = ${i} * 2`, '']).flat(),
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-service-'));
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), '{"description": "say hi", "code": "print(1)"}\n');
  // Where the studio looks for the machine's shared seed dataset: the test's own small file.
  await mkdir(join(dir, 'shared', 'english_python'), { recursive: true });
  await writeFile(join(dir, 'shared', 'english_python', 'english_python_data.txt'), SEED);
  studio = createStudio({
    dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), sharedDataDirs: [join(dir, 'shared')],
    spawnEngine: forkEngine(), mode: 'web', version: 'test',
  });
  studio.events.subscribe((channel, payload) => received.push({ channel, payload }));
});

afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('datasets through the studio', () => {
  let datasetId = '';

  it('previews a file without saving anything, then imports it with progress and keeps the report', async () => {
    const preview = await studio.handlers['datasets:preview']({ source: { kind: 'file', id: 'seed-english-python' } });
    expect(preview.records.length).toBeGreaterThan(3);
    expect(await studio.handlers['datasets:stored']({})).toEqual([]);
    const dataset = await studio.handlers['datasets:import']({ source: { kind: 'file', id: 'seed-english-python' }, jobId: 'job-00000001', name: 'seed-like' });
    datasetId = dataset.id;
    expect(dataset).toMatchObject({ name: 'seed-like', head: { pairCount: 64, parentId: null } });
    const progress = events('datasets:progress').filter((p) => p.jobId === 'job-00000001');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', pairs: 64, etaMs: 0 });
    const detail = await studio.handlers['datasets:detail']({ datasetId });
    expect(detail.importReport).toMatchObject({ accepted: 64 });
    expect((await studio.handlers['datasets:list']({})).find((d) => d.id === `store:${datasetId}`)).toMatchObject({ pairs: 64, stored: { versionId: dataset.head.id } });
  });

  it('exports a version as JSON lines or CSV through a one-time download (web mode)', async () => {
    const { dataset } = await studio.handlers['datasets:detail']({ datasetId });
    const text = async (url: string) => [...(await studio.datasets.download(url.slice('/download/'.length)))!.chunks].join('');
    const jsonl = await studio.handlers['datasets:export']({ versionId: dataset.head.id, format: 'jsonl' });
    expect(jsonl).toMatchObject({ kind: 'download', url: expect.stringMatching(/^\/download\/[0-9a-f]{48}$/), fileName: `seed-like-v${dataset.head.id}.jsonl`, pairs: 64 });
    if (jsonl.kind !== 'download') throw new Error('expected a download');
    expect(JSON.parse((await text(jsonl.url)).split('\n')[0])).toEqual({ description: 'write a program to add two numbers a and b', code: 'print(a + b)' });
    const csv = await studio.handlers['datasets:export']({ versionId: dataset.head.id, format: 'csv' });
    if (csv.kind !== 'download') throw new Error('expected a download');
    expect((await text(csv.url)).split('\n')[0]).toBe('intent,snippet');
  });

  it('refuses, in web mode, to import a path named by the page', async () => {
    await expect(studio.handlers['datasets:import']({ source: { kind: 'path', path: '/etc/passwd' }, jobId: 'job-00000002' })).rejects.toThrow(/desktop app only/);
  });

  it('edits, searches and undoes', async () => {
    const { dataset } = await studio.handlers['datasets:detail']({ datasetId });
    const found = await studio.handlers['datasets:page']({ versionId: dataset.head.id, filter: { text: 'loop' }, offset: 0, limit: 10 });
    expect(found.pairs.map((p) => p.description)).toEqual(['write a program to loop over items']);
    const seven = (await studio.handlers['datasets:page']({ versionId: dataset.head.id, filter: { text: 'double the number 7' }, offset: 0, limit: 10 })).pairs;
    expect(seven.map((p) => p.code)).toEqual(['x7 = 7 * 2']);
    const edited = await studio.handlers['datasets:commit']({ datasetId, change: { replace: [{ pairId: seven[0].id, description: 'write a program to triple the number 7', code: 'x7 = 7 * 3' }] } });
    expect(edited.head).toMatchObject({ label: 'Edited 1 pair', pairCount: 64 });
    expect(edited.canUndo).toBe(true);
    const undone = await studio.handlers['datasets:undo']({ datasetId });
    expect(undone.head.id).toBe(dataset.head.id);
    await studio.handlers['datasets:redo']({ datasetId });
  });

  it('previews cleaning with counts and before/after, then applies it as a new version', async () => {
    const { dataset } = await studio.handlers['datasets:detail']({ datasetId });
    const preview = await studio.handlers['datasets:clean-preview']({ versionId: dataset.head.id, options: { syntax: 'drop' } });
    expect(preview.steps.dedupe.dropped).toBe(1);
    expect(preview.steps.syntax.dropped).toBe(1);
    expect(preview.steps.stripNumbering.changed).toBe(0); // the seed importer already took the "3."
    const tab = preview.examples.find((e) => e.step === 'expandTabs' && e.action === 'changed');
    expect(tab?.before.code).toContain('\t');
    expect(tab?.after?.code).toBe('for item in items:\n    print(item)');
    expect(preview.output).toBe(62);
    await expect(studio.handlers['datasets:clean-apply']({ datasetId, versionId: dataset.head.id - 1, options: {} })).rejects.toThrow(/changed since this preview/);
    const cleaned = await studio.handlers['datasets:clean-apply']({ datasetId, versionId: dataset.head.id, options: { syntax: 'drop' } });
    expect(cleaned.head).toMatchObject({ pairCount: 62, label: expect.stringMatching(/^Cleaned: .* rewritten, 2 dropped$/) });
  }, 60_000);

  it('analyses a version in the worker: statistics, duplicate groups, and filters by length, syntax and group', async () => {
    const { dataset } = await studio.handlers['datasets:detail']({ datasetId });
    const head = dataset.head;
    const stats = await studio.handlers['datasets:stats']({ versionId: head.id });
    expect(stats).toMatchObject({ versionId: head.id, pairs: 62, parse: { checked: 62, failed: 0, sampled: false } });
    expect(stats.splits.train + stats.splits.validation + stats.splits.test).toBe(62);
    expect(stats.codeTokens.reduce((n, b) => n + b.count, 0)).toBe(62);
    expect(stats.descriptionVocabulary.top[0]).toMatchObject({ token: expect.any(String), count: expect.any(Number) });
    expect(events('datasets:analysis').some((p) => p.versionId === head.id && p.phase === 'done')).toBe(true);

    // The imported version still has the duplicate and the broken snippet.
    const first = (await studio.handlers['datasets:detail']({ datasetId })).versions[0];
    const broken = await studio.handlers['datasets:page']({ versionId: first.id, filter: {}, offset: 0, limit: 10, analysis: { parses: false } });
    expect(broken.pairs.map((p) => p.code)).toEqual(['def f(:\n    pass']);
    const exact = await studio.handlers['datasets:duplicates']({ versionId: first.id, kind: 'exact', offset: 0, limit: 10 });
    expect(exact.total).toBe(1);
    expect(exact.groups[0].pairs.map((p) => p.code)).toEqual(['print(a + b)', 'print(a + b)']);
    const inGroups = await studio.handlers['datasets:page']({ versionId: first.id, filter: {}, offset: 0, limit: 10, analysis: { duplicates: 'exact' } });
    expect(inGroups.total).toBe(2);
    const short = await studio.handlers['datasets:page']({ versionId: first.id, filter: {}, offset: 0, limit: 100, analysis: { codeTokens: [0, 8] } });
    expect(short.pairs.every((p) => p.code.split(/\s+/).length <= 8)).toBe(true);
    const longest = await studio.handlers['datasets:page']({ versionId: first.id, filter: {}, offset: 0, limit: 3, sort: { by: 'codeTokens', descending: true } });
    expect(longest.total).toBe(64);
    expect(longest.pairs[0].code).toBe('for item in items:\n\tprint(item)  # show it');
    const shortest = await studio.handlers['datasets:page']({ versionId: first.id, filter: { text: 'double' }, offset: 0, limit: 100, sort: { by: 'codeTokens', descending: false } });
    expect(shortest.pairs.map((p) => p.code).slice(0, 2)).toEqual(['x0 = 0 * 2', 'x1 = 1 * 2']);
    expect(shortest.pairs.at(-1)?.code).toBe('x59 = 59 * 2');
    await studio.handlers['datasets:dismiss-group']({ datasetId, key: exact.groups[0].key });
    expect((await studio.handlers['datasets:duplicates']({ versionId: first.id, kind: 'exact', offset: 0, limit: 10 })).total).toBe(0);
  }, 120_000);

  it('splits into a new version and trains on an exact version, which the run records', async () => {
    const split = { fractions: { train: 0.5, validation: 0.5, test: 0 }, salt: '', groupBy: 'group' as const };
    const { dataset } = await studio.handlers['datasets:detail']({ datasetId });
    const counts = await studio.handlers['datasets:split-counts']({ versionId: dataset.head.id, split });
    expect(counts.train + counts.validation).toBe(62);
    expect(counts.test).toBe(0);
    const version = (await studio.handlers['datasets:split']({ datasetId, split })).head;
    expect(version).toMatchObject({ split, pairCount: 62, contentHash: dataset.head.contentHash });

    const { runId } = await studio.handlers['runs:start']({ datasetId: `store:${datasetId}`, preset: 'tiny', overrides: { maxSteps: 4, evalEvery: 4, evalSamples: 2, checkpointEvery: 4 } });
    await until('the run to finish', async () => (await studio.handlers['runs:list']({})).some((r) => r.id === runId && r.status === 'completed'));
    const run = (await studio.handlers['runs:list']({})).find((r) => r.id === runId)!;
    expect(run.datasetName).toBe('seed-like');
    expect(run.datasetVersion).toEqual({ datasetId, datasetName: 'seed-like', versionId: version.id, versionLabel: version.label, contentHash: version.contentHash });
    const manifest = JSON.parse(await readFile(join(dir, 'data', 'runs', runId, 'run.json'), 'utf8'));
    expect(manifest.dataset).toMatchObject({ pairs: 62, test: 0 });
    expect(manifest.dataset.train).toBe(counts.train);
    expect(manifest.dataOptions).toMatchObject({ clean: false, split });
  }, 120_000);
});
