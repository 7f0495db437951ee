// The desktop app's page origin, app://studio/: the built renderer served by Electron from
// out/renderer. A file:// page cannot start module workers or fetch its own files, which Monaco's
// editor worker and the Python sandbox (Pyodide's wasm and standard library) both need.
import { protocol } from 'electron';
import { APP_SCHEME, rendererFile } from './renderer-file';

/** Must run before the app is ready: app:// behaves like https (secure, fetch, workers). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = await rendererFile(rendererDir, request.url);
    return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), { status: file.status, headers: file.headers });
  });
}
