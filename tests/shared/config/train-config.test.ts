// Config fields that only make sense together are refused together, naming the field.
import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../../src/shared/config/presets';

describe('TrainConfig', () => {
  it('refuses fineTuneMinutes without a time limit, and takes it with one', () => {
    expect(() => resolveTrainConfig('tiny', { fineTuneMinutes: 10 })).toThrow(/fineTuneMinutes needs maxMinutes/);
    expect(resolveTrainConfig('tiny', { fineTuneMinutes: 10, maxMinutes: 30 }).fineTuneMinutes).toBe(10);
    expect(resolveTrainConfig('conala', { fineTuneMinutes: 15 }).maxMinutes).toBe(57);
  });

  it('refuses a primaryWeight that is not a whole number from 1', () => {
    expect(() => resolveTrainConfig('tiny', { primaryWeight: 0 })).toThrow(/primaryWeight/);
    expect(() => resolveTrainConfig('tiny', { primaryWeight: 1.5 })).toThrow(/primaryWeight/);
    expect(resolveTrainConfig('tiny', { primaryWeight: 3 }).primaryWeight).toBe(3);
  });
});
