// The Playground view's state: the prompt (and how the model reads it), the decoding controls,
// one pane (or two, to compare runs or checkpoints), forcing a token to branch, running the code
// in the Python sandbox, and the chosen run's history on disk.
import type { RunListItem } from '../../../shared/api/types';
import type { GeneratedToken, TokenAlternative } from '../../../shared/generation/generation';
import type { HistorySummary, PromptInspection } from '../../../shared/generation/playground';
import { errorMessage, type StudioClient } from '../../lib/api/studio-client';
import type { RunHub } from '../../lib/runs/run-hub.svelte';
import type { Toasts } from '../../lib/ui/toasts.svelte';
import { PythonSandbox } from '../../lib/python-sandbox/python-sandbox';
import type { SandboxResult } from '../../lib/python-sandbox/types';
import { DecodeControls } from './decode-controls.svelte';
import { GenerationPane } from './generation-pane.svelte';
import type { OpenInspector } from '../../lib/inspect-subject';

const INSPECT_DELAY_MS = 250;

export class PlaygroundState {
  prompt = $state('');
  readonly controls = new DecodeControls();
  readonly left: GenerationPane;
  readonly right: GenerationPane;
  comparing = $state(false);
  inspection = $state.raw<PromptInspection | null>(null);
  history = $state.raw<HistorySummary[]>([]);
  historyOpen = $state(true);
  /** Python output of the code run last (in either pane). */
  runResult = $state.raw<SandboxResult | null>(null);
  runningCode = $state(false);
  /** The code runResult belongs to (its failing line is marked while the editor still shows it). */
  ranCode = $state<string | null>(null);
  ranPane = $state.raw<GenerationPane | null>(null);
  #sandbox: PythonSandbox | null = null;
  #inspectTimer: ReturnType<typeof setTimeout> | undefined;
  #inspected = '';

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
    private readonly hub: RunHub,
    private readonly sandboxFactory: () => PythonSandbox = () => new PythonSandbox(),
    private readonly openInspector: OpenInspector = () => {},
  ) {
    this.left = new GenerationPane(client, 'A');
    this.right = new GenerationPane(client, 'B');
  }

  /** Runs that can generate: at least one step trained (a checkpoint is written from the first minute or checkpointEvery). */
  readonly runs = $derived.by((): RunListItem[] => this.hub.items.filter((r) => r.steps > 0 && r.status !== 'failed'));
  readonly panes = $derived.by(() => (this.comparing ? [this.left, this.right] : [this.left]));
  readonly generating = $derived(this.panes.some((p) => p.generating));
  readonly canGenerate = $derived(this.prompt.trim().length > 0 && this.controls.parsed.ok && this.panes.every((p) => p.runId !== null) && !this.generating);

  /** Subscribes to streamed tokens; picks a run when none is chosen. Returns the unsubscribe function. */
  listen(): () => void {
    return this.client.on('playground:event', ({ requestId, event }) => {
      this.left.receive(requestId, event);
      this.right.receive(requestId, event);
    });
  }

  /** When the view opens: choose the newest run with weights, warm Python, load history. */
  async open(): Promise<void> {
    if (!this.left.runId && this.runs.length) await this.chooseRun(this.left, this.bestDefaultRun());
    if (!this.right.runId && this.runs.length) await this.right.selectRun(this.left.runId);
    void this.sandbox().warm().catch(() => {});
  }

  /** A completed run first (its best checkpoint is its best), else the newest. */
  private bestDefaultRun(): string {
    return (this.runs.find((r) => r.status === 'completed') ?? this.runs[0]).id;
  }

  async chooseRun(pane: GenerationPane, runId: string | null): Promise<void> {
    await pane.selectRun(runId);
    if (pane === this.left) {
      this.#inspected = '';
      this.scheduleInspect();
      await this.loadHistory();
    }
  }

  setPrompt(text: string): void {
    this.prompt = text;
    this.scheduleInspect();
  }

  private scheduleInspect(): void {
    clearTimeout(this.#inspectTimer);
    this.#inspectTimer = setTimeout(() => void this.inspect(), INSPECT_DELAY_MS);
  }

  /** How the left pane's model reads the prompt: unknown words marked before generating. */
  async inspect(): Promise<void> {
    const runId = this.left.runId;
    const prompt = this.prompt;
    const key = `${runId}\u0000${prompt}`;
    if (!runId || key === this.#inspected) return;
    this.#inspected = key;
    try {
      const inspection = await this.client.invoke('playground:inspect', { runId, prompt });
      if (this.left.runId === runId && this.prompt === prompt) this.inspection = inspection;
    } catch {
      this.inspection = null;
    }
  }

  /** Ctrl/Cmd+Enter: generate in every pane with the same prompt and settings. */
  async generate(): Promise<void> {
    if (this.generating) return;
    const parsed = this.controls.parsed;
    if (!parsed.ok) {
      this.toasts.error('Cannot generate', parsed.message);
      return;
    }
    if (!this.prompt.trim()) {
      this.toasts.info('Type what the code should do first');
      return;
    }
    this.runResult = null;
    // One after the other: the engine decodes one request at a time anyway, and the first pane streams sooner.
    for (const pane of this.panes) await pane.generate(this.prompt, parsed.settings);
    await this.loadHistory();
  }

  /** Esc: stop whatever is generating; what was decoded so far stays. */
  async cancel(): Promise<void> {
    await Promise.all(this.panes.map((p) => p.cancel()));
  }

  /** Takes `alternative` at token `index` of the pane's shown result and decodes on from there (a new branch). */
  async force(pane: GenerationPane, index: number, alternative: TokenAlternative): Promise<void> {
    const shown = pane.current;
    if (!shown || pane.generating) return;
    const prefix = pane.prefixFor(index, alternative.id);
    const label = `Branch: token ${index + 1} → ${alternative.text}`;
    await pane.generate(shown.result.prompt, shown.result.settings, { prefix, label });
    await this.loadHistory();
  }

  /** Run a pane's code (as edited) in the sandbox. */
  async runCode(pane: GenerationPane = this.left): Promise<void> {
    if (this.runningCode) return;
    const code = pane.code;
    if (!code.trim()) {
      this.toasts.info('There is no code to run yet');
      return;
    }
    this.runningCode = true;
    this.ranCode = code;
    this.ranPane = pane;
    try {
      this.runResult = await this.sandbox().run(code);
    } catch (error) {
      this.runResult = { status: 'crashed', stdout: '', stderr: '', durationMs: 0, loadMs: 0, message: errorMessage(error) };
    } finally {
      this.runningCode = false;
    }
  }

  stopCode(): void {
    this.#sandbox?.stop();
  }

  async loadHistory(): Promise<void> {
    const runId = this.left.runId;
    if (!runId) {
      this.history = [];
      return;
    }
    try {
      const history = await this.client.invoke('playground:history', { runId });
      if (this.left.runId === runId) this.history = history;
    } catch (error) {
      this.toasts.error('Could not load the playground history', error);
    }
  }

  /** Shows a saved result again in the left pane, with its prompt and settings. */
  async reopen(historyId: string): Promise<void> {
    const runId = this.left.runId;
    if (!runId) return;
    try {
      const entry = await this.client.invoke('playground:entry', { runId, historyId });
      this.prompt = entry.prompt;
      this.controls.load(entry.settings);
      this.left.show({ result: entry, label: `From history (${new Date(entry.createdAt).toLocaleTimeString()})` });
      this.scheduleInspect();
    } catch (error) {
      this.toasts.error('Could not reopen that result', error);
    }
  }

  /** The run's whole history as a .jsonl download. */
  async exportHistory(download: (fileName: string, text: string) => void): Promise<void> {
    const runId = this.left.runId;
    if (!runId) return;
    try {
      const { fileName, jsonl, entries } = await this.client.invoke('playground:export', { runId });
      if (entries === 0) {
        this.toasts.info('Nothing to export yet', 'Generate something first: every result is kept in the run\'s history.');
        return;
      }
      download(fileName, jsonl);
      this.toasts.success(`Exported ${entries} result${entries === 1 ? '' : 's'}`, fileName);
    } catch (error) {
      this.toasts.error('Could not export the history', error);
    }
  }

  async copy(text: string, what = 'Code'): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.toasts.success(`${what} copied`);
    } catch (error) {
      this.toasts.error(`Could not copy the ${what.toLowerCase()}`, error);
    }
  }

  /** The attention inspector on the pane's shown candidate (its exact tokens and checkpoint). */
  inspectAttention(pane: GenerationPane): void {
    const shown = pane.current;
    const candidate = shown?.result.candidates[pane.candidate];
    if (!shown || !candidate || !pane.runId || candidate.tokens.length === 0) return;
    const beam = shown.result.candidates.length > 1 ? ` · beam ${pane.candidate + 1}` : '';
    this.openInspector({
      runId: pane.runId, checkpoint: shown.result.checkpoint, prompt: shown.result.prompt,
      target: { ids: candidate.tokens.map((t) => t.id) }, label: `Playground · ${shown.label}${beam}`,
    });
  }

  tokenHover(pane: GenerationPane, index: number): string | null {
    const token: GeneratedToken | undefined = pane.tokens[index];
    if (!token) return null;
    const alternatives = token.alternatives
      .filter((a) => a.id !== token.id)
      .slice(0, 4)
      .map((a) => `\`${a.text}\` ${(a.probability * 100).toFixed(1)}%`)
      .join(' · ');
    return `**\`${token.text}\`** ${(token.probability * 100).toFixed(1)}%${token.forced ? ' (forced)' : ''}${alternatives ? `\n\nAlternatives: ${alternatives}` : ''}\n\nClick the token to force an alternative.`;
  }

  /** Ctrl/Cmd+Enter and Esc from anywhere in the view (the editor handles its own). */
  handleKey(event: KeyboardEvent): boolean {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      void this.generate();
      return true;
    }
    if (event.key === 'Escape' && (this.generating || this.runningCode)) {
      if (this.generating) void this.cancel();
      else this.stopCode();
      return true;
    }
    return false;
  }

  dispose(): void {
    clearTimeout(this.#inspectTimer);
    this.#sandbox?.dispose();
    this.#sandbox = null;
  }

  private sandbox(): PythonSandbox {
    this.#sandbox ??= this.sandboxFactory();
    return this.#sandbox;
  }
}
