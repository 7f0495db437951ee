// Collects items that arrive faster than the screen can use them (step events) and hands them
// over in one batch at the next animation frame, so a burst of events causes one redraw. Not a
// throttle with a fixed period: a frame is the natural unit for "at most once per redraw".

export type FrameScheduler = (callback: () => void) => void;

export const animationFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

export class FrameQueue<T> {
  #pending: T[] = [];
  #scheduled = false;

  constructor(
    private readonly flushTo: (items: T[]) => void,
    private readonly schedule: FrameScheduler = animationFrame,
  ) {}

  push(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) this.#pending.push(item);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Delivers what is pending now (also called by the scheduled frame). */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const items = this.#pending;
    this.#pending = [];
    this.flushTo(items);
  }

  /** Drops what is pending (the run was reloaded from the server). */
  clear(): void {
    this.#pending = [];
  }

  get size(): number {
    return this.#pending.length;
  }
}
