// Headers every web-shell response carries (pages, files, API answers, errors, refusals): the
// renderer's Content-Security-Policy plus what a <meta> tag cannot say (frame-ancestors), no
// framing, no sniffing, and no Referer — the page URL carries the access token.
// RENDERER_CSP must equal the <meta> CSP in src/renderer/index.html (a test compares them).
// 'wasm-unsafe-eval' (compiling WebAssembly, not JS eval) is for Pyodide in the playground's worker:
// in Electron the worker is loaded from file://, without response headers, where the page's policy
// is the only one that can apply.
import type { ServerResponse } from 'node:http';

export const RENDERER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The playground's Python sandbox worker (served by static-files.ts in place of RENDERER_CSP; a
 * dedicated worker's CSP comes from its script's response): it may load its own scripts and
 * Pyodide's files from this origin, compile wasm, and nothing else — no loopback WebSockets, no
 * nested workers, no images or fonts. The worker also removes these doors itself before user code runs.
 */
export const SANDBOX_WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

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
