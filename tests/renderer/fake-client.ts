// A StudioClient for renderer tests: requests answered by per-channel handlers (or failing with
// a rebuilt service error), every call recorded, events and connection changes pushed by hand,
// plus a frame scheduler the test advances and builders for plain contract data.
import type { EventChannel, Events, RequestArgs, RequestChannel, RequestResult } from '../../src/shared/api/contract';
import type { ImportSource } from '../../src/shared/api/dataset-types';
import type { EvaluationPoint, PresetInfo, RunDetail, RunListItem, SamplesAtStep, StepPoint } from '../../src/shared/api/types';
import { PRESET_NAMES, resolveTrainConfig } from '../../src/shared/config/presets';
import type { ConnectionState, StudioClient } from '../../src/renderer/lib/api/studio-client';
import { StudioRequestError } from '../../src/renderer/lib/api/studio-client';

type Handler<K extends RequestChannel> = (args: RequestArgs<K>) => RequestResult<K> | Promise<RequestResult<K>>;

export class FakeStudioClient implements StudioClient {
  readonly calls: { channel: RequestChannel; args: unknown }[] = [];
  #handlers = new Map<RequestChannel, Handler<RequestChannel>>();
  #listeners = new Map<string, Set<(payload: unknown) => void>>();
  #connection = new Set<(state: ConnectionState) => void>();
  connectionState: ConnectionState = 'open';

  handle<K extends RequestChannel>(channel: K, handler: Handler<K>): this {
    this.#handlers.set(channel, handler as unknown as Handler<RequestChannel>);
    return this;
  }

  /** Makes `channel` reject the way a service error arrives over either transport. */
  fail(channel: RequestChannel, message: string, code?: string): this {
    return this.handle(channel, () => {
      throw new StudioRequestError(channel, { name: 'Error', message, code });
    });
  }

  async invoke<K extends RequestChannel>(channel: K, args: RequestArgs<K>): Promise<RequestResult<K>> {
    this.calls.push({ channel, args });
    const handler = this.#handlers.get(channel) as Handler<K> | undefined;
    if (!handler) throw new StudioRequestError(channel, { name: 'Error', message: `fake client: no handler for ${channel}` });
    // Answer asynchronously, as a real transport does.
    await Promise.resolve();
    return handler(args);
  }

  callsTo<K extends RequestChannel>(channel: K): RequestArgs<K>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.args as RequestArgs<K>);
  }

  on<E extends EventChannel>(event: E, handler: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const h = handler as (payload: unknown) => void;
    set.add(h);
    return () => set.delete(h);
  }

  emit<E extends EventChannel>(event: E, payload: Events[E]): void {
    for (const handler of [...(this.#listeners.get(event) ?? [])]) handler(payload);
  }

  listenerCount(event: EventChannel): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  onConnection(handler: (state: ConnectionState) => void): () => void {
    this.#connection.add(handler);
    handler(this.connectionState);
    return () => this.#connection.delete(handler);
  }

  setConnection(state: ConnectionState): void {
    this.connectionState = state;
    for (const handler of [...this.#connection]) handler(state);
  }

  /** Files "uploaded" so far; each becomes an upload source named after its position. */
  readonly uploaded: File[] = [];

  /** Downloads the state started (web shell), in order. */
  readonly downloads: { url: string; fileName: string }[] = [];

  startDownload(url: string, fileName: string): void {
    this.downloads.push({ url, fileName });
  }

  async sourceForFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<ImportSource> {
    this.uploaded.push(file);
    onProgress?.(file.size, file.size);
    return { kind: 'upload', uploadId: `00000000-0000-4000-8000-${String(this.uploaded.length).padStart(12, '0')}` };
  }
}

/** Animation frames that run only when the test says so. */
export class ManualFrames {
  #callbacks: (() => void)[] = [];
  readonly schedule = (callback: () => void): void => {
    this.#callbacks.push(callback);
  };
  get pending(): number {
    return this.#callbacks.length;
  }
  run(): void {
    const callbacks = this.#callbacks;
    this.#callbacks = [];
    for (const cb of callbacks) cb();
  }
}

/** Timers that never fire by themselves (toasts stay until the test checks them). */
export const idleTimers = { setTimeout: () => 0, clearTimeout: () => {} };

/** Lets pending promise callbacks (fake requests and what follows them) run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export function presetInfos(): PresetInfo[] {
  return PRESET_NAMES.map((name) => ({ name, description: `the ${name} preset`, config: resolveTrainConfig(name) }));
}

export function runItem(overrides: Partial<RunListItem> = {}): RunListItem {
  return {
    id: 'run-1',
    name: 'first run',
    status: 'training',
    preset: 'tiny',
    datasetName: 'sample',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    steps: 0,
    maxSteps: 300,
    elapsedMs: 0,
    bestBleu: null,
    bestExactMatch: null,
    parameterCount: 123_456,
    backend: 'wasm (SIMD, 1 thread)',
    ...overrides,
  };
}

export function stepPoint(step: number, overrides: Partial<StepPoint> = {}): StepPoint {
  return { step, epoch: 0, loss: 5 / (1 + step / 50), learningRate: 1e-3, targetTokensPerSecond: 1000, elapsedMs: step * 100, ...overrides };
}

/** Scores on the metrics' 0–100 scale (BLEU ×100, percentages). */
export function evaluation(step: number, overrides: Partial<EvaluationPoint> = {}): EvaluationPoint {
  return { step, elapsedMs: step * 100, validationLoss: 3, bleu: 10, exactMatch: 5, syntaxValid: 80, ...overrides };
}

export function samplesAt(step: number): SamplesAtStep {
  return { step, samples: [{ description: 'add two numbers', reference: 'a + b', hypothesis: 'a + b', sentenceBleu: 100, syntaxValid: true }] };
}

export function runDetail(item: RunListItem, overrides: Partial<RunDetail> = {}): RunDetail {
  return {
    ...item,
    config: resolveTrainConfig('tiny'),
    stepPoints: [],
    evaluations: [],
    samples: [],
    checkpoints: [],
    ...overrides,
  };
}
