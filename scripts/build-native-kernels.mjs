#!/usr/bin/env node
// Compiles the studio's native training kernels (src/ml/kernels/native/c) with the system C
// compiler into build/native/, where the engine looks for them. Run by `npm install`
// (postinstall) and `npm run build:native`. Optional, and never fails the install: without a
// compiler, or when compiling fails, it says so in one line and the engine keeps its JS kernels.
// CC picks the compiler (default cc); OpenMP (both cores) when the compiler has it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src/ml/kernels/native/c');
const outDir = join(root, 'build/native');
/** Keep in step with src/ml/kernels/native/library-path.ts. */
export const LIBRARY_NAME = process.platform === 'darwin' ? 'libstudio-kernels.dylib' : process.platform === 'win32' ? 'studio-kernels.dll' : 'libstudio-kernels.so';

const say = (line) => console.log(`code-studio: ${line}`);

export function buildNativeKernels({ force = false } = {}) {
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.c')).map((f) => join(sourceDir, f));
  const inputs = [...sources, join(sourceDir, 'studio-kernels.h'), fileURLToPath(import.meta.url)];
  const target = join(outDir, LIBRARY_NAME);
  if (!force && existsSync(target)) {
    const built = statSync(target).mtimeMs;
    if (inputs.every((f) => statSync(f).mtimeMs <= built)) return { ok: true, target, note: 'up to date' };
  }
  const cc = process.env.CC || 'cc';
  const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { ok: false, reason: `no C compiler (${cc})` };
  mkdirSync(outDir, { recursive: true });
  // Written beside the target and renamed over it: a running engine keeps the file it mapped.
  const temporary = `${target}.${process.pid}.tmp`;
  // No -ffast-math: the kernels must give the JS kernels' numbers. -ffp-contract=off keeps FMA
  // out (so Adam is bit-identical to JS on every CPU); -fno-math-errno lets sqrt vectorise.
  const common = ['-O3', '-std=c11', '-fPIC', '-shared', '-fvisibility=hidden', '-fno-math-errno', '-ffp-contract=off'];
  const attempts = [
    { flags: ['-fopenmp'], threads: 'OpenMP' },
    { flags: ['-fopenmp-simd'], threads: 'without OpenMP: one thread' },
    { flags: [], threads: 'without OpenMP: one thread' },
  ];
  let lastError = '';
  for (const { flags, threads } of attempts) {
    const result = spawnSync(cc, [...common, ...flags, ...sources, '-o', temporary, '-lm'], { encoding: 'utf8', timeout: 120_000 });
    if (result.status === 0) {
      renameSync(temporary, target);
      return { ok: true, target, note: threads };
    }
    lastError = (result.stderr || result.error?.message || 'failed').trim().split('\n').find((l) => /error/i.test(l)) ?? 'failed';
  }
  rmSync(temporary, { force: true });
  return { ok: false, reason: `${cc} failed: ${lastError}` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const result = buildNativeKernels({ force: process.argv.includes('--force') });
    if (result.ok) say(`native training kernels ${result.note === 'up to date' ? 'up to date' : `built (${result.note})`}: ${result.target}`);
    else say(`native training kernels not built (${result.reason}); training uses the JS kernels (slower). Install a C compiler and run \`npm run build:native\`.`);
  } catch (error) {
    say(`native training kernels not built (${error.message}); training uses the JS kernels (slower).`);
  }
}
