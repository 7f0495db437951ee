// Who may talk to the web shell: the Host must be this server on the loopback (against DNS
// rebinding), a browser's Origin must be the studio's own page, and API calls and the event socket
// must present the token. Also the one place request targets are parsed, against a fixed base so
// that no Host or target a client sends can make parsing throw.
import { timingSafeEqual } from 'node:crypto';

export interface Access {
  allowedHost(host: string | undefined): boolean;
  allowedOrigin(origin: string | undefined): boolean;
  tokenMatches(given: unknown): boolean;
}

export function createAccess(token: string, port: () => number): Access {
  const expected = Buffer.from(token, 'utf8');
  return {
    allowedHost: (host) => host === `127.0.0.1:${port()}` || host === `localhost:${port()}`,
    allowedOrigin: (origin) => origin === `http://127.0.0.1:${port()}` || origin === `http://localhost:${port()}`,
    tokenMatches: (given) => {
      if (typeof given !== 'string') return false;
      // Byte lengths, not string lengths: timingSafeEqual throws on buffers of different sizes.
      const bytes = Buffer.from(given, 'utf8');
      return bytes.length === expected.length && timingSafeEqual(bytes, expected);
    },
  };
}

const BASE = 'http://127.0.0.1';

/** The request target as a URL, or null when it is not a plain path ("//host", "*", absolute forms, junk). */
export function parseTarget(target: string | undefined): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/')) return null;
  try {
    const url = new URL(target, BASE);
    return url.origin === BASE ? url : null;
  } catch {
    return null;
  }
}
