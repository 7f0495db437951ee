// Checkpoint folder names: written padded, read back to their step, temporaries and strangers
// ignored, and ordered by number (step-1000000 after step-999999).
import { describe, expect, it } from 'vitest';
import { checkpointName, checkpointsByStep, checkpointStep } from '../../../src/shared/runs/checkpoint-name';

describe('checkpoint names', () => {
  it('round-trip a step and ignore anything that is not a complete checkpoint', () => {
    for (const step of [0, 7, 500, 999_999, 1_000_000, 123_456_789]) expect(checkpointStep(checkpointName(step))).toBe(step);
    for (const name of ['best.json', 'step-000100.tmp-12-3-abcdef01', 'step-', 'step-12a', 'xstep-000100']) expect(checkpointStep(name)).toBeNull();
  });

  it('orders by step number, not as text', () => {
    expect(checkpointsByStep(['step-1000000', 'best.json', 'step-999999', 'step-000500']).map((c) => c.step)).toEqual([500, 999_999, 1_000_000]);
  });
});
