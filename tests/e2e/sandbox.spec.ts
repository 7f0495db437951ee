// The playground's Python sandbox, for real: the built PythonSandbox and its Pyodide worker inside the
// studio page served by the web shell (real CSP and headers, Debian's Chromium). Each case runs
// hostile or broken Python and checks the clear message the UI would show.
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import type { SandboxResult } from '../../src/renderer/lib/python-sandbox/types';

test.describe.configure({ mode: 'serial' });

let page: Page;

async function run(code: string, timeLimitMs?: number): Promise<SandboxResult> {
  return page.evaluate(
    ([code, timeLimitMs]) => (globalThis as any).sandbox.run(code, timeLimitMs ? { timeLimitMs } : {}),
    [code, timeLimitMs] as const,
  );
}

/** Runs code expected to fail and returns "Type: message" of the error. */
async function failure(code: string): Promise<string> {
  const result = await run(code);
  expect(result.status, `${code}\n→ ${JSON.stringify(result)}`).toBe('error');
  return `${result.error!.type}: ${result.error!.message}`;
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.evaluate(async () => {
    // The bundled class, by its stable name (electron.vite.config.ts); ts would resolve the source.
    const url = '/assets/python-sandbox.js';
    const { PythonSandbox } = await import(/* @vite-ignore */ url);
    const sandbox = new PythonSandbox({ timeLimitMs: 5000 });
    (globalThis as any).sandbox = sandbox;
    await sandbox.warm();
  });
});

test.afterAll(async () => {
  await page.close();
});

test('the worker script gets its own strict CSP from the web shell', async ({ request }) => {
  const response = await request.get('/assets/python-worker.js');
  expect(response.headers()['content-security-policy']).toBe("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'");
  const zip = await request.get('/pyodide/python_stdlib.zip');
  expect(zip.headers()['content-type']).toBe('application/zip');
});

test('prints stdout and stderr, and each run starts from a fresh namespace', async () => {
  const first = await run('import sys\nx = 41\nprint("hello", x + 1)\nprint("warn", file=sys.stderr)');
  expect(first).toMatchObject({ status: 'ok', stdout: 'hello 42\n', stderr: 'warn\n' });
  expect(first.message).toMatch(/^Finished in \d+\.\d+ s\.$/);
  expect(await failure('print(x)')).toBe("NameError: name 'x' is not defined");
  // Changes to builtins do not leak either.
  await run('import builtins\nbuiltins.print = None');
  expect((await run('print("still here")')).stdout).toBe('still here\n');
  expect((await run('import sys\nprint("bye")\nsys.exit(0)')).status).toBe('ok');
  expect((await run('import asyncio\nawait asyncio.sleep(0.01)\nprint("awaited")')).stdout).toBe('awaited\n');
});

test('an exception reports its type, message, line and a traceback of the user code', async () => {
  const result = await run('def f(n):\n    return 10 / n\n\nprint("before")\nf(0)\n');
  expect(result.status).toBe('error');
  expect(result.stdout).toBe('before\n');
  expect(result.error).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero', line: 2 });
  expect(result.error!.traceback).toContain('line 5');
  expect(result.error!.traceback).toContain('return 10 / n');
  expect(result.error!.traceback).not.toContain('_pyodide');
  expect(result.message).toBe('ZeroDivisionError at line 2: division by zero.');
  const syntax = await run('x = 1\nif x\n    print(x)\n');
  expect(syntax.error).toMatchObject({ type: 'SyntaxError', line: 2 });
  expect(syntax.message).toMatch(/^SyntaxError at line 2: /);
});

test('host files are out of reach: only Pyodide\'s in-memory file system', async () => {
  expect(await failure("open('/etc/passwd').read()")).toMatch(/^FileNotFoundError/);
  expect(await failure("open('/proc/self/environ').read()")).toMatch(/^(FileNotFoundError|OSError|PermissionError)/);
  const listing = await run("import os\nprint(sorted(os.listdir('/')))\nprint(os.environ.get('HOME'), 'PATH' in os.environ and os.environ['PATH'])");
  expect(listing.status).toBe('ok');
  expect(listing.stdout).toBe("['dev', 'home', 'lib', 'proc', 'tmp']\n/home/pyodide /\n"); // Pyodide's own defaults, not the host's
  expect(await failure("import pyodide_js")).toMatch(/^(ImportError|ModuleNotFoundError)/);
  expect(await failure("import sys\nsys.modules['pyodide_js'].mountNativeFS")).toMatch(/^KeyError/);
});

test('network doors are shut: js globals, pyodide.http, sockets, urllib, eval tricks, packages', async () => {
  const refused: Record<string, RegExp> = {
    'from js import fetch': /^ImportError/,
    'import js\njs.XMLHttpRequest.new()': /^AttributeError/,
    'from js import WebSocket': /^ImportError/,
    'import js\njs.eval("1")': /^AttributeError/,
    'import js\njs.Function("return 1")': /^AttributeError/,
    'import pyodide.http\nawait pyodide.http.pyfetch("http://127.0.0.1:5620/")': /^(ImportError|ModuleNotFoundError)/,
    'from pyodide.http import pyfetch': /^(ImportError|ModuleNotFoundError)/,
    'import pyodide\npyodide.http.pyfetch': /^AttributeError/,
    'import urllib.request\nurllib.request.urlopen("http://127.0.0.1:5620/")': /^(URLError|OSError|ImportError|ModuleNotFoundError)/,
    'import socket\nsocket.create_connection(("127.0.0.1", 5620))': /^OSError/,
    // Emscripten's socket emulation would need a WebSocket, which the worker no longer has.
    'import _socket\ns = _socket.socket()\ns.connect(("127.0.0.1", 5620))': /^OSError/,
    'import _socket\ns = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)\ns.sendto(b"x", ("127.0.0.1", 5620))': /^OSError/,
    'import micropip': /^(ImportError|ModuleNotFoundError)/,
    'from pyodide.code import run_js\nrun_js("fetch")': /^ImportError: cannot import name 'eval'/,
    'from pyodide.ffi import to_js\nto_js({}).constructor.constructor("return fetch")()': /^JsException: .*constructor is not available/,
    'import pyodide.webloop\npyodide.webloop.scheduleCallback.constructor("return fetch")': /^JsException: .*constructor is not available/,
    'from pyodide.ffi import to_js\nfrom js import Object': /^ImportError/,
  };
  for (const [code, expected] of Object.entries(refused)) {
    expect(await failure(code), code).toMatch(expected);
  }
});

test('an endless loop is stopped by the time limit and a fresh worker runs the next program', async () => {
  const started = Date.now();
  const result = await run('print("spinning")\nwhile True:\n    pass', 2000);
  expect(result.status).toBe('timeout');
  expect(result.message).toBe('Stopped after 2.0 s (time limit).');
  expect(result.stdout).toBe('spinning\n');
  expect(Date.now() - started).toBeLessThan(4000);
  expect(await page.evaluate(() => (globalThis as any).sandbox.state)).toBe('loading');
  const next = await run('print(6 * 7)');
  expect(next).toMatchObject({ status: 'ok', stdout: '42\n' });
  expect(next.loadMs).toBeGreaterThan(0);
});

test('huge allocations fail at their line: too big for wasm32, then past the heap (MemoryError)', async () => {
  // 3e9 bytes is more than a 32-bit size can say: CPython refuses it before allocating.
  const tooBig = await run('x = 1\ny = 2\nz = bytearray(3 * 10**9)\n');
  expect(tooBig.message).toBe("OverflowError at line 3: cannot fit 'int' into an index-sized integer.");
  // Zeroing gigabytes takes time: on a 2-core build machine the heap ran out after about 11 s.
  const heap = await run('blocks = []\nfor i in range(5):\n    blocks.append(bytearray(10**9))\n', 40_000);
  expect(heap.message).toBe('Ran out of memory (MemoryError) at line 3.');
  expect(await page.evaluate(() => (globalThis as any).sandbox.state)).toBe('loading');
  expect((await run('print("after")')).stdout).toBe('after\n');
});

test('a program that keeps allocating is stopped (MemoryError or the time limit)', async () => {
  // Measured: MemoryError after about 6 s without a limit, so with the default 5 s either may win.
  const result = await run('chunks = []\nwhile True:\n    chunks.append("x" * 2**20)\n');
  expect(['error', 'timeout']).toContain(result.status);
  if (result.status === 'error') expect(result.message).toBe('Ran out of memory (MemoryError) at line 3.');
  else expect(result.message).toBe('Stopped after 5.0 s (time limit).');
  expect((await run('print("recovered")')).stdout).toBe('recovered\n');
});

test('output past the limit is cut with a note', async () => {
  const result = await run('for i in range(100000):\n    print("line", i)');
  expect(result.status).toBe('ok');
  expect(result.stdout.length).toBeLessThan(64 * 1024 + 100);
  expect(result.stdout.endsWith('… output truncated')).toBe(true);
});
