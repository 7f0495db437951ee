// Headers every web-shell response carries (pages, files, API answers, errors, refusals): the
// renderer's Content-Security-Policy plus what a <meta> tag cannot say (frame-ancestors), no
// framing, no sniffing, and no Referer — the page URL carries the access token.
// RENDERER_CSP must equal the <meta> CSP in src/renderer/index.html (a test compares them).
import type { ServerResponse } from 'node:http';
import { RENDERER_CSP } from '../shared/api/renderer-policy';

export { RENDERER_CSP, SANDBOX_WORKER_CSP } from '../shared/api/renderer-policy';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': `${RENDERER_CSP}; frame-ancestors 'none'`,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

export function applySecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}
