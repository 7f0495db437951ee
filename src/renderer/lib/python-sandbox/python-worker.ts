// The playground's Python sandbox: a dedicated Web Worker that loads Pyodide from the app's own files,
// shuts every door to the network, the host's files and Pyodide's own API before any user code runs,
// then runs one program at a time in a fresh namespace and reports its output and failing line.
// The page (python-sandbox.ts) enforces the time limit by terminating this worker.
import type { PyodideInterface } from 'pyodide';
import type { FromWorker, SandboxError, ToWorker } from './types';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = scope.postMessage.bind(scope);

const FILENAME = '<playground>';

/** Globals through which code in this worker could reach the network, storage or other contexts. */
const GLOBAL_DOORS = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts',
  'indexedDB', 'caches', 'cookieStore', 'BroadcastChannel', 'Worker', 'SharedWorker', 'FontFace', 'fonts',
  'RTCPeerConnection', 'RTCDataChannel', 'MessageChannel', 'ServiceWorker', 'PushManager', 'FileSystemHandle',
  'FileSystemDirectoryHandle', 'FileSystemFileHandle', 'FileSystemSyncAccessHandle', 'Request', 'Response',
];
const NAVIGATOR_DOORS = ['sendBeacon', 'storage', 'serviceWorker', 'usb', 'hid', 'serial', 'bluetooth', 'locks', 'gpu', 'mediaCapabilities'];
/** Pyodide API members that load packages, mount host directories or hand Python more JS. */
const PYODIDE_DOORS = [
  'loadPackage', 'loadPackagesFromImports', 'mountNativeFS', 'mountNodeFS', 'registerJsModule', 'pyimport',
  'unpackArchive', 'registerComlink', 'setInterruptBuffer', 'checkInterrupt', 'runPython',
];

/** Runs the user's program; returns None or (type, message, line, traceback, recycle). */
const HARNESS = String.raw`
import builtins, linecache, os, sys, traceback
from pyodide.code import eval_code_async

_FILENAME = ${JSON.stringify(FILENAME)}
_BUILTINS = dict(builtins.__dict__)
_MODULES = set(sys.modules)
_LIMIT = sys.getrecursionlimit()
_HOME = os.getcwd()

def _reset():
    # Whatever one run changed in the shared interpreter must not reach the next one.
    for name in set(sys.modules) - _MODULES:
        del sys.modules[name]
    builtins.__dict__.clear()
    builtins.__dict__.update(_BUILTINS)
    sys.stdout, sys.stderr, sys.stdin = sys.__stdout__, sys.__stderr__, sys.__stdin__
    sys.setrecursionlimit(_LIMIT)
    sys.settrace(None)
    sys.setprofile(None)
    os.chdir(_HOME)
    linecache.cache.pop(_FILENAME, None)

async def _studio_run(code):
    _reset()
    linecache.cache[_FILENAME] = (len(code), None, code.splitlines(True), _FILENAME)
    namespace = {'__name__': '__main__', '__builtins__': builtins}
    try:
        await eval_code_async(code, namespace, filename=_FILENAME, return_mode='none')
        return None
    except SystemExit as e:
        if e.code is None or e.code == 0:
            return None
        return _describe(e)
    except BaseException as e:
        return _describe(e)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()

def _describe(e):
    te = traceback.TracebackException.from_exception(e)
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename == _FILENAME])
    line = None
    if isinstance(e, SyntaxError) and e.filename == _FILENAME:
        line = e.lineno
    elif te.stack:
        line = te.stack[-1].lineno
    text = ''.join(te.format())
    return (type(e).__name__, str(e), line, text, isinstance(e, MemoryError))
`;

/** Runs once, before Pyodide finishes loading, so no later Python can `import pyodide_js`. */
const LOCKDOWN = String.raw`
import sys, importlib.abc
class _Refuse(importlib.abc.MetaPathFinder):
    _NAMES = {'pyodide_js', 'micropip', 'pyodide.http', 'pyodide_http', '_pyodide_js'}
    def find_spec(self, name, path=None, target=None):
        if name in self._NAMES:
            raise ImportError(f"{name} is not available in the playground sandbox")
        return None
sys.meta_path.insert(0, _Refuse())
for _name in list(sys.modules):
    if _name in _Refuse._NAMES:
        del sys.modules[_name]
import pyodide
if 'http' in vars(pyodide):
    del pyodide.http
import socket
def _no_network(*args, **kwargs):
    raise OSError("Network access is not available in the playground sandbox")
socket.socket = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network
`;

let pyodide: PyodideInterface | null = null;
let runUser: ((code: string) => Promise<unknown>) | null = null;
let outputLimit = 64 * 1024;
let busy = false;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') void init(message.indexURL, message.outputLimit);
  else if (message.type === 'run') void run(message.id, message.code);
};

async function init(indexURL: string, limit: number): Promise<void> {
  if (pyodide) return;
  outputLimit = limit;
  const started = performance.now();
  try {
    const module = (await import(/* @vite-ignore */ new URL('pyodide.mjs', indexURL).href)) as typeof import('pyodide');
    // `import js` sees this empty object instead of the worker's global scope.
    const jsglobals = Object.create(null) as object;
    const py = await module.loadPyodide({ indexURL, jsglobals, env: { HOME: '/home/pyodide' }, stdout: () => {}, stderr: () => {} });
    lockDown(py);
    // The lockdown first: the harness snapshots sys.modules and restores it after every run.
    py.runPython(LOCKDOWN);
    runUser = py.runPython(HARNESS + '\n_studio_run') as (code: string) => Promise<unknown>;
    disarmApi(py);
    pyodide = py;
    post({ type: 'ready', loadMs: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/** Removes the worker's doors to the outside; Pyodide's files are already loaded. */
function lockDown(py: PyodideInterface): void {
  const global = globalThis as Record<string, unknown>;
  for (const name of GLOBAL_DOORS) remove(global, name);
  const nav = global.navigator as Record<string, unknown> | undefined;
  if (nav) for (const name of NAVIGATOR_DOORS) remove(nav, name);
  // Without eval and the Function constructors a JS object handed to Python cannot be turned into code.
  remove(global, 'eval');
  for (const fn of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(fn), 'constructor', { value: refuse('constructor'), configurable: false, writable: false });
  }
  py.unregisterJsModule('pyodide_js');
}

function disarmApi(py: PyodideInterface): void {
  const api = py as unknown as Record<string, unknown>;
  for (const name of PYODIDE_DOORS) remove(api, name);
}

function remove(target: Record<string, unknown>, name: string): void {
  if (!(name in target)) return;
  try {
    delete target[name];
  } catch {
    // Not configurable: shadowed below.
  }
  if (name in target && target[name] !== undefined) {
    try {
      Object.defineProperty(target, name, { value: undefined, configurable: false, writable: false });
    } catch {
      // Inherited and locked: nothing more this scope can do; the CSP still applies.
    }
  }
}

function refuse(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the playground sandbox`);
  };
}

/**
 * Sends one stream to the page as it is written (capped), so that a run stopped by the time limit
 * still shows what it printed: this thread cannot flush a buffer while the code is looping.
 */
function capture(id: number, stream: 'stdout' | 'stderr') {
  const decoder = new TextDecoder();
  let sent = 0;
  let truncated = false;
  const send = (text: string) => {
    if (sent + text.length > outputLimit) {
      text = text.slice(0, outputLimit - sent);
      truncated = true;
    }
    sent += text.length;
    if (text) post({ type: 'output', id, stream, text });
  };
  return {
    write(buffer: Uint8Array): number {
      if (!truncated) send(decoder.decode(buffer, { stream: true }));
      return buffer.length;
    },
    finish(): boolean {
      if (!truncated) send(decoder.decode());
      return truncated;
    },
  };
}

async function run(id: number, code: string): Promise<void> {
  if (!pyodide || !runUser || busy) return;
  busy = true;
  const out = capture(id, 'stdout');
  const err = capture(id, 'stderr');
  pyodide.setStdout({ write: (b) => out.write(b) });
  pyodide.setStderr({ write: (b) => err.write(b) });
  post({ type: 'started', id });
  const started = performance.now();
  let error: SandboxError | undefined;
  let recycle = false;
  try {
    const outcome = (await runUser(code)) as { toJs(): unknown[]; destroy(): void } | undefined;
    if (outcome) {
      const [type, message, line, traceback, oom] = outcome.toJs() as [string, string, number | null, string, boolean];
      outcome.destroy();
      error = { type, message, line: line ?? null, traceback };
      recycle = oom;
    }
  } catch (e) {
    // The harness itself failed: Pyodide hit a fatal error (e.g. the wasm heap could not grow).
    const message = e instanceof Error ? e.message : String(e);
    error = { type: /memory/i.test(message) ? 'MemoryError' : 'FatalError', message, line: null, traceback: message };
    recycle = true;
  }
  const durationMs = Math.round(performance.now() - started);
  post({
    type: 'done',
    id,
    status: error ? 'error' : 'ok',
    truncated: { stdout: out.finish(), stderr: err.finish() },
    error,
    durationMs,
    recycle,
  });
  busy = false;
}
