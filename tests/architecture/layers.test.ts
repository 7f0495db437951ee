// The layers of ../shared/guide/ARCHITECTURE.md, enforced: every import in src/ goes in an allowed
// direction (shared ← everything; ml only shared, files and TF.js; jobs above ml and services;
// TF.js never in main, server or the renderer), and no renderer feature reaches into another's folder.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, readSources, violations } from './import-rules';

const ROOT = resolve(__dirname, '../..');

describe('import directions', () => {
  it('no file in src/ imports against the layer directions', () => {
    const files = readSources(ROOT);
    expect(files.length).toBeGreaterThan(150);
    expect(violations(files)).toEqual([]);
  });

  it('the checker catches each kind of wrong import (it can fail)', () => {
    const found = violations([
      { path: 'src/ml/runs/train-run.ts', text: "import { RunStore } from '../../services/runs/run-store';" },
      { path: 'src/shared/config/x.ts', text: "import { readFile } from 'node:fs/promises';" },
      { path: 'src/main/index.ts', text: "const tf = await import('@tensorflow/tfjs-core');" },
      { path: 'src/renderer/features/welcome/W.svelte', text: "<script lang=\"ts\">\n  import type { TrainingState } from '../training/training.svelte';\n</script>" },
      { path: 'src/services/a.ts', text: "export { trainRun } from '../jobs/train-run';" },
      { path: 'src/jobs/ok.ts', text: "import { makeModel } from '../ml/model/encoder-decoder';\nimport { RunStore } from '../services/runs/run-store';" },
    ]);
    expect(found).toEqual([
      "src/ml/runs/train-run.ts: '../../services/runs/run-store' (ml must not import services)",
      "src/shared/config/x.ts: 'node:fs/promises' (shared must not use this package)",
      "src/main/index.ts: '@tensorflow/tfjs-core' (main must not use this package)",
      "src/renderer/features/welcome/W.svelte: '../training/training.svelte' (feature welcome reaches into feature training; share through src/renderer/lib)",
      "src/services/a.ts: '../jobs/train-run' (services must not import jobs)",
    ]);
  });

  it('reads imports of every form', () => {
    expect(importsOf("import a from 'x';\nimport type { B } from \"y\";\nexport * from './z';\nimport './side-effect';\nconst m = await import('w');")).toEqual(['x', 'y', './z', './side-effect', 'w']);
  });
});
