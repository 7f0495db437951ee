// The engine process: the only process that imports TensorFlow.js. Started by the services as an
// Electron utility process (desktop) or a forked Node process (web shell); receives EngineCommand
// messages and answers with EngineMessage, so training never blocks a window or the server.
import type { EngineCommand, EngineMessage, EngineRunEvent } from '../shared/api/engine-protocol';
import type { PretrainEvent } from '../shared/runs/pretraining';
import { toErrorData } from '../shared/api/errors';
import { initBackend } from '../ml/backend';
import { trainRun } from '../jobs/train-run';
import { getPythonSyntaxChecker } from '../services/python/syntax-check';
import type { PresetName } from '../shared/config/presets';
import { GenerateRequestSchema } from '../shared/generation/generation';
import { AttentionRequestSchema } from '../shared/attention/inspection';
import { Inference } from './inference';
import { Turns } from './turns';

interface Port {
  send(message: EngineMessage): void;
  onMessage(handler: (message: EngineCommand) => void): void;
}

function connect(): Port {
  // Electron utility process: process.parentPort; a Node child forked with an IPC channel: process.send.
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', h: (e: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (h) => parentPort.on('message', (e) => h(e.data as EngineCommand)),
    };
  }
  if (process.send) {
    return {
      send: (m) => process.send!(m),
      onMessage: (h) => process.on('message', (m) => h(m as EngineCommand)),
    };
  }
  throw new Error('The engine must be started by the studio (no parent port or IPC channel)');
}

const port = connect();
let active: { runId: string; pause: boolean } | null = null;
let shuttingDown = false;
const turns = new Turns();
const inference = new Inference(turns);

async function train(command: Extract<EngineCommand, { type: 'train' }>): Promise<void> {
  if (active) {
    port.send({ type: 'command-rejected', runId: command.runId, error: { name: 'Busy', message: `Run ${active.runId} is still training; pause it first`, code: 'busy' } });
    return;
  }
  active = { runId: command.runId, pause: false };
  const current = active;
  try {
    const result = await trainRun({
      runDir: command.runDir,
      data: command.data,
      preset: command.preset as PresetName | undefined,
      config: command.config,
      resume: command.resume,
      name: command.name,
      shouldStop: () => current.pause,
      betweenSteps: () => turns.idle(),
      onEvent: (event) => {
        switch (event.type) {
          case 'prepared':
            port.send({ type: 'run-event', runId: command.runId, event: { type: 'prepared', parameterCount: event.parameterCount, backend: event.backend.label } });
            break;
          case 'step': {
            const { type, step, epoch, loss, learningRate, targetTokensPerSecond, elapsedMs } = event;
            port.send({ type: 'run-event', runId: command.runId, event: { type, step, epoch, loss, learningRate, targetTokensPerSecond, elapsedMs } });
            break;
          }
          case 'evaluation':
            port.send({ type: 'run-event', runId: command.runId, event: { ...event } });
            break;
          case 'checkpoint':
            port.send({ type: 'run-event', runId: command.runId, event: { type: 'checkpoint', step: event.step, best: event.best } });
            break;
          case 'fine-tuning':
            port.send({ type: 'run-event', runId: command.runId, event: { type: 'fine-tuning', step: event.step, examples: event.examples } });
            break;
          // Decoder pretraining reports through the same onEvent (pretrain-decoder.ts), before the first pair-training step.
          case 'pretrain':
            port.send({ type: 'run-event', runId: command.runId, event: pretrainEvent(event) });
            break;
          // Reranker tuning after training: tuning is synchronous, but each message is written as it is sent.
          case 'reranker':
            port.send({ type: 'run-event', runId: command.runId, event: { type: 'reranker', done: event.done, total: event.total } });
            break;
          case 'reranker-tuned': {
            const { settings, bleu, logProbBleu, seconds } = event;
            port.send({ type: 'run-event', runId: command.runId, event: { type: 'reranker-tuned', settings, bleu, logProbBleu, seconds } });
            break;
          }
        }
      },
    });
    port.send({ type: 'run-finished', runId: command.runId, reason: result.reason });
  } catch (error) {
    port.send({ type: 'run-failed', runId: command.runId, error: toErrorData(error) });
  } finally {
    active = null;
    if (shuttingDown) process.exit(0);
  }
}

/** A pretraining event as the services get it: the fields they show, no more. */
function pretrainEvent(event: PretrainEvent): Extract<EngineRunEvent, { type: 'pretrain' }> {
  switch (event.phase) {
    case 'started':
      return { type: 'pretrain', phase: 'started', corpus: event.corpus, resumedFromStep: event.resumedFromStep, maxSteps: event.maxSteps, maxMinutes: event.maxMinutes };
    case 'step':
      return { type: 'pretrain', phase: 'step', step: event.step, loss: event.loss, elapsedMs: event.elapsedMs, maxSteps: event.maxSteps, maxMinutes: event.maxMinutes };
    case 'finished':
      return { type: 'pretrain', phase: 'finished', done: event.done, step: event.step, elapsedMs: event.elapsedMs, heldOutLoss: event.heldOutLoss };
    case 'already-done':
      return { type: 'pretrain', phase: 'already-done', step: event.step };
  }
}

async function answer(command: Extract<EngineCommand, { type: 'request' }>): Promise<void> {
  const { id, request } = command;
  try {
    switch (request.type) {
      case 'generate': {
        // The request crossed a process boundary: check it again before any file or tensor is touched.
        const checked = GenerateRequestSchema.parse(request.request);
        const result = await inference.generate(id, request.runDir, checked, (event) => port.send({ type: 'request-event', id, event }));
        port.send({ type: 'request-done', id, result });
        break;
      }
      case 'attention': {
        const checked = AttentionRequestSchema.parse(request.request);
        port.send({ type: 'request-done', id, result: await inference.attention(id, request.runDir, checked) });
        break;
      }
      default:
        throw new Error(`Unknown engine request ${(request as { type: string }).type}`);
    }
  } catch (error) {
    port.send({ type: 'request-failed', id, error: toErrorData(error) });
  }
}

port.onMessage((command) => {
  switch (command.type) {
    case 'request':
      void answer(command);
      break;
    case 'cancel':
      inference.cancel(command.id);
      break;
    case 'train':
      void train(command);
      break;
    case 'pause':
      if (active?.runId === command.runId) active.pause = true;
      break;
    case 'shutdown':
      // Finish the current step and write a checkpoint, then leave (at most a minute).
      shuttingDown = true;
      if (!active) process.exit(0);
      active.pause = true;
      setTimeout(() => process.exit(0), 60_000).unref();
      break;
  }
});

const backend = await initBackend();
port.send({ type: 'ready', backend: backend.label });
// Warm the Python checker now (seconds to load) so the first run starts training sooner.
void getPythonSyntaxChecker().catch(() => {});
