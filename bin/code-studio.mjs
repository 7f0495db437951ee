#!/usr/bin/env node
// The code-studio command line. TypeScript sources run through tsx, so the CLI needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
