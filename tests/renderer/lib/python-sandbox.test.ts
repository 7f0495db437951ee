// The playground's Python sandbox host with a scripted fake worker: how worker messages become
// results, the time limit (terminate, then a fresh pre-warmed worker), crashes, one run at a time,
// dispose. The real worker and Pyodide are exercised in tests/e2e/sandbox.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PythonSandbox } from '../../../src/renderer/lib/python-sandbox/python-sandbox';
import type { FromWorker, SandboxState, ToWorker, WorkerLike } from '../../../src/renderer/lib/python-sandbox/types';

class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  received: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(message: FromWorker): void {
    this.onmessage?.({ data: message });
  }
  lastRunId(): number {
    const run = this.received.filter((m) => m.type === 'run').at(-1);
    if (!run || run.type !== 'run') throw new Error('no run message');
    return run.id;
  }
}

let workers: FakeWorker[];
let states: SandboxState[];
const make = (timeLimitMs = 5000) =>
  new PythonSandbox({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    timeLimitMs,
    indexURL: 'http://127.0.0.1/pyodide/',
    onStateChange: (state) => states.push(state),
  });

/** Lets pending promise callbacks (the run waiting for `ready`) happen. */
const settle = () => new Promise<void>((resolve) => queueMicrotask(() => setTimeout(resolve, 0)));

beforeEach(() => {
  workers = [];
  states = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PythonSandbox', () => {
  it('warms up a worker with the Pyodide location, then runs code and maps a successful result', async () => {
    const sandbox = make();
    const warmed = sandbox.warm();
    expect(sandbox.state).toBe('loading');
    expect(workers[0].received[0]).toEqual({ type: 'init', indexURL: 'http://127.0.0.1/pyodide/', outputLimit: 65536 });
    workers[0].send({ type: 'ready', loadMs: 3000 });
    await warmed;
    expect(sandbox.state).toBe('ready');

    const result = sandbox.run('print("hi")');
    await settle();
    expect(sandbox.state).toBe('running');
    const worker = workers[0];
    const id = worker.lastRunId();
    worker.send({ type: 'started', id });
    worker.send({ type: 'output', id, stream: 'stdout', text: 'h' });
    worker.send({ type: 'output', id, stream: 'stdout', text: 'i\n' });
    worker.send({ type: 'output', id: id + 99, stream: 'stdout', text: 'stale' });
    worker.send({ type: 'done', id, status: 'ok', truncated: { stdout: false, stderr: false }, durationMs: 12, recycle: false });
    expect(await result).toMatchObject({ status: 'ok', stdout: 'hi\n', stderr: '', durationMs: 12, message: 'Finished in 0.01 s.' });
    expect(sandbox.state).toBe('ready');
    expect(workers).toHaveLength(1);
  });

  it('a run before Pyodide is ready waits for it, and reports the wait separately', async () => {
    const sandbox = make();
    const result = sandbox.run('x = 1');
    expect(sandbox.state).toBe('running');
    await settle();
    expect(workers[0].received.map((m) => m.type)).toEqual(['init']);
    workers[0].send({ type: 'ready', loadMs: 10 });
    await settle();
    const id = workers[0].lastRunId();
    workers[0].send({ type: 'started', id });
    workers[0].send({ type: 'done', id, status: 'ok', truncated: { stdout: false, stderr: false }, durationMs: 1, recycle: false });
    const done = await result;
    expect(done.status).toBe('ok');
    expect(done.loadMs).toBeGreaterThanOrEqual(0);
  });

  it('maps a Python error to its type, line and one sentence, and marks truncated output', async () => {
    const sandbox = make();
    const result = sandbox.run('1/0');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    const id = workers[0].lastRunId();
    workers[0].send({ type: 'started', id });
    workers[0].send({ type: 'output', id, stream: 'stderr', text: 'x'.repeat(10) });
    const error = { type: 'ZeroDivisionError', message: 'division by zero', line: 3, traceback: 'Traceback …' };
    workers[0].send({ type: 'done', id, status: 'error', error, truncated: { stdout: false, stderr: true }, durationMs: 5, recycle: false });
    const done = await result;
    expect(done).toMatchObject({ status: 'error', error, message: 'ZeroDivisionError at line 3: division by zero.' });
    expect(done.stderr).toBe(`${'x'.repeat(10)}\n… output truncated`);
  });

  it('a MemoryError recycles the worker: the next run gets a fresh interpreter', async () => {
    const sandbox = make();
    const result = sandbox.run('bytearray(10**10)');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    const id = workers[0].lastRunId();
    workers[0].send({ type: 'started', id });
    const error = { type: 'MemoryError', message: '', line: 1, traceback: '' };
    workers[0].send({ type: 'done', id, status: 'error', error, truncated: { stdout: false, stderr: false }, durationMs: 5, recycle: true });
    expect((await result).message).toBe('Ran out of memory (MemoryError) at line 1.');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(sandbox.state).toBe('loading');
  });

  it('the time limit counts from the start of the code, terminates the worker and pre-warms a new one', async () => {
    vi.useFakeTimers();
    const sandbox = make(2000);
    const result = sandbox.run('while True: pass');
    // Loading time does not count.
    await vi.advanceTimersByTimeAsync(10_000);
    workers[0].send({ type: 'ready', loadMs: 10_000 });
    await vi.advanceTimersByTimeAsync(0);
    const id = workers[0].lastRunId();
    workers[0].send({ type: 'started', id });
    workers[0].send({ type: 'output', id, stream: 'stdout', text: 'partial\n' });
    await vi.advanceTimersByTimeAsync(1999);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const done = await result;
    expect(done).toMatchObject({ status: 'timeout', stdout: 'partial\n', durationMs: 2000, message: 'Stopped after 2.0 s (time limit).' });
    expect(done.loadMs).toBe(10_000);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1].received[0].type).toBe('init');
    expect(sandbox.state).toBe('loading');
    // A late message from the terminated worker changes nothing.
    workers[0].send({ type: 'done', id, status: 'ok', truncated: { stdout: false, stderr: false }, durationMs: 1, recycle: false });
    workers[1].send({ type: 'ready', loadMs: 1 });
    expect(sandbox.state).toBe('ready');
  });

  it('a per-run time limit overrides the default', async () => {
    vi.useFakeTimers();
    const sandbox = make(5000);
    const result = sandbox.run('while True: pass', { timeLimitMs: 100 });
    workers[0].send({ type: 'ready', loadMs: 1 });
    await vi.advanceTimersByTimeAsync(0);
    workers[0].send({ type: 'started', id: workers[0].lastRunId() });
    await vi.advanceTimersByTimeAsync(100);
    expect((await result).message).toBe('Stopped after 0.10 s (time limit).');
  });

  it('a worker crash while running gives status crashed and a fresh worker', async () => {
    const sandbox = make();
    const result = sandbox.run('print(1)');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    workers[0].send({ type: 'started', id: workers[0].lastRunId() });
    workers[0].onerror?.({ message: 'Uncaught RuntimeError: unreachable' });
    const done = await result;
    expect(done.status).toBe('crashed');
    expect(done.message).toBe('The Python sandbox crashed (Uncaught RuntimeError: unreachable); it has been restarted.');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);

    // Recovery: the next run uses the new worker.
    workers[1].send({ type: 'ready', loadMs: 1 });
    const next = sandbox.run('print(2)');
    await settle();
    const id = workers[1].lastRunId();
    workers[1].send({ type: 'started', id });
    workers[1].send({ type: 'done', id, status: 'ok', truncated: { stdout: false, stderr: false }, durationMs: 1, recycle: false });
    expect((await next).status).toBe('ok');
  });

  it('Pyodide failing to load fails the waiting run with a clear message; the next run tries again', async () => {
    const sandbox = make();
    const warmed = sandbox.warm();
    const result = sandbox.run('print(1)');
    workers[0].send({ type: 'load-failed', message: 'Failed to fetch pyodide.asm.wasm' });
    await expect(warmed).rejects.toThrow('Failed to fetch pyodide.asm.wasm');
    const done = await result;
    expect(done).toMatchObject({ status: 'crashed', message: 'Python could not start: Failed to fetch pyodide.asm.wasm.' });
    expect(sandbox.state).toBe('idle');
    expect(workers).toHaveLength(1);
    void sandbox.run('print(1)');
    expect(workers).toHaveLength(2);
  });

  it('a load that never finishes counts as a crash after the load limit', async () => {
    vi.useFakeTimers();
    const sandbox = make();
    const result = sandbox.run('print(1)');
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).message).toBe('Python could not start: Pyodide did not load within 60.0 s.');
    expect(workers[0].terminated).toBe(true);
  });

  it('one run at a time: a second run while one is in progress is rejected', async () => {
    const sandbox = make();
    const first = sandbox.run('print(1)');
    await expect(sandbox.run('print(2)')).rejects.toThrow('Python is already running a program');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    const id = workers[0].lastRunId();
    workers[0].send({ type: 'started', id });
    workers[0].send({ type: 'done', id, status: 'ok', truncated: { stdout: false, stderr: false }, durationMs: 1, recycle: false });
    expect((await first).status).toBe('ok');
    expect(workers[0].received.filter((m) => m.type === 'run')).toHaveLength(1);
  });

  it('stop() ends the run like the time limit, with its own message', async () => {
    const sandbox = make();
    const result = sandbox.run('while True: pass');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    workers[0].send({ type: 'started', id: workers[0].lastRunId() });
    sandbox.stop();
    expect((await result).message).toMatch(/^Stopped after \d\.\d\d s\.$/);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it('dispose terminates the worker, ends a run in progress and refuses further work', async () => {
    const sandbox = make();
    const result = sandbox.run('while True: pass');
    workers[0].send({ type: 'ready', loadMs: 1 });
    await settle();
    sandbox.dispose();
    expect((await result).status).toBe('crashed');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(1);
    expect(sandbox.state).toBe('idle');
    await expect(sandbox.run('1')).rejects.toThrow('closed');
    await expect(sandbox.warm()).rejects.toThrow('closed');
    expect(states).toContain('running');
  });
});
