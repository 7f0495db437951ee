// Fan-out of pushed events to every connected window or browser tab, typed by the contract.
import type { EventChannel, Events } from '../../shared/api/contract';

export type EventListener = <E extends EventChannel>(channel: E, payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Connected listeners (windows, browser tabs): a closed connection must not stay counted. */
  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(channel: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch {
        /* one broken connection must not stop the others */
      }
    }
  }
}
