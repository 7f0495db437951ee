// One-time download tickets of the web shell. A browser saves a large file only by navigating to
// it (`<a href download>`): a fetch would hold the whole file in the page. A navigation cannot send
// the access token's header, and the token must not go in a URL the browser keeps in its download
// history. So a token holder asks for a ticket through the API, and the page navigates to
// `/download/<ticket>`: 192 random bits, good for one request, for one minute, naming exactly one
// thing to download (docs/decisions/004-web-mode-threat-model.md).
import { randomBytes } from 'node:crypto';
import { isTicket } from '../../shared/api/downloads';

export const TICKET_LIFETIME_MS = 60_000;
/** Tickets outstanding at once: a page asking for more without using them loses its oldest. */
const MAX_TICKETS = 64;

export class DownloadTickets<T> {
  readonly #tickets = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly lifetimeMs = TICKET_LIFETIME_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A new ticket for `value`. */
  issue(value: T): string {
    this.#prune();
    while (this.#tickets.size >= MAX_TICKETS) this.#tickets.delete(this.#tickets.keys().next().value!);
    const ticket = randomBytes(24).toString('hex');
    this.#tickets.set(ticket, { value, expires: this.now() + this.lifetimeMs });
    return ticket;
  }

  /** What the ticket was issued for, once; null for a ticket that is malformed, unknown, used or expired. */
  redeem(ticket: unknown): T | null {
    if (!isTicket(ticket)) return null;
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    return entry && entry.expires > this.now() ? entry.value : null;
  }

  get size(): number {
    this.#prune();
    return this.#tickets.size;
  }

  #prune(): void {
    const now = this.now();
    for (const [ticket, { expires }] of this.#tickets) if (expires <= now) this.#tickets.delete(ticket);
  }
}
