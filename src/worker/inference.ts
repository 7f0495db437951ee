// The engine's inference requests (generation, attention): one at a time, in arrival order,
// between training steps. Keeps the last two opened checkpoints in memory (comparing two side by
// side reloads nothing) and the last attention pass (switching layer or head recomputes nothing),
// and stops a generation within one token when it is cancelled.
import { basename, join } from 'node:path';
import type { AttentionInspection, AttentionRequest } from '../shared/attention/inspection';
import type { GenerateRequest, GenerationEvent, GenerationResult } from '../shared/generation/generation';
import { inspect, readAttention, targetIdsFor, type AttentionSet } from '../jobs/attention';
import { generateCode } from '../jobs/generate';
import { openRun, resolveCheckpoint, type OpenedRun } from '../jobs/open-run';
import type { Turns } from './turns';

const OPEN_CHECKPOINTS = 2;
const MAX_QUEUED = 8;

interface Job {
  id: string;
  arrived: number;
  work: (current: { stop: boolean }, queuedMs: number) => Promise<unknown>;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
}

export class Inference {
  private readonly open = new Map<string, OpenedRun>();
  private readonly queue: Job[] = [];
  private running: { id: string; stop: boolean } | null = null;
  private lastAttention: { key: string; set: AttentionSet } | null = null;

  constructor(private readonly turns: Turns) {}

  generate(id: string, runDir: string, request: GenerateRequest, onEvent: (event: GenerationEvent) => void): Promise<GenerationResult> {
    return this.enqueue(id, async (current, queuedMs) => {
      const loadStart = performance.now();
      const run = await this.checkpoint(runDir, request.checkpoint);
      const loadMs = performance.now() - loadStart;
      return generateCode(run, { prompt: request.prompt, settings: request.settings, prefix: request.prefix, alternatives: request.alternatives }, {
        onEvent,
        shouldStop: () => current.stop,
        // Between tokens, read messages (a cancel) before decoding the next one.
        pause: () => new Promise((resolve) => setImmediate(resolve)),
        queuedMs,
        loadMs,
      });
    });
  }

  /** Attention maps for a prompt and its code; the last forward pass is kept for the next view. */
  attention(id: string, runDir: string, request: AttentionRequest): Promise<AttentionInspection> {
    return this.enqueue(id, async () => {
      const started = performance.now();
      const run = await this.checkpoint(runDir, request.checkpoint);
      const target = targetIdsFor(run, request.prompt, request.target);
      const key = JSON.stringify([run.dir, run.checkpoint, request.prompt, target]);
      if (this.lastAttention?.key !== key) this.lastAttention = { key, set: readAttention(run, request.prompt, target) };
      return inspect(run, this.lastAttention.set, request.prompt, request.view, started);
    });
  }

  private enqueue<R>(id: string, work: (current: { stop: boolean }, queuedMs: number) => Promise<R>): Promise<R> {
    if (this.queue.length >= MAX_QUEUED) {
      return Promise.reject(Object.assign(new Error(`The engine has ${MAX_QUEUED} requests waiting: try again when they finish`), { code: 'busy' }));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id, arrived: performance.now(), work, resolve: resolve as (result: never) => void, reject });
      if (!this.running) void this.next();
    });
  }

  cancel(id: string): void {
    if (this.running?.id === id) this.running.stop = true;
    const index = this.queue.findIndex((job) => job.id === id);
    if (index >= 0) {
      const [job] = this.queue.splice(index, 1);
      job.reject(Object.assign(new Error('Cancelled before it started'), { code: 'cancelled' }));
    }
  }

  dispose(): void {
    for (const run of this.open.values()) run.dispose();
    this.open.clear();
  }

  private async next(): Promise<void> {
    const job = this.queue.shift();
    if (!job) return;
    const current = { id: job.id, stop: false };
    this.running = current;
    try {
      job.resolve((await this.turns.hold(() => job.work(current, performance.now() - job.arrived))) as never);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.running = null;
      // Let a waiting training step run before the next generation starts.
      setImmediate(() => void this.next());
    }
  }

  private async checkpoint(runDir: string, choice: GenerateRequest['checkpoint']): Promise<OpenedRun> {
    const path = await resolveCheckpoint(join(runDir, 'checkpoints'), choice);
    const cached = this.open.get(path);
    if (cached) {
      // Most recently used last, so the oldest is the one evicted.
      this.open.delete(path);
      this.open.set(path, cached);
      return cached;
    }
    const run = await openRun(runDir, { checkpoint: basename(path) });
    this.open.set(path, run);
    while (this.open.size > OPEN_CHECKPOINTS) {
      const [oldest, evicted] = this.open.entries().next().value as [string, OpenedRun];
      this.open.delete(oldest);
      evicted.dispose();
    }
    return run;
  }
}
