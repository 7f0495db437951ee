// The CoNaLa recipe (preset conala: slots, copy attention, its model and schedule) is
// deterministic: the same seed on the same data gives the same first 50 losses, bit for bit.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainRun } from '../../src/jobs/train-run';
import { RunStore } from '../../src/services/runs/run-store';
import { resolveTrainConfig } from '../../src/shared/config/presets';

const PAIRS = Array.from({ length: 120 }, (_, i) => {
  const name = ['df', 'rows', 'names', 'Task.objects'][i % 4];
  const key = ['age', 'size', 'last name'][i % 3];
  return { description: `sort \`${name}\` by key '${key}' number ${i}`, code: `${name}.sort(key=lambda r: r['${key}'] + ${i})` };
});

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-recipe-'));
  await writeFile(join(workDir, 'pairs.jsonl'), PAIRS.map((p) => JSON.stringify(p)).join('\n') + '\n');
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function firstLosses(name: string): Promise<number[]> {
  const runDir = join(workDir, name);
  await trainRun({ runDir, data: { path: join(workDir, 'pairs.jsonl'), clean: false }, preset: 'conala', overrides: { maxSteps: 50, evalEvery: 1000, maxMinutes: 0 } });
  const metrics = (await new RunStore(runDir).readMetrics()) as { type: string; loss?: number }[];
  return metrics.filter((m) => m.type === 'step').map((m) => m.loss!);
}

describe('the CoNaLa recipe', () => {
  it('uses slots and copy attention', () => {
    const config = resolveTrainConfig('conala');
    expect(config.slots).toBe(true);
    expect(config.model.copy).toBe(true);
  });

  it('gives the same first 50 losses for the same seed', async () => {
    const a = await firstLosses('a');
    const b = await firstLosses('b');
    expect(a).toHaveLength(50);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(b).toEqual(a);
  }, 240_000);
});
