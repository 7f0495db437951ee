// The app shell's state: which view is shown, the engine's status and backend, the event
// channel's connection, and the crash banner with the run that can be resumed. Keyboard
// shortcuts are decided here (Ctrl/Cmd+1 … +5 switch views; Space pauses or resumes).
import type { AppInfo, EngineStatus, RunStatusChange } from '../../../shared/api/types';
import type { ConnectionState, StudioClient } from '../../lib/api/studio-client';
import { LIVE_STATES, type RunHub } from '../../lib/runs/run-hub.svelte';
import { ownsKeys } from '../../lib/ui/keyboard';
import type { Toasts } from '../../lib/ui/toasts.svelte';

export type ViewName = 'datasets' | 'training' | 'runs' | 'playground' | 'inspector';

/** The views in tab order: Ctrl/Cmd+1 … +5 follow it. */
export const VIEW_ORDER: readonly ViewName[] = ['datasets', 'training', 'runs', 'playground', 'inspector'];

/**
 * The view Ctrl/Cmd+N asks for, or null. N is read from the character, else from the physical key
 * (event.code), so layouts whose digit row gives other characters without Shift (AZERTY: Ctrl+é)
 * switch too. A key press a widget already used (defaultPrevented), or one that belongs to an IME
 * composition, is left alone.
 */
export function viewForKey(event: KeyboardEvent): ViewName | null {
  if (event.defaultPrevented || event.isComposing) return null;
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  const digit = /^[1-9]$/.test(event.key) ? event.key : /^(?:Digit|Numpad)([1-9])$/.exec(event.code ?? '')?.[1];
  return digit ? (VIEW_ORDER[Number(digit) - 1] ?? null) : null;
}

export interface Banner {
  tone: 'danger' | 'warning';
  message: string;
  resumeRunId: string | null;
  canResume: boolean;
  dismissible: boolean;
}

export class ShellState {
  view = $state<ViewName>('training');
  info = $state.raw<AppInfo | null>(null);
  engine = $state.raw<EngineStatus | null>(null);
  connection = $state<ConnectionState>('connecting');
  /** The run the engine was training when it stopped; offered for resuming until resumed or dismissed. */
  resumableRunId = $state<string | null>(null);
  resuming = $state(false);

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
    private readonly hub: RunHub,
  ) {}

  readonly backendLabel = $derived(this.engine?.backend ?? (this.engine?.state === 'crashed' ? 'engine stopped' : 'engine starting…'));

  readonly banner = $derived.by((): Banner | null => {
    const engine = this.engine;
    const runId = this.resumableRunId;
    const name = runId ? (this.hub.item(runId)?.name ?? runId) : null;
    if (engine && (engine.state === 'crashed' || engine.state === 'restarting')) {
      // The supervisor's message may repeat our first sentence; keep only what it adds (exit code, signal).
      const extra = (engine.message ?? '').replace(/^the engine stopped unexpectedly\s*/i, '').replace(/^\((.*)\)$/, '$1').trim();
      const detail = extra ? ` (${extra})` : '';
      return {
        tone: 'danger',
        message: `The engine stopped unexpectedly; it is restarting.${runId ? ' Your run can be resumed from its last checkpoint.' : ''}${detail}`,
        resumeRunId: runId,
        canResume: false,
        dismissible: false,
      };
    }
    if (runId) {
      // An interrupted run's steps are those of its newest checkpoint: where Resume continues.
      const steps = this.hub.item(runId)?.steps ?? 0;
      const from = steps > 0 ? `Resume continues from step ${steps.toLocaleString('en')}, its last checkpoint.` : 'It had not reached its first checkpoint: Resume starts it again from step 0.';
      return {
        tone: 'warning',
        message: `The run “${name}” was interrupted. ${from}`,
        resumeRunId: runId,
        canResume: engine?.state === 'ready',
        dismissible: true,
      };
    }
    return null;
  });

  /** Subscribes to engine and connection events; returns the unsubscribe function. */
  listen(onReconnected: () => void): () => void {
    let wasLost = false;
    const offs = [
      this.client.on('engine:status', (status) => this.applyEngine(status)),
      this.client.on('run:status', (change) => this.#onRunStatus(change)),
      this.client.onConnection((state) => {
        this.connection = state;
        if (state === 'reconnecting') wasLost = true;
        if (state === 'open' && wasLost) {
          wasLost = false;
          onReconnected();
        }
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async loadInfo(): Promise<void> {
    try {
      const info = await this.client.invoke('app:info', {});
      this.info = info;
      this.applyEngine(info.engine);
    } catch (error) {
      this.toasts.error('Could not reach the studio', error);
    }
  }

  applyEngine(status: EngineStatus): void {
    const previous = this.engine;
    if (status.state === 'crashed' || status.state === 'restarting') {
      const live = this.hub.items.find((r) => LIVE_STATES.includes(r.status))?.id ?? null;
      const runId = previous?.activeRunId ?? status.activeRunId ?? live;
      if (runId) this.resumableRunId = runId;
    }
    this.engine = status;
  }

  #onRunStatus(change: RunStatusChange): void {
    if (change.status === 'interrupted') this.resumableRunId = change.runId;
    else if (change.runId === this.resumableRunId && (LIVE_STATES.includes(change.status) || change.status === 'completed')) this.resumableRunId = null;
  }

  dismissBanner(): void {
    this.resumableRunId = null;
  }

  /** Resumes the interrupted run; returns its id when the engine accepted. */
  async resume(): Promise<string | null> {
    const runId = this.resumableRunId;
    if (!runId || this.resuming) return null;
    this.resuming = true;
    try {
      await this.client.invoke('runs:resume', { runId });
      this.resumableRunId = null;
      return runId;
    } catch (error) {
      this.toasts.error('Could not resume the run', error);
      return null;
    } finally {
      this.resuming = false;
    }
  }

  /** Handles the global shortcuts; returns true when the key was used. */
  handleKey(event: KeyboardEvent, togglePause: () => void): boolean {
    const wanted = viewForKey(event);
    if (wanted) {
      this.view = wanted;
      return true;
    }
    if (event.key === ' ' && !event.ctrlKey && !event.metaKey && !event.altKey && !ownsKeys(event.target) && this.view === 'training') {
      togglePause();
      return true;
    }
    return false;
  }
}
