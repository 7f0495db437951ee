// Which TF.js backend a run asks for. 'auto' takes the best that loads: tfjs-node-gpu, tfjs-node,
// wasm with a native BLAS for its matrix products (wasm-blas), wasm alone, then the plain JS backend. Pure data, so shells can show the choices without loading TF.js.
export type BackendPreference = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm-blas' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm-blas', 'wasm', 'cpu'];
