// Build configuration for the desktop app's three bundles: main (Node, ESM), preload (CommonJS, so
// the renderer can stay sandboxed) and renderer (Svelte 5 in Chromium). Not the web shell's or the
// CLI's build: those run from source with tsx or serve out/renderer.
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// Pyodide's runtime, shipped inside the renderer as out/renderer/pyodide/ so the playground's Python
// sandbox loads it from the app's own files (offline, same origin); served from node_modules in dev.
const PYODIDE_FILES: Record<string, string> = {
  'pyodide.mjs': 'text/javascript',
  'pyodide.asm.mjs': 'text/javascript',
  'pyodide.asm.wasm': 'application/wasm',
  'python_stdlib.zip': 'application/zip',
  'pyodide-lock.json': 'application/json',
};

function pyodideFiles(): Plugin {
  const dir = resolve('node_modules/pyodide');
  return {
    name: 'code-studio:pyodide-files',
    configureServer(server) {
      server.middlewares.use('/pyodide/', (request, response, next) => {
        const name = (request.url ?? '').split('?')[0].replace(/^\//, '');
        if (!Object.hasOwn(PYODIDE_FILES, name)) return next();
        response.setHeader('content-type', PYODIDE_FILES[name]);
        createReadStream(resolve(dir, name)).pipe(response);
      });
    },
    generateBundle() {
      for (const name of Object.keys(PYODIDE_FILES)) {
        this.emitFile({ type: 'asset', fileName: `pyodide/${name}`, source: readFileSync(resolve(dir, name)) });
      }
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // The engine (src/worker) is a second entry: the utility process runs out/main/engine.js.
      // The dataset analysis worker thread is a third (out/main/analysis-worker.js).
      rolldownOptions: {
        input: { index: resolve('src/main/index.ts'), engine: resolve('src/worker/engine-main.ts'), 'analysis-worker': resolve('src/services/datasets/analysis/analysis-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // With "type": "module" electron-vite would emit index.mjs, and Electron loads ESM preloads
        // only with sandbox: false; a CommonJS preload keeps the sandbox on.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      minify: true,
      rolldownOptions: {
        // The Python sandbox is its own entry with a stable name (and so is its worker, below): the
        // end-to-end test imports it into the real page, and the web shell gives the worker its own CSP.
        preserveEntrySignatures: 'exports-only',
        input: { index: resolve('src/renderer/index.html'), 'python-sandbox': resolve('src/renderer/lib/python-sandbox/python-sandbox.ts') },
        output: { entryFileNames: (chunk) => (chunk.name === 'python-sandbox' ? 'assets/[name].js' : 'assets/[name]-[hash].js') },
      },
    },
    // vite-plugin-svelte looks for svelte.config.js in the Vite root (src/renderer); point it at the
    // repository root's, which editors and svelte-check also read.
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), pyodideFiles()],
    worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'assets/[name].js' } } },
  },
});
