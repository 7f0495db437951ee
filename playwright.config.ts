// End-to-end tests of the studio in Debian's Chromium against the web shell, from a fresh data
// directory (the built renderer must exist: `npm run test:e2e` builds it first). The Electron
// variant lives in tests/e2e-electron and runs where Electron's binary is installed.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = 5620;
/** The playground spec's own studio: it starts from a fresh data dir too (its quick run would end the other's first launch). */
const PLAYGROUND_PORT = 5621;
export const PLAYGROUND_URL = `http://127.0.0.1:${PLAYGROUND_PORT}`;
/** The datasets spec's studio, fresh too: it trains a run of its own. */
const DATASETS_PORT = 5622;
export const DATASETS_URL = `http://127.0.0.1:${DATASETS_PORT}`;
export const E2E_TOKEN = 'e2e0123456789abcdef0123456789abcdef0123456789ab';
const dataDir = join(tmpdir(), `code-studio-e2e-${process.pid}-${Date.now()}`);
const playgroundDataDir = `${dataDir}-playground`;
const datasetsDataDir = `${dataDir}-datasets`;

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts'],
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `node bin/code-studio.mjs studio --port ${PORT} --data-dir ${dataDir} --token ${E2E_TOKEN}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: `node bin/code-studio.mjs studio --port ${PLAYGROUND_PORT} --data-dir ${playgroundDataDir} --token ${E2E_TOKEN}`,
      url: `${PLAYGROUND_URL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: `node bin/code-studio.mjs studio --port ${DATASETS_PORT} --data-dir ${datasetsDataDir} --token ${E2E_TOKEN}`,
      url: `${DATASETS_URL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
  ],
});
