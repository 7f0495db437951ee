// The Datasets view's state with a fake studio holding one small dataset in memory: lazy pages and
// searches that drop stale answers, editing with the syntax check, delete/undo by keyboard, the
// import flow (upload, preview, progress by job id), cleaning and split panels, and "Train on this version".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetDetail } from '../../../src/shared/api/dataset-types';
import type { DatasetInfo, ListedPair, PairFilter, VersionChange, VersionInfo } from '../../../src/shared/dataset/versions';
import { DatasetsState } from '../../../src/renderer/features/datasets/datasets.svelte';
import { Toasts } from '../../../src/renderer/lib/ui/toasts.svelte';
import { FakeStudioClient, idleTimers, settle } from '../fake-client';

/** An in-memory dataset behind the fake client's datasets:* handlers. */
class MemoryDataset {
  versions: { info: VersionInfo; pairs: ListedPair[] }[] = [];
  head = 0;
  redo: number[] = [];
  nextPairId = 1;
  constructor(count: number) {
    const pairs = Array.from({ length: count }, (_, i) => this.#pair(`task ${i}`, `x = ${i}`, i));
    this.#add('Imported pairs.jsonl', pairs, null);
  }
  info(): DatasetInfo {
    const head = this.versions[this.head].info;
    return { id: 'ds-0123456789ab', name: 'pairs.jsonl', createdAt: '2026-12-01T00:00:00Z', head, canUndo: this.head > 0 && head.parentId !== null, canRedo: this.redo.length > 0 };
  }
  detail(): DatasetDetail {
    return { dataset: this.info(), versions: this.versions.map((v) => v.info), tags: [], importReport: null };
  }
  page(versionId: number, filter: PairFilter, offset: number, limit: number) {
    const all = this.versions.find((v) => v.info.id === versionId)!.pairs;
    const matching = filter.text ? all.filter((p) => p.description.includes(filter.text!)) : all;
    return { offset, total: matching.length, exact: true, pairs: matching.slice(offset, offset + limit).map((p, i) => ({ ...p, position: offset + i })) };
  }
  commit(change: VersionChange): DatasetInfo {
    let pairs = [...this.versions[this.head].pairs];
    for (const r of change.replace ?? []) pairs = pairs.map((p) => (p.id === r.pairId ? { ...this.#pair(r.description, r.code, p.position), replaces: p.id } : p));
    pairs = pairs.filter((p) => !(change.remove ?? []).includes(p.id));
    this.#add(change.remove ? 'Deleted 1 pair' : 'Edited 1 pair', pairs, this.versions[this.head].info.id);
    this.redo = [];
    return this.info();
  }
  undo(): DatasetInfo {
    this.redo.push(this.head);
    this.head = this.versions.findIndex((v) => v.info.id === this.versions[this.head].info.parentId);
    return this.info();
  }
  #pair(description: string, code: string, position: number): ListedPair {
    return { id: this.nextPairId++, description, code, position, tags: [] };
  }
  #add(label: string, pairs: ListedPair[], parentId: number | null): void {
    const info: VersionInfo = { id: this.versions.length + 1, datasetId: 'ds-0123456789ab', parentId, label, name: null, createdAt: '', pairCount: pairs.length, contentHash: `hash-${this.versions.length}`, split: null };
    this.versions.push({ info, pairs });
    this.head = this.versions.length - 1;
  }
}

function setup(count = 250) {
  const memory = new MemoryDataset(count);
  const client = new FakeStudioClient()
    .handle('datasets:stored', () => [memory.info()])
    .handle('datasets:detail', () => memory.detail())
    .handle('datasets:page', ({ versionId, filter, offset, limit }) => memory.page(versionId, filter, offset, limit))
    .handle('datasets:commit', ({ change }) => memory.commit(change))
    .handle('datasets:undo', () => memory.undo())
    .handle('python:check', ({ code }) => (code.includes('(:') ? { ok: false, line: 1, column: 6, message: "SyntaxError: invalid syntax" } : { ok: true }));
  const trained: [string, number][] = [];
  const toasts = new Toasts(idleTimers);
  const datasets = new DatasetsState(client, toasts, (id, version) => trained.push([id, version]));
  return { memory, client, datasets, trained, toasts };
}

const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, cancelable: true, ...init });

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('pair browser', () => {
  it('opens the newest dataset and reads pages only as rows are shown', async () => {
    const { datasets, client } = setup(250);
    await datasets.load();
    expect(datasets.browser.total).toBe(250);
    expect(datasets.browser.rows).toHaveLength(250);
    expect(datasets.browser.pairAt(5)?.description).toBe('task 5');
    expect(datasets.browser.pairAt(230)).toBeUndefined(); // asks for page 2
    await settle();
    expect(datasets.browser.pairAt(230)?.code).toBe('x = 230');
    expect(client.callsTo('datasets:page').map((c) => c.offset)).toEqual([0, 200]);
  });

  it('shows the answer to the newest search even when an older one arrives last', async () => {
    const { datasets, client, memory } = setup(50);
    await datasets.load();
    let release: () => void = () => {};
    client.handle('datasets:page', async ({ versionId, filter, offset, limit }) => {
      if (filter.text === 'task 1') await new Promise<void>((resolve) => (release = resolve));
      return memory.page(versionId, filter, offset, limit);
    });
    const slow = datasets.browser.setQuery('task 1');
    await datasets.browser.setQuery('task 4');
    expect(datasets.browser.total).toBe(11); // task 4, task 40…49
    release();
    await slow;
    expect(datasets.browser.total).toBe(11);
    expect(datasets.browser.pairAt(0)?.description).toBe('task 4');
  });
});

describe('editing, deleting and undo', () => {
  it('checks syntax as the code changes and saves an edit as a new version, keeping the place', async () => {
    const { datasets, client } = setup(20);
    await datasets.load();
    datasets.browser.select(3);
    datasets.editor.load(datasets.browser.selected);
    datasets.editor.setCode('def f(:');
    expect(datasets.editor.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(300);
    expect(datasets.editor.verdict).toEqual({ ok: false, line: 1, column: 6, message: 'SyntaxError: invalid syntax' });
    datasets.editor.setCode('def f():\n    return 3');
    await vi.advanceTimersByTimeAsync(300);
    expect(datasets.editor.verdict).toEqual({ ok: true });
    expect(await datasets.saveEdit()).toBe(true);
    expect(client.callsTo('datasets:commit')[0].change).toEqual({ replace: [{ pairId: 4, description: 'task 3', code: 'def f():\n    return 3' }] });
    expect(datasets.head?.label).toBe('Edited 1 pair');
    expect(datasets.browser.selectedIndex).toBe(3);
    expect(datasets.editor.pair).toMatchObject({ code: 'def f():\n    return 3', replaces: 4 });
    expect(datasets.editor.dirty).toBe(false);
  });

  it('moves with j/k and arrows, deletes with Delete, and undoes with Ctrl+Z outside text fields', async () => {
    const { datasets, client } = setup(20);
    await datasets.load();
    for (const k of ['j', 'j', 'ArrowDown', 'k']) expect(datasets.handleKey(key(k))).toBe(true);
    expect(datasets.browser.selectedIndex).toBe(1); // the first move selects row 0
    datasets.handleKey(key('Delete'));
    await settle(30);
    expect(client.callsTo('datasets:commit').at(-1)?.change).toEqual({ remove: [2] });
    expect(datasets.browser.total).toBe(19);
    expect(datasets.browser.selected?.description).toBe('task 2');
    const input = document.createElement('input');
    expect(datasets.handleKey(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))).toBe(true);
    await settle(30);
    expect(datasets.browser.total).toBe(20);
    expect(datasets.dataset?.canRedo).toBe(true);
    const typing = key('z', { ctrlKey: true });
    input.dispatchEvent(typing); // target set: a text field keeps its own undo
    expect(datasets.handleKey(typing)).toBe(false);
  });
});

describe('import flow', () => {
  it('uploads a dropped file, previews it, imports with progress of its own job, and opens the report', async () => {
    const { datasets, client, memory } = setup(3);
    client.handle('datasets:stored', () => []);
    client.handle('datasets:importable', () => []);
    await datasets.load();
    expect(datasets.list).toEqual([]);
    const preview = { file: 'pairs.csv', sizeBytes: 40, bytesRead: 40, format: 'csv' as const, detection: "'.csv' extension", columns: ['intent', 'snippet'], fields: { description: 'intent', code: 'snippet' }, records: [], issues: [], truncated: false };
    client.handle('datasets:preview', () => preview);
    client.handle('datasets:import', async ({ jobId }) => {
      client.emit('datasets:progress', { jobId: 'someone-else', phase: 'reading', bytesRead: 1, totalBytes: 2, pairs: 9, elapsedMs: 1, etaMs: 1 });
      client.emit('datasets:progress', { jobId, phase: 'reading', bytesRead: 20, totalBytes: 40, pairs: 1, elapsedMs: 500, etaMs: 500 });
      expect(datasets.importer.progress).toMatchObject({ bytesRead: 20, pairs: 1 });
      return memory.info();
    });
    const off = datasets.listen();
    await datasets.importer.chooseFile(new File(['intent,snippet\nsay hi,print(1)\n'], 'pairs.csv'));
    expect(datasets.importer).toMatchObject({ open: true, stage: 'preview', name: 'pairs.csv' });
    expect(client.callsTo('datasets:preview')[0]).toEqual({ source: { kind: 'upload', uploadId: '00000000-0000-4000-8000-000000000001' } });
    await datasets.importer.setFormat('jsonl');
    expect(client.callsTo('datasets:preview')[1]).toMatchObject({ format: 'jsonl' });
    client.handle('datasets:stored', () => [memory.info()]);
    await datasets.importer.run();
    await settle(30);
    expect(datasets.importer.open).toBe(false);
    expect(datasets.panel).toBe('report');
    expect(datasets.dataset?.id).toBe('ds-0123456789ab');
    off();
  });

  it('says which file failed and why, and stays open to try another', async () => {
    const { datasets, client } = setup(3);
    client.fail('datasets:preview', 'data.bin looks binary (a NUL byte at offset 3); expected UTF-8 text');
    await datasets.importer.chooseFile(new File(['\0\0'], 'data.bin'));
    expect(datasets.importer).toMatchObject({ open: true, stage: 'choose', error: 'data.bin looks binary (a NUL byte at offset 3); expected UTF-8 text' });
  });
});

describe('cleaning and split panels', () => {
  it('previews cleaning again a moment after a step is switched off, and applies the previewed version', async () => {
    const { datasets, client, memory } = setup(10);
    await datasets.load();
    const preview = { input: 10, output: 9, options: {}, steps: {}, examples: [], changed: 2 } as never;
    client.handle('datasets:clean-preview', () => preview).handle('datasets:clean-apply', () => memory.commit({ remove: [1] }));
    datasets.showPanel('clean');
    await vi.advanceTimersByTimeAsync(10);
    expect(client.callsTo('datasets:clean-preview')).toHaveLength(1);
    datasets.cleaning.toggle('syntax', false);
    datasets.cleaning.toggle('dedupe', false);
    await vi.advanceTimersByTimeAsync(200);
    expect(client.callsTo('datasets:clean-preview')).toHaveLength(2); // one request for both toggles
    expect(client.callsTo('datasets:clean-preview')[1].options).toMatchObject({ syntax: 'off', dedupe: false });
    expect(datasets.cleaning.changesSomething).toBe(true);
    await datasets.applyCleaning();
    expect(client.callsTo('datasets:clean-apply')[0]).toMatchObject({ datasetId: 'ds-0123456789ab', versionId: 1 });
    expect(datasets.panel).toBe('pairs');
  });

  it('refuses parts that do not add up to 100 and counts the rest', async () => {
    const { datasets, client } = setup(10);
    await datasets.load();
    client.handle('datasets:split-counts', () => ({ train: 7, validation: 2, test: 1 }));
    datasets.showPanel('split');
    await vi.advanceTimersByTimeAsync(10);
    expect(datasets.split.settings).toEqual({ fractions: { train: 0.8, validation: 0.1, test: 0.1 }, salt: '', groupBy: 'description' });
    datasets.split.train = 90;
    datasets.split.changed();
    expect(datasets.split.problem).toBe('The parts add up to 110%, not 100%');
    await vi.advanceTimersByTimeAsync(300);
    expect(client.callsTo('datasets:split-counts')).toHaveLength(1); // the first, valid one only
    datasets.split.validation = 0;
    datasets.split.groupBy = 'group';
    datasets.split.changed();
    await vi.advanceTimersByTimeAsync(300);
    expect(client.callsTo('datasets:split-counts').at(-1)?.split).toMatchObject({ fractions: { train: 0.9, validation: 0, test: 0.1 }, groupBy: 'group' });
    expect(datasets.split.counts).toEqual({ train: 7, validation: 2, test: 1 });
  });

  it('browses a histogram range, and resolves duplicate groups by keeping one or all', async () => {
    const { datasets, client, memory } = setup(10);
    await datasets.load();
    await datasets.browse({ codeTokens: [4, 8] });
    expect(datasets.panel).toBe('pairs');
    expect(client.callsTo('datasets:page').at(-1)).toMatchObject({ analysis: { codeTokens: [4, 8] } });
    const pairs = memory.versions[0].pairs;
    const counts = { exact: { groups: 2, pairs: 5 }, 'same-description': { groups: 0, pairs: 0 }, 'similar-description': { groups: 0, pairs: 0 }, 'same-code-shape': { groups: 0, pairs: 0 } };
    const page = {
      kind: 'exact' as const, total: 2, counts,
      groups: [{ kind: 'exact' as const, key: 'exact:0000000000000001', pairs: pairs.slice(0, 3) }, { kind: 'exact' as const, key: 'exact:0000000000000002', pairs: pairs.slice(3, 5) }],
    };
    client.handle('datasets:duplicates', () => page).handle('datasets:dismiss-group', () => ({ ok: true }));
    datasets.showPanel('duplicates');
    await settle(20);
    expect(datasets.analysis.page?.total).toBe(2);
    await datasets.keepOne(datasets.analysis.page!.groups[0], pairs[1].id);
    expect(client.callsTo('datasets:commit').at(-1)?.change).toEqual({ remove: [pairs[0].id, pairs[2].id] });
    expect(datasets.analysis.page?.groups.map((g) => g.key)).toEqual(['exact:0000000000000002']);
    await datasets.keepAll(datasets.analysis.page!.groups[0]);
    expect(client.callsTo('datasets:dismiss-group')).toEqual([{ datasetId: 'ds-0123456789ab', key: 'exact:0000000000000002' }]);
    expect(datasets.analysis.page).toMatchObject({ total: 0, groups: [], counts: { exact: { groups: 0, pairs: 0 } } });
  });

  it('loads the duplicate groups even when the statistics were asked for while they loaded', async () => {
    const { datasets, client } = setup(5);
    await datasets.load();
    const counts = { exact: { groups: 0, pairs: 0 }, 'same-description': { groups: 0, pairs: 0 }, 'similar-description': { groups: 0, pairs: 0 }, 'same-code-shape': { groups: 0, pairs: 0 } };
    client.handle('datasets:duplicates', async () => ({ kind: 'exact' as const, total: 0, groups: [], counts }));
    client.handle('datasets:stats', () => new Promise(() => {})); // still reading
    datasets.showPanel('duplicates');
    datasets.showPanel('stats');
    await settle(20);
    expect(datasets.analysis.loadingGroups).toBe(false);
    expect(datasets.analysis.page).toMatchObject({ total: 0 });
  });

  it('asks to train on the version shown, or on an earlier one', async () => {
    const { datasets, trained } = setup(5);
    await datasets.load();
    datasets.train();
    datasets.train(1);
    expect(trained).toEqual([['ds-0123456789ab', 1], ['ds-0123456789ab', 1]]);
  });
});

describe('exporting a version', () => {
  it('has the browser download it in the web shell (a one-time address), saying it started', async () => {
    const { datasets, client, toasts } = setup(5);
    await datasets.load();
    client.handle('datasets:export', ({ versionId, format }) => ({ kind: 'download', url: `/download/${'ab'.repeat(24)}`, fileName: `pairs-v${versionId}.${format}`, pairs: 600_000 }));
    await datasets.exportVersion(1, 'csv');
    expect(client.callsTo('datasets:export')).toEqual([{ versionId: 1, format: 'csv' }]);
    expect(client.downloads).toEqual([{ url: `/download/${'ab'.repeat(24)}`, fileName: 'pairs-v1.csv' }]);
    expect(toasts.items.map((t) => [t.kind, t.title, t.message])).toEqual([['info', 'Export started', "pairs-v1.csv: 600,000 pairs; your browser's downloads show its progress"]]);
    expect(datasets.exporting).toBeNull();
  });

  it('says "Exporting…" on the version while the desktop app writes it, then where it went; a cancelled dialog says nothing', async () => {
    const { datasets, client, toasts } = setup(5);
    await datasets.load();
    let finish: (value: { kind: 'saved'; path: string; fileName: string; pairs: number }) => void = () => {};
    client.handle('datasets:export', () => new Promise((resolve) => (finish = resolve)));
    const exporting = datasets.exportVersion(1, 'jsonl');
    await settle();
    expect(datasets.exporting).toBe(1);
    await datasets.exportVersion(1, 'csv'); // one export at a time
    expect(client.callsTo('datasets:export')).toHaveLength(1);
    finish({ kind: 'saved', path: '/home/me/pairs-v1.jsonl', fileName: 'pairs-v1.jsonl', pairs: 1 });
    await exporting;
    expect(datasets.exporting).toBeNull();
    expect(client.downloads).toEqual([]);
    expect(toasts.items.map((t) => [t.kind, t.title, t.message])).toEqual([['success', 'Exported', '1 pair saved to /home/me/pairs-v1.jsonl']]);

    client.handle('datasets:export', () => ({ kind: 'cancelled' }));
    await datasets.exportVersion(1, 'csv');
    expect(toasts.items).toHaveLength(1);
  });

  it('says why an export failed', async () => {
    const { datasets, client, toasts } = setup(5);
    await datasets.load();
    client.fail('datasets:export', 'There is no dataset version 9');
    await datasets.exportVersion(9, 'jsonl');
    expect(toasts.items.map((t) => [t.kind, t.title, t.message])).toEqual([['error', 'Could not export the version', 'There is no dataset version 9']]);
    expect(datasets.exporting).toBeNull();
  });
});
