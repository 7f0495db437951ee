// The engine's generation requests: one at a time, in arrival order, between training steps. Keeps
// the last two opened checkpoints in memory (comparing two side by side reloads nothing), and
// stops a generation within one token when it is cancelled.
import { basename, join } from 'node:path';
import type { GenerateRequest, GenerationEvent, GenerationResult } from '../shared/generation/generation';
import { generateCode } from '../jobs/generate';
import { openRun, resolveCheckpoint, type OpenedRun } from '../jobs/open-run';
import type { Turns } from './turns';

const OPEN_CHECKPOINTS = 2;
const MAX_QUEUED = 8;

interface Job {
  id: string;
  runDir: string;
  request: GenerateRequest;
  arrived: number;
  onEvent: (event: GenerationEvent) => void;
  resolve: (result: GenerationResult) => void;
  reject: (error: Error) => void;
}

export class Generations {
  private readonly open = new Map<string, OpenedRun>();
  private readonly queue: Job[] = [];
  private running: { id: string; stop: boolean } | null = null;

  constructor(private readonly turns: Turns) {}

  generate(id: string, runDir: string, request: GenerateRequest, onEvent: (event: GenerationEvent) => void): Promise<GenerationResult> {
    if (this.queue.length >= MAX_QUEUED) {
      return Promise.reject(Object.assign(new Error(`The engine has ${MAX_QUEUED} generations waiting: try again when they finish`), { code: 'busy' }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id, runDir, request, arrived: performance.now(), onEvent, resolve, reject });
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
      job.resolve(await this.turns.hold(() => this.run(job, current)));
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.running = null;
      // Let a waiting training step run before the next generation starts.
      setImmediate(() => void this.next());
    }
  }

  private async run(job: Job, current: { stop: boolean }): Promise<GenerationResult> {
    const queuedMs = performance.now() - job.arrived;
    const loadStart = performance.now();
    const run = await this.checkpoint(job.runDir, job.request.checkpoint);
    const loadMs = performance.now() - loadStart;
    return generateCode(run, { prompt: job.request.prompt, settings: job.request.settings, prefix: job.request.prefix, alternatives: job.request.alternatives }, {
      onEvent: job.onEvent,
      shouldStop: () => current.stop,
      // Between tokens, read messages (a cancel) before decoding the next one.
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      queuedMs,
      loadMs,
    });
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
