import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Model tests are CPU heavy; two cores, so run files two at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/renderer/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        // Renderer state (*.svelte.ts runes) and components: compiled by the Svelte plugin, run in
        // jsdom with the browser build of Svelte (the default server build cannot mount).
        extends: true,
        plugins: [svelte({ configFile: resolve('svelte.config.js') })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          include: ['tests/renderer/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
