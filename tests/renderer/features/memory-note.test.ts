// The form's memory line: the estimate for a valid config, a refusal that disables Start when the
// model cannot fit the wasm heap, and no wasm limit claimed on a native backend.
import { describe, expect, it } from 'vitest';
import { memoryNote } from '../../../src/renderer/features/training/memory-note';
import { resolveTrainConfig } from '../../../src/shared/config/presets';

const huge = resolveTrainConfig('small', { model: { dModel: 2048, numHeads: 16, dFF: 8192, encoderLayers: 24, decoderLayers: 24 } });

describe('memoryNote', () => {
  it('states what a preset needs on wasm', () => {
    expect(memoryNote(resolveTrainConfig('tiny'), 'wasm (SIMD) + OpenBLAS matMul')).toEqual({ text: 'Needs up to ≈ 467 MB of memory to train (the wasm backend holds 4 GiB).', tooBig: false });
  });

  it('refuses a model that cannot fit the wasm heap, saying what to lower', () => {
    const note = memoryNote(huge, 'wasm (SIMD, 1 thread)');
    expect(note?.tooBig).toBe(true);
    expect(note?.text).toMatch(/but the wasm backend's 4 GiB heap allows 4\.0 GiB: lower dModel, dFF or the number of layers/);
  });

  it('claims no wasm limit on a native backend, and says nothing for an invalid form', () => {
    expect(memoryNote(huge, 'tfjs-node-gpu (CUDA)')?.tooBig).toBe(false);
    expect(memoryNote(null, 'wasm')).toBeNull();
  });
});
