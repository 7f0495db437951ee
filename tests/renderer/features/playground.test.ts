// The Playground's state with a fake studio: the default run and checkpoint, tokens streamed into
// the pane as they arrive, cancel by request id, forcing an alternative as a new branch (the earlier
// result kept), edits checked by CPython, unknown words, history, keys, and the sandbox.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlaygroundState } from '../../../src/renderer/features/playground/playground.svelte';
import { RunHub } from '../../../src/renderer/lib/runs/run-hub.svelte';
import { Toasts } from '../../../src/renderer/lib/ui/toasts.svelte';
import type { PythonSandbox } from '../../../src/renderer/lib/python-sandbox/python-sandbox';
import type { GeneratedToken, GenerationEvent } from '../../../src/shared/generation/generation';
import type { PlaygroundResult } from '../../../src/shared/generation/playground';
import { FakeStudioClient, idleTimers, runDetail, runItem, settle } from '../fake-client';

const token = (id: number, text: string, probability = 0.9, alternatives: GeneratedToken['alternatives'] = []): GeneratedToken => ({
  id, text, probability, forced: false, alternatives: alternatives.length ? alternatives : [{ id, text, probability }, { id: id + 100, text: `${text}2`, probability: 0.05 }],
});
const TOKENS = [token(10, 'print'), token(11, '('), token(12, 'x', 0.15), token(13, ')')];

function resultFor(tokens: GeneratedToken[], overrides: Partial<PlaygroundResult> = {}): PlaygroundResult {
  return {
    prompt: 'print x', settings: { strategy: 'greedy' }, checkpoint: 'step-000100', checkpointStep: 100, sourceTokens: ['print', 'x', '<eos>'],
    candidates: [{ code: 'print(x)', tokens, logProb: -1, finished: true }], prefix: [], cancelled: false,
    timing: { queuedMs: 0, loadMs: 0, firstTokenMs: 1, msPerToken: 1, totalMs: 4, tokens: tokens.length },
    historyId: `h-${Math.random().toString(36).slice(2, 10)}`, runId: 'done', createdAt: '2026-12-01T00:00:00Z', checks: [{ syntax: { ok: true }, bleu: 50 }],
    reference: { code: 'print(x)', split: 'train' }, ...overrides,
  };
}

async function setup() {
  const client = new FakeStudioClient();
  const toasts = new Toasts(idleTimers);
  const items = [
    runItem({ id: 'live', name: 'live', status: 'training', steps: 50, createdAt: '2026-12-01T02:00:00Z' }),
    runItem({ id: 'done', name: 'done', status: 'completed', steps: 100, createdAt: '2026-12-01T01:00:00Z' }),
    runItem({ id: 'fresh', name: 'fresh', status: 'preparing', steps: 0, createdAt: '2026-12-01T03:00:00Z' }),
  ];
  const sandbox = { warm: vi.fn(async () => {}), run: vi.fn(async (code: string) => ({ status: 'ok', stdout: `ran ${code.length}`, stderr: '', durationMs: 3, loadMs: 0, message: 'Finished in 0.00 s.' })), stop: vi.fn(), dispose: vi.fn() };
  client
    .handle('runs:list', () => items)
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId)!, {
      checkpoints: runId === 'done' ? [{ name: 'step-000100', step: 100, best: true }] : [{ name: 'step-000050', step: 50, best: false }],
    }))
    .handle('playground:history', () => [])
    .handle('playground:inspect', ({ prompt }) => ({
      words: prompt.split(' ').map((text) => ({ text, known: text !== 'zorp' })), unknownWords: prompt.includes('zorp') ? ['zorp'] : [],
      copies: false, maxTokens: 40, truncated: false, reference: null,
    }))
    .handle('playground:cancel', () => ({ ok: true }))
    .handle('python:check', ({ code }) => (code.includes('(') && !code.includes(')') ? { ok: false, line: 1, column: 6, message: "SyntaxError: '(' was never closed" } : { ok: true }));
  const hub = new RunHub(client, toasts);
  await hub.refresh();
  const playground = new PlaygroundState(client, toasts, hub, () => sandbox as unknown as PythonSandbox);
  playground.listen();
  return { client, toasts, playground, sandbox };
}

/** A generate handler that streams `tokens` as events before answering, as the services do. */
function streaming(client: FakeStudioClient, tokens: GeneratedToken[], result = resultFor(tokens)) {
  const seen: string[][] = [];
  client.handle('playground:generate', async (args) => {
    const emit = (event: GenerationEvent) => client.emit('playground:event', { requestId: args.requestId, event });
    emit({ type: 'started', checkpoint: 'step-000100', checkpointStep: 100, sourceTokens: [], queuedMs: 0, loadMs: 0 });
    for (const [position, t] of tokens.entries()) {
      emit({ type: 'token', position, token: t });
      await new Promise((r) => setTimeout(r, 20)); // a frame passes: what is on screen is recorded
    }
    return { ...result, prefix: args.prefix ?? [] };
  });
  return seen;
}

afterEach(() => vi.useRealTimers());

describe('playground', () => {
  it('offers runs with weights, the completed one first, and its best checkpoint; a training run its latest', async () => {
    const { playground } = await setup();
    expect(playground.runs.map((r) => r.id)).toEqual(['live', 'done']);
    await playground.open();
    expect(playground.left.runId).toBe('done');
    expect(playground.left.checkpoint).toBe('best');
    await playground.chooseRun(playground.left, 'live');
    expect(playground.left.checkpoint).toBe('latest'); // still training: its newest checkpoint
    playground.left.checkpoint = 'step-000050';
    await playground.chooseRun(playground.left, 'done');
    expect(playground.left.checkpoint).toBe('best'); // a step this run does not have is not kept
  });

  it('streams tokens into the pane while generating, then shows the result with its checks', async () => {
    const { client, playground } = await setup();
    await playground.open();
    streaming(client, TOKENS);
    playground.setPrompt('print x');
    const done = playground.generate();
    await new Promise((r) => setTimeout(r, 45));
    expect(playground.left.generating).toBe(true);
    expect(playground.left.tokens.length).toBeGreaterThanOrEqual(1);
    expect(playground.left.tokens.length).toBeLessThan(TOKENS.length);
    expect(playground.left.code.startsWith('print')).toBe(true);
    await done;
    expect(playground.left.status).toBe('done');
    expect(playground.left.code).toBe('print(x)\n');
    expect(playground.left.spans.map((s) => playground.left.code.slice(s.from, s.to))).toEqual(['print', '(', 'x', ')']);
    expect(playground.left.spans[2].probability).toBe(0.15);
    expect(playground.left.bleu).toBe(50);
    expect(client.callsTo('playground:generate')[0]).toMatchObject({ runId: 'done', prompt: 'print x', checkpoint: 'best', settings: { strategy: 'greedy' } });
  });

  it('Esc cancels the running generation by its request id', async () => {
    const { client, playground } = await setup();
    await playground.open();
    streaming(client, TOKENS);
    playground.setPrompt('print x');
    const done = playground.generate();
    await settle();
    const escape = new KeyboardEvent('keydown', { key: 'Escape' });
    expect(playground.handleKey(escape)).toBe(true);
    await settle();
    expect(client.callsTo('playground:cancel')).toEqual([{ requestId: client.callsTo('playground:generate')[0].requestId }]);
    await done;
  });

  it('forcing an alternative decodes from there as a new branch and keeps the earlier result', async () => {
    const { client, playground } = await setup();
    await playground.open();
    streaming(client, TOKENS);
    playground.setPrompt('print x');
    await playground.generate();
    const pane = playground.left;
    pane.selectedToken = 2;
    await playground.force(pane, 2, { id: 112, text: 'x2', probability: 0.05 });
    expect(client.callsTo('playground:generate')[1].prefix).toEqual([10, 11, 112]);
    expect(pane.shown.map((s) => s.label)).toEqual(['Greedy', 'Branch: token 3 → x2']);
    pane.pick(0);
    expect(pane.code).toBe('print(x)\n');
  });

  it('user edits are checked by CPython, drop the token spans, and can be reverted', async () => {
    const { client, playground } = await setup();
    await playground.open();
    streaming(client, TOKENS);
    playground.setPrompt('print x');
    await playground.generate();
    playground.left.edit('print(x');
    expect(playground.left.spans).toEqual([]);
    await vi.waitFor(() => expect(playground.left.syntax).toMatchObject({ ok: false, line: 1 }), { timeout: 2000 });
    expect(client.callsTo('python:check')).toEqual([{ code: 'print(x' }]);
    playground.left.revertEdit();
    expect(playground.left.code).toBe('print(x)\n');
    expect(playground.left.syntax).toEqual({ ok: true });
  });

  it('marks unknown words before generating and refuses invalid settings with the field named', async () => {
    const { client, toasts, playground } = await setup();
    await playground.open();
    playground.setPrompt('sort the zorp');
    await vi.waitFor(() => expect(playground.inspection?.unknownWords).toEqual(['zorp']), { timeout: 2000 });
    playground.controls.strategy = 'beam';
    playground.controls.beamWidth = 0;
    expect(playground.controls.parsed).toMatchObject({ ok: false, message: expect.stringMatching(/beamWidth/) });
    await playground.generate();
    expect(client.callsTo('playground:generate')).toHaveLength(0);
    expect(toasts.items.at(-1)?.message).toMatch(/beamWidth/);
  });

  it('runs the code (as edited) in the sandbox and shows its output; failures become messages', async () => {
    const { client, playground, sandbox } = await setup();
    await playground.open();
    expect(sandbox.warm).toHaveBeenCalled();
    streaming(client, TOKENS);
    playground.setPrompt('print x');
    await playground.generate();
    playground.left.edit('print(1)');
    await playground.runCode();
    expect(sandbox.run).toHaveBeenCalledWith('print(1)');
    expect(playground.runResult?.stdout).toBe('ran 8');
    sandbox.run.mockRejectedValueOnce(new Error('Python could not start: offline'));
    await playground.runCode();
    expect(playground.runResult).toMatchObject({ status: 'crashed', message: 'Python could not start: offline' });
  });

  it('compare mode generates the same prompt in both panes', async () => {
    const { client, playground } = await setup();
    await playground.open();
    streaming(client, TOKENS);
    playground.comparing = true;
    await playground.chooseRun(playground.right, 'live');
    playground.setPrompt('print x');
    await playground.generate();
    const calls = client.callsTo('playground:generate');
    expect(calls.map((c) => [c.runId, c.checkpoint])).toEqual([['done', 'best'], ['live', 'latest']]);
    expect(playground.right.current?.result.prompt).toBe('print x');
  });
});
