// The Runs view's state: the list kept live by events, inline rename (Enter saves, Esc cancels),
// delete only after confirmation, compare selection, and failures as toasts.
import { describe, expect, it } from 'vitest';
import { Studio } from '../../../src/renderer/studio.svelte';
import type { RunListItem } from '../../../src/shared/api/types';
import { FakeStudioClient, ManualFrames, idleTimers, presetInfos, runDetail, runItem, settle, stepPoint } from '../fake-client';

async function studioWith(runs: RunListItem[]) {
  const client = new FakeStudioClient();
  const frames = new ManualFrames();
  let items = [...runs];
  client
    .handle('app:info', () => ({ version: '0.1.0', mode: 'web', dataDir: '/tmp/x', engine: { state: 'ready', backend: 'cpu', activeRunId: null } }))
    .handle('runs:list', () => items)
    .handle('datasets:list', () => [])
    .handle('config:presets', () => presetInfos())
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId)!, { stepPoints: [stepPoint(1)] }))
    .handle('runs:rename', ({ runId, name }) => {
      items = items.map((r) => (r.id === runId ? { ...r, name } : r));
      return items.find((r) => r.id === runId)!;
    })
    .handle('runs:delete', ({ runId }) => {
      items = items.filter((r) => r.id !== runId);
      return { ok: true };
    });
  const studio = new Studio(client, { scheduler: frames.schedule, timers: idleTimers });
  await studio.start();
  return { client, frames, studio };
}

const three = () => [
  runItem({ id: 'a', name: 'alpha', status: 'completed', createdAt: '2026-11-01T00:00:00Z' }),
  runItem({ id: 'b', name: 'beta', status: 'completed', createdAt: '2026-11-03T00:00:00Z' }),
  runItem({ id: 'c', name: 'gamma', status: 'failed', createdAt: '2026-11-02T00:00:00Z', error: 'out of memory' }),
];

describe('runs list', () => {
  it('lists runs newest first and applies status and step events', async () => {
    const { client, frames, studio } = await studioWith(three());
    expect(studio.hub.items.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    client.emit('run:status', { runId: 'a', status: 'training' });
    expect(studio.hub.item('a')?.status).toBe('training');
    client.emit('run:steps', { runId: 'a', points: [stepPoint(40), stepPoint(41)] });
    client.emit('run:steps', { runId: 'a', points: [stepPoint(42)] });
    expect(studio.hub.item('a')?.steps).toBe(0);
    frames.run();
    expect(studio.hub.item('a')).toMatchObject({ steps: 42, elapsedMs: 4200 });
    // A status change comes with the steps sent before it, in the same update (no frame between).
    client.emit('run:steps', { runId: 'a', points: [stepPoint(43)] });
    client.emit('run:status', { runId: 'a', status: 'paused' });
    expect(studio.hub.item('a')).toMatchObject({ status: 'paused', steps: 43 });
  });

  it('adds a run announced by run:status with its summary, and reloads the list for an unknown one', async () => {
    const { client, studio } = await studioWith(three());
    client.emit('run:status', { runId: 'd', status: 'preparing', run: runItem({ id: 'd', name: 'delta', createdAt: '2026-11-05T00:00:00Z' }) });
    expect(studio.hub.items[0]).toMatchObject({ id: 'd', status: 'preparing' });
    const before = client.callsTo('runs:list').length;
    client.emit('run:status', { runId: 'zzz', status: 'training' });
    await settle();
    expect(client.callsTo('runs:list').length).toBe(before + 1);
  });
});

describe('rename', () => {
  it('saves the trimmed name on commit and updates the list', async () => {
    const { client, studio } = await studioWith(three());
    const runs = studio.runs;
    runs.beginRename(studio.hub.item('a')!);
    expect(runs.editName).toBe('alpha');
    runs.editName = '  alpha v2 ';
    await runs.commitRename();
    expect(client.callsTo('runs:rename')).toEqual([{ runId: 'a', name: 'alpha v2' }]);
    expect(studio.hub.item('a')?.name).toBe('alpha v2');
    expect(runs.editingId).toBeNull();
  });

  it('cancels without a request (Esc), and closes without one when the name is unchanged or empty', async () => {
    const { client, studio } = await studioWith(three());
    const runs = studio.runs;
    runs.beginRename(studio.hub.item('a')!);
    runs.editName = 'other';
    runs.cancelRename();
    runs.beginRename(studio.hub.item('a')!);
    await runs.commitRename();
    runs.beginRename(studio.hub.item('a')!);
    runs.editName = '   ';
    await runs.commitRename();
    expect(client.callsTo('runs:rename')).toHaveLength(0);
    expect(studio.hub.item('a')?.name).toBe('alpha');
  });

  it('keeps the editor open and shows a toast when the rename fails', async () => {
    const { client, studio } = await studioWith(three());
    client.fail('runs:rename', 'runs:rename: name: a name cannot be empty');
    studio.runs.beginRename(studio.hub.item('b')!);
    studio.runs.editName = 'x';
    await studio.runs.commitRename();
    expect(studio.runs.editingId).toBe('b');
    expect(studio.toasts.items[0]).toMatchObject({ kind: 'error', title: 'Could not rename the run', message: 'runs:rename: name: a name cannot be empty' });
  });
});

describe('delete', () => {
  it('asks first, deletes only on confirmation, and forgets the run everywhere', async () => {
    const { client, studio } = await studioWith(three());
    const runs = studio.runs;
    runs.toggleSelect('a');
    runs.toggleSelect('c');
    runs.open('c');
    runs.requestDelete(studio.hub.item('c')!);
    expect(client.callsTo('runs:delete')).toHaveLength(0);
    runs.cancelDelete();
    expect(runs.pendingDelete).toBeNull();
    runs.requestDelete(studio.hub.item('c')!);
    await runs.confirmDelete();
    expect(client.callsTo('runs:delete')).toEqual([{ runId: 'c' }]);
    expect(studio.hub.items.map((r) => r.id)).toEqual(['b', 'a']);
    expect(runs.selected).toEqual(['a']);
    expect(runs.mode).toBe('list');
    expect(runs.pendingDelete).toBeNull();
  });

  it('keeps the run and says why when the delete fails', async () => {
    const { client, studio } = await studioWith(three());
    client.fail('runs:delete', 'the run is training; pause it first');
    studio.runs.requestDelete(studio.hub.item('a')!);
    await studio.runs.confirmDelete();
    expect(studio.hub.item('a')).toBeDefined();
    expect(studio.toasts.items.map((t) => t.message)).toEqual(['the run is training; pause it first']);
  });
});

describe('compare', () => {
  it('needs two ticked runs and compares them in table order with their curves', async () => {
    const { studio } = await studioWith(three());
    const runs = studio.runs;
    runs.toggleSelect('a');
    expect(runs.canCompare).toBe(false);
    runs.compare();
    expect(runs.mode).toBe('list');
    runs.toggleSelect('b');
    expect(runs.canCompare).toBe(true);
    runs.compare();
    expect(runs.mode).toBe('compare');
    expect(runs.compared.map((s) => s.runId)).toEqual(['b', 'a']);
    await settle();
    expect(runs.compared.every((s) => s.steps.length === 1)).toBe(true);
    runs.toggleSelect('a');
    expect(runs.selected).toEqual(['b']);
    runs.toggleAll();
    expect(runs.allSelected).toBe(true);
    runs.toggleAll();
    expect(runs.selected).toEqual([]);
  });

  it('opens one run with its detail from runs:get', async () => {
    const { client, studio } = await studioWith(three());
    studio.runs.open('b');
    await settle();
    expect(studio.runs.mode).toBe('detail');
    expect(studio.runs.opened?.detail?.name).toBe('beta');
    expect(client.callsTo('runs:get')).toEqual([{ runId: 'b' }]);
    studio.runs.back();
    expect(studio.runs.mode).toBe('list');
  });
});
