// The toast area's state: every failed request lands here with what failed and why, so nothing
// fails silently. Errors stay until dismissed; notices fade after a few seconds. A message that
// repeats while still shown is counted instead of stacked.
import { errorMessage } from '../api/studio-client';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  /** What was being done, e.g. "Could not start the run". */
  title: string;
  message: string;
  count: number;
}

export interface ToastTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

const browserTimers: ToastTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
};

export class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;
  #timers = new Map<number, unknown>();

  constructor(
    private readonly timers: ToastTimers = browserTimers,
    private readonly noticeMs = 5000,
  ) {}

  /** Shows a failure: `title` says what was attempted, the error's message says why. */
  error(title: string, error: unknown): number {
    return this.push('error', title, errorMessage(error));
  }

  info(title: string, message = ''): number {
    return this.push('info', title, message);
  }

  success(title: string, message = ''): number {
    return this.push('success', title, message);
  }

  push(kind: ToastKind, title: string, message: string): number {
    const same = this.items.find((t) => t.kind === kind && t.title === title && t.message === message);
    if (same) {
      same.count++;
      this.#arm(same);
      return same.id;
    }
    const toast: Toast = { id: this.#nextId++, kind, title, message, count: 1 };
    this.items.push(toast);
    this.#arm(this.items[this.items.length - 1]);
    return toast.id;
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) this.timers.clearTimeout(timer);
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  #arm(toast: Toast): void {
    if (toast.kind === 'error') return;
    const previous = this.#timers.get(toast.id);
    if (previous !== undefined) this.timers.clearTimeout(previous);
    this.#timers.set(toast.id, this.timers.setTimeout(() => this.dismiss(toast.id), this.noticeMs));
  }
}
