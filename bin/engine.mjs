#!/usr/bin/env node
// The engine process for the web shell and the CLI's studio command (the desktop app runs the
// built out/main/engine.js instead). Started by src/services/engine/engine-supervisor.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/worker/engine-main.ts');
