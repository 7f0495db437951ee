// One TF.js user at a time inside the engine: a generation holds the engine while it decodes, and
// training waits for it before its next step (docs/decisions/007-generation-beside-training.md).
export class Turns {
  private holders = 0;
  private waiting: (() => void)[] = [];

  /** Runs `work` while training waits at its next step boundary. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.holders++;
    try {
      return await work();
    } finally {
      this.holders--;
      if (this.holders === 0) for (const resume of this.waiting.splice(0)) resume();
    }
  }

  /** Resolves at once when nothing holds the engine, else when the last holder lets go. */
  idle(): Promise<void> {
    return this.holders === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  get busy(): boolean {
    return this.holders > 0;
  }
}
