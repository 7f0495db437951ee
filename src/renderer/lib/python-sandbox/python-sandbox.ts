// Runs model-generated Python for the playground, in the page's side of the sandbox: owns the Pyodide
// Web Worker (python-worker.ts), enforces the time limit by terminating it, recovers from crashes by
// starting a fresh one, and turns what the worker reports into one plain SandboxResult per run.
import type { FromWorker, SandboxResult, SandboxState, WorkerLike } from './types';

export type { SandboxError, SandboxResult, SandboxState, SandboxStatus, WorkerLike } from './types';

export interface PythonSandboxOptions {
  createWorker?: () => WorkerLike;
  /** Longest a run may execute, not counting Pyodide's loading (default 5 s). */
  timeLimitMs?: number;
  /** Longest Pyodide may take to load before the worker counts as crashed (default 60 s). */
  loadLimitMs?: number;
  /** Where pyodide.mjs and its files are served (default: pyodide/ next to the page). */
  indexURL?: string;
  /** Characters kept of stdout and of stderr each (default 64 KiB). */
  outputLimit?: number;
  onStateChange?: (state: SandboxState) => void;
}

const TRUNCATED = '\n… output truncated';

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./python-worker.ts', import.meta.url), { type: 'module', name: 'python-sandbox' }) as unknown as WorkerLike;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
}

interface Job {
  id: number;
  code: string;
  timeLimitMs: number;
  queuedAt: number;
  startedAt: number | null;
  stdout: string;
  stderr: string;
  timer: ReturnType<typeof setTimeout> | null;
  resolve(result: SandboxResult): void;
}

/** One Pyodide worker and its life: loading, ready, or gone (terminated). */
interface Slot {
  worker: WorkerLike;
  ready: boolean;
  loadTimer: ReturnType<typeof setTimeout> | null;
  waiters: { resolve(): void; reject(error: Error): void }[];
}

export class PythonSandbox {
  readonly #createWorker: () => WorkerLike;
  readonly #timeLimitMs: number;
  readonly #loadLimitMs: number;
  readonly #indexURL: string;
  readonly #outputLimit: number;
  readonly #onStateChange?: (state: SandboxState) => void;
  #slot: Slot | null = null;
  #job: Job | null = null;
  #nextId = 1;
  #disposed = false;
  #state: SandboxState = 'idle';

  constructor(options: PythonSandboxOptions = {}) {
    this.#createWorker = options.createWorker ?? defaultWorker;
    this.#timeLimitMs = options.timeLimitMs ?? 5000;
    this.#loadLimitMs = options.loadLimitMs ?? 60_000;
    // Relative to the page, so it works under the web shell (http://127.0.0.1:PORT/) and in Electron
    // (file://…/out/renderer/index.html) alike.
    this.#indexURL = options.indexURL ?? new URL('pyodide/', globalThis.location?.href ?? 'http://localhost/').href;
    this.#outputLimit = options.outputLimit ?? 64 * 1024;
    this.#onStateChange = options.onStateChange;
  }

  get state(): SandboxState {
    return this.#state;
  }

  /** Starts loading Pyodide now so that the first run does not wait for it. */
  warm(): Promise<void> {
    if (this.#disposed) return Promise.reject(new Error('The Python sandbox has been closed.'));
    const slot = this.#ensureSlot();
    if (slot.ready) return Promise.resolve();
    return new Promise((resolve, reject) => slot.waiters.push({ resolve, reject }));
  }

  /**
   * Runs `code` in a fresh namespace. One run at a time: a second call while one is in progress is
   * rejected (the UI disables its Run button meanwhile). Never rejects for anything the code does.
   */
  async run(code: string, options: { timeLimitMs?: number } = {}): Promise<SandboxResult> {
    if (this.#disposed) throw new Error('The Python sandbox has been closed.');
    if (this.#job) throw new Error('Python is already running a program; wait for it to finish or stop it.');
    const job: Job = {
      id: this.#nextId++,
      code,
      timeLimitMs: options.timeLimitMs ?? this.#timeLimitMs,
      queuedAt: Date.now(),
      startedAt: null,
      stdout: '',
      stderr: '',
      timer: null,
      resolve: () => {},
    };
    const result = new Promise<SandboxResult>((resolve) => (job.resolve = resolve));
    this.#job = job;
    this.#setState('running');
    const slot = this.#ensureSlot();
    try {
      if (!slot.ready) await new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    } catch (error) {
      this.#finish(job, this.#crashed(job, `Python could not start: ${(error as Error).message}`));
      return result;
    }
    if (this.#job === job && this.#slot === slot) slot.worker.postMessage({ type: 'run', id: job.id, code });
    return result;
  }

  /** Stops the running program (as the time limit would) and starts a fresh worker. */
  stop(): void {
    const job = this.#job;
    if (!job) return;
    const ranMs = job.startedAt === null ? 0 : Date.now() - job.startedAt;
    this.#finish(job, this.#result(job, 'timeout', ranMs, `Stopped after ${seconds(ranMs)}.`), true);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const job = this.#job;
    if (job) this.#finish(job, this.#crashed(job, 'The Python sandbox was closed before the program finished.'), false);
    this.#discardSlot(new Error('The Python sandbox has been closed.'));
    this.#setState('idle');
  }

  #ensureSlot(): Slot {
    if (this.#slot) return this.#slot;
    const worker = this.#createWorker();
    const slot: Slot = { worker, ready: false, loadTimer: null, waiters: [] };
    this.#slot = slot;
    worker.onmessage = (event) => {
      if (this.#slot === slot) this.#onMessage(slot, event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.#slot === slot) this.#onCrash(slot, event.message || 'the worker stopped unexpectedly');
    };
    slot.loadTimer = setTimeout(() => this.#onCrash(slot, `Pyodide did not load within ${seconds(this.#loadLimitMs)}`), this.#loadLimitMs);
    worker.postMessage({ type: 'init', indexURL: this.#indexURL, outputLimit: this.#outputLimit });
    if (!this.#job) this.#setState('loading');
    return slot;
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const job = this.#job;
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        if (slot.loadTimer) clearTimeout(slot.loadTimer);
        if (!job) this.#setState('ready');
        for (const waiter of slot.waiters.splice(0)) waiter.resolve();
        return;
      case 'load-failed':
        this.#onCrash(slot, message.message);
        return;
      case 'started':
        if (!job || message.id !== job.id) return;
        job.startedAt = Date.now();
        job.timer = setTimeout(() => {
          const limit = job.timeLimitMs;
          this.#finish(job, this.#result(job, 'timeout', limit, `Stopped after ${seconds(limit)} (time limit).`), true);
        }, job.timeLimitMs);
        return;
      case 'output':
        if (!job || message.id !== job.id) return;
        if (message.stream === 'stdout') job.stdout += message.text;
        else job.stderr += message.text;
        return;
      case 'done': {
        if (!job || message.id !== job.id) return;
        if (message.truncated.stdout) job.stdout += TRUNCATED;
        if (message.truncated.stderr) job.stderr += TRUNCATED;
        const result = this.#result(job, message.status, message.durationMs, '');
        if (message.error) result.error = message.error;
        result.message = describe(result);
        this.#finish(job, result, message.recycle);
        return;
      }
    }
  }

  /** The worker died or could not load: the run in progress (if any) fails, a fresh worker starts. */
  #onCrash(slot: Slot, reason: string): void {
    if (this.#slot !== slot) return;
    const job = this.#job;
    const wasLoading = !slot.ready;
    this.#discardSlot(new Error(reason));
    if (job) {
      const message = wasLoading && job.startedAt === null ? `Python could not start: ${reason}.` : `The Python sandbox crashed (${reason}); it has been restarted.`;
      this.#finish(job, this.#crashed(job, message), false);
    }
    // A worker that failed to load would most likely fail again at once; the next run retries.
    if (!wasLoading) this.#prewarm();
    else if (!this.#job) this.#setState('idle');
  }

  #finish(job: Job, result: SandboxResult, recycle = false): void {
    if (this.#job !== job) return;
    if (job.timer) clearTimeout(job.timer);
    this.#job = null;
    if (recycle) {
      this.#discardSlot(new Error('The worker was restarted.'));
      this.#prewarm();
    } else {
      this.#setState(this.#slot?.ready ? 'ready' : this.#slot ? 'loading' : 'idle');
    }
    job.resolve(result);
  }

  #prewarm(): void {
    if (this.#disposed) return;
    this.#ensureSlot();
    this.#setState('loading');
  }

  #discardSlot(reason: Error): void {
    const slot = this.#slot;
    if (!slot) return;
    this.#slot = null;
    if (slot.loadTimer) clearTimeout(slot.loadTimer);
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    slot.worker.terminate();
    for (const waiter of slot.waiters.splice(0)) waiter.reject(reason);
  }

  #result(job: Job, status: SandboxResult['status'], durationMs: number, message: string): SandboxResult {
    const loadMs = job.startedAt === null ? Date.now() - job.queuedAt : Math.max(0, job.startedAt - job.queuedAt);
    return { status, stdout: job.stdout, stderr: job.stderr, durationMs, loadMs, message };
  }

  #crashed(job: Job, message: string): SandboxResult {
    return this.#result(job, 'crashed', job.startedAt === null ? 0 : Date.now() - job.startedAt, message);
  }

  #setState(state: SandboxState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#onStateChange?.(state);
  }
}

/** The one sentence the UI shows for a finished run. */
function describe(result: SandboxResult): string {
  const error = result.error;
  if (result.status === 'ok' || !error) return `Finished in ${seconds(result.durationMs)}.`;
  const where = error.line === null ? '' : ` at line ${error.line}`;
  if (error.type === 'MemoryError') return `Ran out of memory (MemoryError)${where}.`;
  if (error.type === 'FatalError') return 'Python stopped with a fatal error; it has been restarted.';
  const detail = error.message ? `: ${error.message.split('\n')[0]}` : '';
  return `${error.type}${where}${detail}`.replace(/[.]?$/, '.');
}
