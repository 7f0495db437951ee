#!/usr/bin/env node
// The dataset analysis worker thread for the web shell, the CLI and tests (the desktop app runs the
// built out/main/analysis-worker.js instead). Started by src/services/datasets/analysis/run-analysis.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/services/datasets/analysis/analysis-worker.ts');
