// The shell: engine status and backend label, the crash banner with a resumable run, the
// connection banner and the refresh after reconnecting, view shortcuts, and request failures
// shown as toasts rather than lost.
import { describe, expect, it } from 'vitest';
import { Studio } from '../../../src/renderer/studio.svelte';
import type { EngineStatus, RunListItem } from '../../../src/shared/api/types';
import { FakeStudioClient, ManualFrames, idleTimers, presetInfos, runDetail, runItem, settle } from '../fake-client';

async function studioWith(runs: RunListItem[], engine: EngineStatus = { state: 'ready', backend: 'wasm (SIMD, 1 thread)', activeRunId: null }) {
  const client = new FakeStudioClient();
  const items = [...runs];
  client
    .handle('app:info', () => ({ version: '0.1.0', mode: 'web', dataDir: '/tmp/x', engine }))
    .handle('runs:list', () => items)
    .handle('datasets:list', () => [{ id: 'sample', name: 'Sample', path: '/s', builtIn: true, pairs: 10 }])
    .handle('config:presets', () => presetInfos())
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId) ?? runItem({ id: runId })))
    .handle('runs:resume', () => ({ ok: true }));
  const studio = new Studio(client, { scheduler: new ManualFrames().schedule, timers: idleTimers });
  await studio.start();
  return { client, studio };
}

function key(k: string, mods: Partial<KeyboardEventInit> = {}): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: k, cancelable: true, ...mods });
}

describe('engine status', () => {
  it('shows the backend label and follows the active run', async () => {
    const { studio } = await studioWith([runItem({ id: 'r1', status: 'training' })], { state: 'ready', backend: 'wasm (SIMD, 1 thread)', activeRunId: 'r1' });
    expect(studio.shell.backendLabel).toBe('wasm (SIMD, 1 thread)');
    expect(studio.training.current?.runId).toBe('r1');
    expect(studio.shell.banner).toBeNull();
  });

  it('does not repeat the first sentence when the supervisor message already says it', async () => {
    const { client, studio } = await studioWith([]);
    client.emit('engine:status', { state: 'restarting', backend: null, activeRunId: null, message: 'The engine stopped unexpectedly (exit code unknown)' });
    expect(studio.shell.banner?.message).toBe('The engine stopped unexpectedly; it is restarting. (exit code unknown)');
  });

  it('says the engine is starting before it has a backend', async () => {
    const { studio } = await studioWith([], { state: 'starting', backend: null, activeRunId: null });
    expect(studio.shell.backendLabel).toBe('engine starting…');
  });

  it('shows the crash banner, then offers Resume once the engine is ready, and resumes the run', async () => {
    const { client, studio } = await studioWith([runItem({ id: 'r1', name: 'long run', status: 'training' })], {
      state: 'ready', backend: 'cpu', activeRunId: 'r1',
    });
    client.emit('engine:status', { state: 'crashed', backend: null, activeRunId: null, message: 'exit code 134' });
    const crashed = studio.shell.banner!;
    expect(crashed.tone).toBe('danger');
    expect(crashed.message).toBe(
      'The engine stopped unexpectedly; it is restarting. Your run can be resumed from its last checkpoint. (exit code 134)',
    );
    expect(crashed.resumeRunId).toBe('r1');
    expect(crashed.canResume).toBe(false);

    client.emit('run:status', { runId: 'r1', status: 'interrupted' });
    client.emit('engine:status', { state: 'ready', backend: 'cpu', activeRunId: null });
    const ready = studio.shell.banner!;
    expect(ready.message).toBe('The run “long run” was interrupted. It had not reached its first checkpoint: Resume starts it again from step 0.');
    expect(ready.canResume).toBe(true);

    studio.shell.view = 'runs';
    await studio.resumeInterrupted();
    expect(client.callsTo('runs:resume')).toEqual([{ runId: 'r1' }]);
    expect(studio.shell.banner).toBeNull();
    expect(studio.shell.view).toBe('training');
    expect(studio.training.current?.runId).toBe('r1');
  });

  it('says from which step an interrupted run resumes', async () => {
    const { client, studio } = await studioWith([runItem({ id: 'r1', name: 'long run', status: 'interrupted', steps: 1500 })]);
    client.emit('run:status', { runId: 'r1', status: 'interrupted' });
    expect(studio.shell.banner?.message).toBe('The run “long run” was interrupted. Resume continues from step 1,500, its last checkpoint.');
  });

  it('keeps the banner and shows a toast when resuming fails', async () => {
    const { client, studio } = await studioWith([runItem({ id: 'r1', status: 'interrupted' })]);
    client.emit('run:status', { runId: 'r1', status: 'interrupted' });
    client.fail('runs:resume', 'no checkpoint to resume from');
    await studio.resumeInterrupted();
    expect(studio.shell.banner?.resumeRunId).toBe('r1');
    expect(studio.toasts.items.map((t) => `${t.title}: ${t.message}`)).toEqual(['Could not resume the run: no checkpoint to resume from']);
    studio.shell.dismissBanner();
    expect(studio.shell.banner).toBeNull();
  });
});

describe('connection', () => {
  it('shows reconnecting and reloads the list and open runs when the event channel returns', async () => {
    const { client, studio } = await studioWith([runItem({ id: 'r1', status: 'training' })]);
    expect(studio.shell.connection).toBe('open');
    const lists = client.callsTo('runs:list').length;
    const gets = client.callsTo('runs:get').length;
    client.setConnection('reconnecting');
    expect(studio.shell.connection).toBe('reconnecting');
    client.setConnection('open');
    await settle(20);
    expect(client.callsTo('runs:list').length).toBe(lists + 1);
    expect(client.callsTo('runs:get').length).toBe(gets + 1);
    expect(client.callsTo('app:info').length).toBe(2);
  });
});

describe('navigation and errors', () => {
  it('switches views with Ctrl/Cmd+1 … +5 in tab order', async () => {
    const { studio } = await studioWith([]);
    const three = key('3', { ctrlKey: true });
    studio.handleKey(three);
    expect(studio.shell.view).toBe('runs');
    expect(three.defaultPrevented).toBe(true);
    studio.handleKey(key('2', { metaKey: true }));
    expect(studio.shell.view).toBe('training');
    studio.handleKey(key('3'));
    expect(studio.shell.view).toBe('training');
    const seen = ['1', '2', '3', '4', '5'].map((k) => {
      studio.handleKey(key(k, { ctrlKey: true }));
      return studio.shell.view;
    });
    expect(seen).toEqual(['datasets', 'training', 'runs', 'playground', 'inspector']);
  });

  it('switches by the physical digit key too, so layouts whose digit row needs Shift (AZERTY: Ctrl+é) work', async () => {
    const { studio } = await studioWith([]);
    const azerty = key('é', { code: 'Digit2', ctrlKey: true });
    studio.handleKey(key('"', { code: 'Digit3', ctrlKey: true }));
    expect(studio.shell.view).toBe('runs');
    studio.handleKey(azerty);
    expect(studio.shell.view).toBe('training');
    expect(azerty.defaultPrevented).toBe(true);
    studio.handleKey(key('4', { code: 'Numpad4', metaKey: true }));
    expect(studio.shell.view).toBe('playground');
    // The character wins over the key's position (a layout that moves digits), and other letters,
    // Shift, Alt (AltGr) or a 6th digit switch nothing.
    studio.handleKey(key('1', { code: 'Digit5', ctrlKey: true }));
    expect(studio.shell.view).toBe('datasets');
    for (const ignored of [key('a', { code: 'KeyQ', ctrlKey: true }), key('2', { code: 'Digit2', ctrlKey: true, shiftKey: true }), key('2', { code: 'Digit2', ctrlKey: true, altKey: true }), key('6', { code: 'Digit6', ctrlKey: true })]) {
      studio.handleKey(ignored);
      expect(ignored.defaultPrevented).toBe(false);
    }
    expect(studio.shell.view).toBe('datasets');
  });

  it('leaves Ctrl+2 to a widget that already used it, and to text being composed', async () => {
    const { studio } = await studioWith([]);
    studio.handleKey(key('3', { ctrlKey: true }));
    const used = key('2', { ctrlKey: true });
    used.preventDefault(); // e.g. the editor's Ctrl+K Ctrl+2 (fold level 2)
    studio.handleKey(used);
    studio.handleKey(key('2', { ctrlKey: true, isComposing: true }));
    expect(studio.shell.view).toBe('runs');
  });

  it('switches nothing while a dialog is open: the run delete confirmation, the import dialog, or any <dialog> the key comes from', async () => {
    const { studio } = await studioWith([runItem({ id: 'r1', status: 'completed' })]);
    studio.handleKey(key('3', { ctrlKey: true }));
    studio.runs.requestDelete(studio.hub.items[0]);
    studio.handleKey(key('2', { ctrlKey: true }));
    expect(studio.shell.view).toBe('runs');
    studio.runs.cancelDelete();

    studio.datasets.importer.open = true;
    studio.handleKey(key('2', { ctrlKey: true }));
    expect(studio.shell.view).toBe('runs');
    studio.datasets.importer.open = false;

    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    const field = dialog.appendChild(document.createElement('input'));
    document.body.append(dialog);
    try {
      const inside = key('2', { ctrlKey: true, bubbles: true });
      field.dispatchEvent(inside);
      studio.handleKey(inside);
      expect(studio.shell.view).toBe('runs');
      expect(inside.defaultPrevented).toBe(false);
      dialog.removeAttribute('open');
      const closed = key('2', { ctrlKey: true, bubbles: true });
      field.dispatchEvent(closed);
      studio.handleKey(closed);
      expect(studio.shell.view).toBe('training');
    } finally {
      dialog.remove();
    }
  });

  it('turns failed start-up requests into toasts naming what failed', async () => {
    const client = new FakeStudioClient();
    client.fail('app:info', 'Cannot reach the studio server (app:info): Failed to fetch');
    client.fail('runs:list', 'invalid token');
    client.handle('datasets:list', () => []);
    client.fail('config:presets', 'boom');
    const studio = new Studio(client, { timers: idleTimers });
    await studio.start();
    expect(studio.toasts.items.map((t) => t.title).sort()).toEqual([
      'Could not load the list of runs',
      'Could not load the presets',
      'Could not reach the studio',
    ]);
    expect(studio.started).toBe(true);
  });

  it('counts a repeated failure instead of stacking it, and dismisses on request', async () => {
    const { studio } = await studioWith([]);
    studio.toasts.error('Could not pause the run', new Error('busy'));
    studio.toasts.error('Could not pause the run', new Error('busy'));
    expect(studio.toasts.items).toHaveLength(1);
    expect(studio.toasts.items[0].count).toBe(2);
    studio.toasts.dismiss(studio.toasts.items[0].id);
    expect(studio.toasts.items).toHaveLength(0);
  });
});
