// Runs ../shared/bench/torch_reference.py (PyTorch on the CPU, Debian's python3-torch under the
// system /usr/bin/python3) for the same model shape, so the engine's speed is compared side by
// side in the same run. Returns null with the reason when PyTorch is not available here.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';

export interface TorchShape {
  dModel: number;
  layers: number;
  heads: number;
  dFF: number;
  dropout: number;
  sourceVocab: number;
  targetVocab: number;
  batch: number;
  sourceLength: number;
  targetLength: number;
  decodeLength: number;
  steps: number;
  warmup: number;
}

export interface TorchResult {
  torch: string;
  threads: number;
  train_ms_per_step: number;
  train_tgt_tokens_per_s: number;
  decode_ms_per_token: number;
  decode_kv_ms_per_token?: number;
}

export const TORCH_PYTHON = '/usr/bin/python3';

export async function runTorchReference(script: string, shape: TorchShape): Promise<{ result: TorchResult | null; reason?: string }> {
  try {
    await access(script);
  } catch {
    return { result: null, reason: `${script} not found` };
  }
  const args = [
    script, '--d-model', shape.dModel, '--layers', shape.layers, '--heads', shape.heads, '--ff', shape.dFF, '--dropout', shape.dropout,
    '--src-vocab', shape.sourceVocab, '--tgt-vocab', shape.targetVocab, '--batch', shape.batch, '--src-len', shape.sourceLength,
    '--tgt-len', shape.targetLength, '--decode-len', shape.decodeLength, '--steps', shape.steps, '--warmup', shape.warmup,
    '--max-len', Math.max(256, shape.targetLength, shape.decodeLength + 1),
  ].map(String);
  return new Promise((resolve) => {
    execFile(TORCH_PYTHON, args, { timeout: 15 * 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const missing = /No module named 'torch'/.test(stderr) ? 'PyTorch is not installed (apt-get install -y python3-torch libopenblas0-pthread)' : null;
        resolve({ result: null, reason: missing ?? `torch_reference.py failed: ${(stderr || error.message).trim().split('\n').pop()}` });
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ result: JSON.parse(line) as TorchResult });
      } catch {
        resolve({ result: null, reason: `torch_reference.py printed no JSON: ${line.slice(0, 200)}` });
      }
    });
  });
}
