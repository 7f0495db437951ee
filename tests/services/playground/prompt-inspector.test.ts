// The prompt as a slots-and-copy model reads it: a quoted value is one word, shown as the value
// with the slot it is read as; words outside the vocabulary are listed, and the inspection says
// the model can still copy them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainRun } from '../../../src/jobs/train-run';
import { PromptInspector } from '../../../src/services/playground/prompt-inspector';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-inspect-'));
  const pairs = ['rows', 'names', 'df', 'items'].flatMap((name) => ['age', 'size'].map((key) => ({ description: `sort \`${name}\` by key '${key}'`, code: `${name}.sort(key=lambda r: r['${key}'])` })));
  await writeFile(join(workDir, 'pairs.jsonl'), [...pairs, ...pairs.map((p) => ({ ...p, description: `${p.description} now` }))].map((p) => JSON.stringify(p)).join('\n') + '\n');
  await trainRun({
    runDir: join(workDir, 'run'), data: { path: join(workDir, 'pairs.jsonl'), clean: false }, preset: 'tiny',
    overrides: { slots: true, model: { copy: true }, maxSteps: 2, evalEvery: 2, evalSamples: 2 },
  });
}, 120_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('prompt inspection with slots and copy attention', () => {
  it('shows quoted values as themselves, with their slot, and says unknown words can be copied', async () => {
    const inspection = await new PromptInspector().inspect(join(workDir, 'run'), "sort `Task.objects` by key 'last name' quickly");
    expect(inspection.words).toEqual([
      { text: 'sort', known: true },
      { text: 'Task.objects', known: true, slot: 'var_0' },
      { text: 'by', known: true },
      { text: 'key', known: true },
      { text: 'last name', known: true, slot: 'str_0' },
      { text: 'quickly', known: false },
    ]);
    expect(inspection.unknownWords).toEqual(['quickly']);
    expect(inspection.copies).toBe(true);
  });
});
