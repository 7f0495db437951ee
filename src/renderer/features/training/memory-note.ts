// The line under the new-run form about memory: what the run will need at most (vocabularies at
// their configured maximum) and, on the wasm backend, whether that fits its 4 GiB heap. The studio
// refuses the same configs when Start is pressed; this says so before.
import { configMemoryProblem, estimateTrainingMemory, formatBytes, WASM_HEAP_LIMIT_BYTES, worstCaseVocabulary } from '../../../shared/config/memory-estimate';
import type { TrainConfig } from '../../../shared/config/train-config';

export interface MemoryNote {
  text: string;
  /** True when the run cannot start: Start is disabled and the text says what to lower. */
  tooBig: boolean;
}

export function memoryNote(config: TrainConfig | null, backendLabel: string): MemoryNote | null {
  if (!config) return null;
  const vocabulary = worstCaseVocabulary(config);
  const onWasm = backendLabel.startsWith('wasm');
  const problem = onWasm ? configMemoryProblem(config, vocabulary, { bytes: WASM_HEAP_LIMIT_BYTES, what: "the wasm backend's 4 GiB heap" }) : null;
  if (problem) return { text: problem, tooBig: true };
  const needs = formatBytes(estimateTrainingMemory(config, vocabulary).totalBytes);
  return { text: `Needs up to ≈ ${needs} of memory to train${onWasm ? ' (the wasm backend holds 4 GiB)' : ''}.`, tooBig: false };
}
