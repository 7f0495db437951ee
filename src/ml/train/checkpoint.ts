// Checkpoints on disk: model weights and Adam moments as one little-endian float32 blob each,
// described by a JSON manifest, plus meta.json with everything needed to resume (step, epoch,
// position in the epoch, best score…). A checkpoint is written into a temporary folder and
// renamed into place, so a process killed mid-write leaves the previous checkpoints intact.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const FORMAT = 'code-studio-tensors/1';

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number; // in float32 elements
}

interface TensorManifest {
  format: typeof FORMAT;
  entries: TensorEntry[];
}

export async function writeTensors(directory: string, basename: string, tensors: [string, tf.Tensor][]): Promise<void> {
  const entries: TensorEntry[] = [];
  let total = 0;
  for (const [name, t] of tensors) {
    entries.push({ name, shape: t.shape, offset: total });
    total += t.size;
  }
  const blob = new Float32Array(total);
  for (let i = 0; i < tensors.length; i++) blob.set(await tensors[i][1].data() as Float32Array, entries[i].offset);
  await writeFile(join(directory, `${basename}.bin`), new Uint8Array(blob.buffer));
  await writeFile(join(directory, `${basename}.json`), JSON.stringify({ format: FORMAT, entries } satisfies TensorManifest));
}

export async function readTensors(directory: string, basename: string): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
  const manifestPath = join(directory, `${basename}.json`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as TensorManifest;
  if (manifest.format !== FORMAT) throw new Error(`${manifestPath}: unknown tensor format "${manifest.format}"`);
  const bytes = await readFile(join(directory, `${basename}.bin`));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const e of manifest.entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + size > all.length) throw new Error(`${manifestPath}: tensor "${e.name}" runs past the end of ${basename}.bin (truncated file?)`);
    out.set(e.name, { shape: e.shape, values: all.subarray(e.offset, e.offset + size) });
  }
  return out;
}

/** Copies stored values into existing variables, checking that every name and shape matches. */
export function assignTensors(stored: Map<string, { shape: number[]; values: Float32Array }>, targets: [string, tf.Variable][], what: string): void {
  for (const [name, variable] of targets) {
    const entry = stored.get(name);
    if (!entry) throw new Error(`${what} has no tensor "${name}": it was saved by a different model configuration`);
    if (entry.shape.join('x') !== variable.shape.join('x')) {
      throw new Error(`${what}: "${name}" has shape [${entry.shape}] but the model expects [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(entry.values, entry.shape)));
  }
}
