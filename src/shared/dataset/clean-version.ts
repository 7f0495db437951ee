// The cleaning pipeline run over a stored version: what each step would change, with before and
// after for examples of every step, and the version change that applying it commits. Pure: the
// caller reads the pairs and supplies the syntax check.
import { cleanPairs, CLEAN_STEPS, type CleanOptions, type CleanStep, type CleanStepCount, type SyntaxCheck } from './clean';
import type { Pair } from './pair';
import type { StoredPair, VersionChange } from './versions';

export interface PairText {
  description: string;
  code: string;
}

export interface CleanExample {
  pairId: number;
  step: CleanStep;
  action: 'changed' | 'dropped' | 'flagged';
  reason?: string;
  /** Where the pair came from, "seed.txt:120". */
  where?: string;
  before: PairText;
  /** What the whole pipeline makes of the pair; null when it is dropped. */
  after: PairText | null;
}

export interface CleanPreview {
  input: number;
  output: number;
  options: CleanOptions;
  steps: Record<CleanStep, CleanStepCount>;
  /** Up to `examplesPerStep` pairs per step and action, in dataset order. */
  examples: CleanExample[];
  /** Pairs the pipeline rewrites (any step). */
  changed: number;
}

type Tracked = Pair & { storedId: number };

export function cleanVersion(
  pairs: Iterable<StoredPair>, options: Partial<CleanOptions>, checkSyntax?: SyntaxCheck, examplesPerStep = 40,
): { preview: CleanPreview; change: VersionChange } {
  const input: Tracked[] = [];
  for (const p of pairs) input.push({ id: String(p.id), storedId: p.id, description: p.description, code: p.code, source: p.source ?? { file: '' } });
  const changedBy = new Map<number, CleanStep[]>();
  const result = cleanPairs(input, options, checkSyntax, (step, original) => {
    const steps = changedBy.get(original.storedId) ?? [];
    steps.push(step);
    changedBy.set(original.storedId, steps);
  });

  const after = new Map<number, PairText>();
  const replace: { pairId: number; description: string; code: string }[] = [];
  const byId = new Map(input.map((p) => [p.storedId, p]));
  for (const kept of result.pairs) {
    after.set(kept.storedId, { description: kept.description, code: kept.code });
    const original = byId.get(kept.storedId)!;
    if (kept.description !== original.description || kept.code !== original.code) {
      replace.push({ pairId: kept.storedId, description: kept.description, code: kept.code });
    }
  }
  const remove = input.filter((p) => !after.has(p.storedId)).map((p) => p.storedId);

  const examples: CleanExample[] = [];
  const taken = new Map<string, number>();
  const take = (example: CleanExample) => {
    const key = `${example.step}/${example.action}`;
    const count = taken.get(key) ?? 0;
    if (count >= examplesPerStep) return;
    taken.set(key, count + 1);
    examples.push(example);
  };
  for (const pair of input) {
    for (const step of changedBy.get(pair.storedId) ?? []) {
      take({ pairId: pair.storedId, step, action: 'changed', where: where(pair), before: textOf(pair), after: after.get(pair.storedId) ?? null });
    }
  }
  for (const entry of result.report.entries) {
    const pair = byId.get(Number(entry.id))!;
    take({ pairId: pair.storedId, step: entry.step, action: entry.action, reason: entry.reason, where: where(pair), before: textOf(pair), after: after.get(pair.storedId) ?? null });
  }
  const order = new Map(CLEAN_STEPS.map((s, i) => [s, i]));
  examples.sort((a, b) => order.get(a.step)! - order.get(b.step)! || a.pairId - b.pairId);
  return {
    preview: { input: input.length, output: result.pairs.length, options: result.report.options, steps: result.report.steps, examples, changed: replace.length },
    change: { remove, replace },
  };
}

function textOf(pair: Pair): PairText {
  return { description: pair.description, code: pair.code };
}

function where(pair: Pair): string | undefined {
  if (!pair.source.file) return undefined;
  return pair.source.line !== undefined ? `${pair.source.file}:${pair.source.line}` : pair.source.record !== undefined ? `${pair.source.file} record ${pair.source.record}` : pair.source.file;
}
