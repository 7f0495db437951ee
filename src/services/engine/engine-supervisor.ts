// Keeps one engine process alive: starts it, relays its messages, and when it dies unexpectedly
// reports the crash, restarts it (with backoff) and leaves the run it was training resumable from
// its last checkpoint. How the process is spawned is the shell's business (Electron utility process
// or Node fork), passed in as `spawn`.
import { randomUUID } from 'node:crypto';
import type { EngineCommand, EngineMessage, EngineRequest, EngineRequests } from '../../shared/api/engine-protocol';
import type { ErrorData } from '../../shared/api/contract';
import type { EngineStatus } from '../../shared/api/types';

export interface EngineHandle {
  send(command: EngineCommand): void;
  onMessage(handler: (message: EngineMessage) => void): void;
  onExit(handler: (code: number | null) => void): void;
  kill(): void;
}

export type SpawnEngine = () => EngineHandle;

export interface SupervisorListener {
  message(message: EngineMessage): void;
  status(status: EngineStatus): void;
  /** The engine died while training this run. */
  crashed(runId: string, message: string): void;
}

const RESTART_DELAYS_MS = [500, 2000, 5000, 15000];

/** A request in flight: its events and its one answer. */
export interface EngineCall<R> {
  id: string;
  result: Promise<R>;
  cancel(): void;
}

interface Pending {
  onEvent: (event: never) => void;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
}

/** An engine error rebuilt on this side with its code (cancelled, busy, no-checkpoint …). */
function fromErrorData(error: ErrorData): Error {
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code ? { code: error.code } : {}) });
}

export class EngineSupervisor {
  private engine: EngineHandle | null = null;
  private restarts = 0;
  private stopping = false;
  private queue: EngineCommand[] = [];
  private readonly pending = new Map<string, Pending>();
  status: EngineStatus = { state: 'starting', backend: null, activeRunId: null };

  constructor(private readonly spawn: SpawnEngine, private readonly listener: SupervisorListener) {}

  start(): void {
    this.stopping = false;
    const engine = this.spawn();
    this.engine = engine;
    engine.onMessage((message) => {
      if (message.type === 'ready') {
        this.restarts = 0;
        this.setStatus({ state: 'ready', backend: message.backend, activeRunId: this.status.activeRunId });
        for (const command of this.queue.splice(0)) engine.send(command);
      }
      // Only the end of the run being trained frees the engine; a message about another run
      // (a rejected second start) must not change this one's state.
      if ((message.type === 'run-finished' || message.type === 'run-failed') && message.runId === this.status.activeRunId) {
        this.setStatus({ ...this.status, activeRunId: null });
      }
      if (message.type === 'request-event' || message.type === 'request-done' || message.type === 'request-failed') {
        this.answer(message);
        return;
      }
      this.listener.message(message);
    });
    engine.onExit((code) => {
      if (this.engine !== engine) return;
      this.engine = null;
      if (this.stopping) return;
      const runId = this.status.activeRunId;
      const reason = `The engine stopped unexpectedly (exit code ${code ?? 'unknown'})`;
      for (const [id, call] of this.pending) call.reject(Object.assign(new Error(`${reason} while answering this request`), { code: 'engine-crashed', id }));
      this.pending.clear();
      this.setStatus({ state: 'crashed', backend: this.status.backend, message: reason, activeRunId: null });
      if (runId) this.listener.crashed(runId, reason);
      const delay = RESTART_DELAYS_MS[Math.min(this.restarts++, RESTART_DELAYS_MS.length - 1)];
      setTimeout(() => {
        if (this.stopping) return;
        this.setStatus({ state: 'restarting', backend: this.status.backend, message: reason, activeRunId: null });
        this.start();
      }, delay).unref();
    });
  }

  /**
   * Sends a command now, or as soon as the engine is ready. One run trains at a time: a train
   * command while any run (this one included) is active is refused here, before it reaches the engine.
   */
  send(command: EngineCommand): void {
    if (command.type === 'train') {
      const active = this.status.activeRunId;
      if (active === command.runId) throw Object.assign(new Error('This run is already training'), { code: 'busy' });
      if (active) throw Object.assign(new Error(`Run ${active} is training: pause it before starting another`), { code: 'busy' });
      this.setStatus({ ...this.status, activeRunId: command.runId });
    }
    if (this.engine && this.status.state === 'ready') this.engine.send(command);
    else this.queue.push(command);
  }

  /** Asks the engine something; events stream to `onEvent` until the one result or error arrives. */
  request<K extends keyof EngineRequests>(
    request: Extract<EngineRequest, { type: K }>, onEvent: (event: EngineRequests[K]['event']) => void = () => {},
  ): EngineCall<EngineRequests[K]['result']> {
    const id = randomUUID();
    const result = new Promise<EngineRequests[K]['result']>((resolve, reject) => {
      this.pending.set(id, { onEvent: onEvent as (event: never) => void, resolve: resolve as (result: never) => void, reject });
    });
    this.send({ type: 'request', id, request });
    return {
      id,
      result,
      cancel: () => {
        if (this.pending.has(id)) this.send({ type: 'cancel', id });
      },
    };
  }

  /** Requests waiting for an answer (for tests and the status bar). */
  get pendingRequests(): number {
    return this.pending.size;
  }

  private answer(message: Extract<EngineMessage, { type: 'request-event' | 'request-done' | 'request-failed' }>): void {
    const call = this.pending.get(message.id);
    if (!call) return; // an answer for a request this side gave up on (engine restarted)
    if (message.type === 'request-event') call.onEvent(message.event as never);
    else {
      this.pending.delete(message.id);
      if (message.type === 'request-done') call.resolve(message.result as never);
      else call.reject(fromErrorData(message.error));
    }
  }

  isActive(runId: string): boolean {
    return this.status.activeRunId === runId;
  }

  /** Asks the engine to checkpoint and leave; kills it if it has not left after `graceMs`. */
  async stop(graceMs = 60_000): Promise<void> {
    this.stopping = true;
    const engine = this.engine;
    if (!engine) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        engine.kill();
        resolve();
      }, graceMs);
      engine.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      engine.send({ type: 'shutdown' });
    });
    this.engine = null;
  }

  /** For tests and the "restart engine" menu item: kill the process as a crash would. */
  killForTest(): void {
    this.engine?.kill();
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    this.listener.status(status);
  }
}
