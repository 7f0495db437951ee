import { describe, expect, it } from 'vitest';
import { alignPrompt } from '../../../src/shared/attention/align';
import { at, crossRollout, matrix, mean, rollout, thumbnail } from '../../../src/shared/attention/matrix';

describe('attention rollout', () => {
  it('matches a hand-computed two-layer example', () => {
    // Layer 1: A1 = [[1, 0], [0.5, 0.5]] → Â1 = ½A1 + ½I = [[1, 0], [0.25, 0.75]].
    // Layer 2: A2 = [[0.5, 0.5], [0, 1]] → Â2 = [[0.75, 0.25], [0, 1]].
    // R = Â2 · Â1 = [[0.75 + 0.0625, 0.1875], [0.25, 0.75]] = [[0.8125, 0.1875], [0.25, 0.75]].
    const r = rollout([matrix(2, 2, [1, 0, 0.5, 0.5]), matrix(2, 2, [0.5, 0.5, 0, 1])]);
    expect(r.values.map((v) => Number(v.toFixed(6)))).toEqual([0.8125, 0.1875, 0.25, 0.75]);
    for (let row = 0; row < 2; row++) expect(at(r, row, 0) + at(r, row, 1)).toBeCloseTo(1, 10);
  });

  it('averages heads, carries cross-attention through both rollouts with rows summing to 1, and pools thumbnails', () => {
    expect(mean([matrix(1, 2, [1, 0]), matrix(1, 2, [0, 1])]).values).toEqual([0.5, 0.5]);
    const cross = crossRollout(matrix(2, 2, [1, 0, 0.5, 0.5]), matrix(2, 3, [0.2, 0.3, 0.5, 1, 0, 0]), rollout([matrix(3, 3, [1, 0, 0, 0, 1, 0, 0.5, 0, 0.5])]));
    expect(cross.rows).toBe(2);
    expect(cross.cols).toBe(3);
    for (let row = 0; row < 2; row++) expect(cross.values.slice(row * 3, row * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const big = matrix(4, 4, Array.from({ length: 16 }, (_, i) => i));
    expect(thumbnail(big, 2, 2).values).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(() => matrix(2, 2, [1])).toThrow(/needs 4 values/);
  });
});

describe('prompt alignment', () => {
  it('finds every token of the prompt in the text the user typed, case and quotes folded', () => {
    const prompt = 'Sort the list `Items` by “key” and python’s len';
    const { tokens, ranges } = alignPrompt(prompt);
    tokens.forEach((token, i) => {
      const range = ranges[i];
      expect(range, token).not.toBeNull();
      const typed = prompt.slice(range!.from, range!.to).toLowerCase().replace(/[“”]/g, '"').replace(/[’]/g, "'");
      expect(typed).toBe(token.toLowerCase());
    });
    expect(tokens).toContain('Items'); // quoted names keep their case
  });
});
