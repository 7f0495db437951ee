// Types shared by the playground's Python sandbox host (python-sandbox.ts, in the page) and its Web
// Worker (python-worker.ts): the results the UI shows and the messages the two exchange.

export type SandboxStatus = 'ok' | 'error' | 'timeout' | 'crashed';
export type SandboxState = 'idle' | 'loading' | 'ready' | 'running';

export interface SandboxError {
  /** Python exception class name, e.g. "NameError". */
  type: string;
  message: string;
  /** Line of the user's code where it was raised (innermost frame in that code), when known. */
  line: number | null;
  /** Traceback limited to the user's code, as Python prints it. */
  traceback: string;
}

/** Outcome of one run: plain data, safe to keep in UI state. */
export interface SandboxResult {
  status: SandboxStatus;
  stdout: string;
  stderr: string;
  error?: SandboxError;
  /** Time the code ran (the time limit counts this only). */
  durationMs: number;
  /** Time this run waited for Python to load before it started (0 when it was already loaded). */
  loadMs: number;
  /** One sentence for the UI. */
  message: string;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'init'; indexURL: string; outputLimit: number }
  | { type: 'run'; id: number; code: string };

/** Worker → page. */
export type FromWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'started'; id: number }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; text: string }
  | {
      type: 'done';
      id: number;
      status: 'ok' | 'error';
      /** True when output went past the limit and the rest was dropped. */
      truncated: { stdout: boolean; stderr: boolean };
      error?: SandboxError;
      durationMs: number;
      /** The interpreter should not be reused (out of memory, fatal error): start a fresh worker. */
      recycle: boolean;
    };

/** What the host needs of a Worker (a fake one in tests). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
}
