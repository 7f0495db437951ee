// tf.tidy for functions that return structured results (caches with null slots, records of
// tensors). TF.js walks any nested object at run time and keeps every tensor it finds; only its
// TensorContainer type is too narrow to say so.
import * as tf from '@tensorflow/tfjs-core';

export function tidyObject<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
