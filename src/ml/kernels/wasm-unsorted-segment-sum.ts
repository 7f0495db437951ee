// UnsortedSegmentSum for the wasm backend, which does not ship it. TF.js needs it for the
// gradient of every gather (embedding lookups, the sparse cross-entropy), so without it no
// model can train on wasm. Written in plain JS over the wasm heap: it is a scatter-add, O(N·D),
// negligible next to the matMuls of a training step.
import { getKernel, registerKernel, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const wasmUnsortedSegmentSum: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const wasm = backend as unknown as WasmBackendLike;
    const idRank = segmentIds.shape.length;
    const inner = util.sizeFromShape(x.shape.slice(idRank));
    const out = wasm.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
    // Views are taken after makeOutput: allocating may grow the heap and detach older views.
    const values = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(segmentIds);
    const result = wasm.typedArrayFromHeap(out);
    result.fill(0);
    for (let i = 0; i < ids.length; i++) {
      const segment = ids[i];
      if (segment < 0 || segment >= numSegments) continue; // TF semantics: out-of-range ids are dropped
      const src = i * inner;
      const dst = segment * inner;
      for (let j = 0; j < inner; j++) result[dst + j] += values[src + j];
    }
    return out;
  },
};

export function registerWasmUnsortedSegmentSum(): void {
  if (!getKernel('UnsortedSegmentSum', 'wasm')) registerKernel(wasmUnsortedSegmentSum);
}
