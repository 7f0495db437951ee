// Build configuration for the desktop app's three bundles: main (Node, ESM), preload (CommonJS, so
// the renderer can stay sandboxed) and renderer (Svelte 5 in Chromium). Not the web shell's or the
// CLI's build: those run from source with tsx or serve out/renderer.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // The engine (src/worker) is a second entry: the utility process runs out/main/engine.js.
      rolldownOptions: { input: { index: resolve('src/main/index.ts'), engine: resolve('src/worker/engine-main.ts') } },
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
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    // vite-plugin-svelte looks for svelte.config.js in the Vite root (src/renderer); point it at the
    // repository root's, which editors and svelte-check also read.
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  },
});
