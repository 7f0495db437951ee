// How the built renderer is served, by either shell (the web shell's HTTP server, Electron's app://
// protocol): the Content-Security-Policy of the page (which must equal the <meta> CSP in
// src/renderer/index.html — a test compares them), the stricter one of the Python sandbox worker,
// and content types. Plain data, so both shells apply exactly the same rules.

// 'wasm-unsafe-eval' (compiling WebAssembly, not JS eval) is for Pyodide in the playground's worker.
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The playground's Python sandbox worker (a dedicated worker's CSP comes from its script's
 * response): it may load its own scripts and Pyodide's files from this origin, compile wasm, and
 * nothing else — no loopback WebSockets, no nested workers, no images or fonts. The worker also
 * removes these doors itself before user code runs.
 */
export const SANDBOX_WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

/** The sandbox worker's bundle (a stable name, see electron.vite.config.ts). */
export const SANDBOX_WORKER_PATH = '/assets/python-worker.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.zip': 'application/zip',
});

/** The content type for a file name (by its extension). */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[path.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

/** The CSP to send with a renderer file: the sandbox worker's own, or the page's. */
export function cspFor(urlPath: string): string {
  return urlPath === SANDBOX_WORKER_PATH ? SANDBOX_WORKER_CSP : RENDERER_CSP;
}
