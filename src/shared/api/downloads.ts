// The web shell's download addresses, which the services hand out and the server answers:
// `/download/<ticket>`, where the ticket is a one-time, short-lived random name issued through the
// typed contract (a navigation cannot carry the access token's header, and the token must not sit
// in a URL the browser keeps in its download history; docs/decisions/004-web-mode-threat-model.md).
export const DOWNLOAD_PATH_PREFIX = '/download/';

/** 24 random bytes, hex. */
const TICKET = /^[0-9a-f]{48}$/;

export function downloadPath(ticket: string): string {
  return DOWNLOAD_PATH_PREFIX + ticket;
}

/** The ticket a download path names, or null when the path is not one (any other shape is refused unread). */
export function ticketOfPath(pathname: string): string | null {
  if (!pathname.startsWith(DOWNLOAD_PATH_PREFIX)) return null;
  const ticket = pathname.slice(DOWNLOAD_PATH_PREFIX.length);
  return TICKET.test(ticket) ? ticket : null;
}

export function isTicket(value: unknown): value is string {
  return typeof value === 'string' && TICKET.test(value);
}
