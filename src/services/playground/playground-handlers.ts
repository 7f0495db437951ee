// The playground's requests: generate (streamed from the engine, checked by CPython, saved to the
// run's history), cancel, prompt inspection, history, export, and a syntax check for edited code.
import { randomUUID } from 'node:crypto';
import type { RequestHandlers } from '../../shared/api/contract';
import type { GenerationResult } from '../../shared/generation/generation';
import type { CheckedCandidate, PlaygroundResult, SyntaxVerdict } from '../../shared/generation/playground';
import { sentenceBleu } from '../../shared/metrics/bleu';
import type { EngineCall, EngineSupervisor } from '../engine/engine-supervisor';
import { getPythonSyntaxChecker } from '../python/syntax-check';
import type { EventHub } from '../studio/event-hub';
import { PlaygroundHistory } from './playground-history';
import { PromptInspector } from './prompt-inspector';

type PlaygroundChannels = 'playground:generate' | 'playground:cancel' | 'playground:inspect' | 'playground:history' | 'playground:entry' | 'playground:export' | 'python:check';

export interface PlaygroundDeps {
  supervisor: EngineSupervisor;
  events: EventHub;
  /** The folder of an existing run (throws a clear error for an unknown id). */
  runDir: (runId: string) => Promise<string>;
}

/** At most this many generations in flight per studio (each window may have one or two). */
const MAX_IN_FLIGHT = 6;

export function playgroundHandlers(deps: PlaygroundDeps): Pick<RequestHandlers, PlaygroundChannels> & { forget(runDir: string): void } {
  const history = new PlaygroundHistory();
  const inspector = new PromptInspector();
  const inFlight = new Map<string, EngineCall<GenerationResult>>();

  async function checkSyntax(code: string): Promise<SyntaxVerdict> {
    const verdict = (await getPythonSyntaxChecker()).check(code);
    return verdict.ok ? { ok: true } : { ok: false, line: verdict.line, column: verdict.col + 1, message: verdict.message };
  }

  return {
    'playground:generate': async ({ runId, requestId, ...request }) => {
      if (!request.prompt.trim()) throw Object.assign(new Error('The prompt is empty: describe the code you want in English'), { code: 'invalid-arguments' });
      if (inFlight.has(requestId)) throw Object.assign(new Error('A generation with this id is already running'), { code: 'busy' });
      if (inFlight.size >= MAX_IN_FLIGHT) throw Object.assign(new Error(`${MAX_IN_FLIGHT} generations are already running: wait for one to finish`), { code: 'busy' });
      const runDir = await deps.runDir(runId);
      const call = deps.supervisor.request({ type: 'generate', runDir, request }, (event) => deps.events.emit('playground:event', { requestId, event }));
      inFlight.set(requestId, call);
      let result: GenerationResult;
      try {
        result = await call.result;
      } finally {
        inFlight.delete(requestId);
      }
      const reference = await inspector.reference(runDir, request.prompt).catch(() => null);
      const checks: CheckedCandidate[] = [];
      for (const candidate of result.candidates) {
        checks.push({ syntax: await checkSyntax(candidate.code), bleu: reference ? sentenceBleu(candidate.code, reference.code) : null });
      }
      const entry: PlaygroundResult = { ...result, historyId: randomUUID(), runId, createdAt: new Date().toISOString(), checks, reference };
      // The result is shown even if the disk refuses it; the history simply misses this one.
      await history.append(runDir, entry).catch((error) => console.warn(`playground history of ${runId} not written:`, error));
      return entry;
    },
    'playground:cancel': async ({ requestId }) => {
      inFlight.get(requestId)?.cancel();
      return { ok: true };
    },
    'playground:inspect': async ({ runId, prompt }) => inspector.inspect(await deps.runDir(runId), prompt),
    'playground:history': async ({ runId }) => history.summaries(await deps.runDir(runId)),
    'playground:entry': async ({ runId, historyId }) => history.entry(await deps.runDir(runId), historyId),
    'playground:export': async ({ runId }) => {
      const { jsonl, entries } = await history.exportJsonl(await deps.runDir(runId));
      return { fileName: `${runId}-playground.jsonl`, jsonl, entries };
    },
    'python:check': async ({ code }) => checkSyntax(code),
    forget: (runDir) => inspector.forget(runDir),
  };
}
