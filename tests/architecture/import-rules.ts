// The import directions of ../shared/guide/ARCHITECTURE.md as data, and a checker that reads every
// source file's imports (static, re-exports, dynamic) and names each one that goes the wrong way.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type Layer = 'shared' | 'files' | 'ml' | 'services' | 'jobs' | 'worker' | 'server' | 'cli' | 'main' | 'preload' | 'renderer';

/** Which project layers each layer may import (itself included), and which packages it must not. */
export const RULES: Record<Layer, { may: Layer[]; forbiddenPackages: RegExp[] }> = {
  shared: { may: ['shared'], forbiddenPackages: [/^node:/, /^electron/, /^@tensorflow\//, /^pyodide/, /^ws$/, /^koffi/] },
  files: { may: ['shared', 'files'], forbiddenPackages: [/^electron/, /^@tensorflow\//] },
  ml: { may: ['shared', 'files', 'ml'], forbiddenPackages: [/^electron/, /^pyodide/] },
  services: { may: ['shared', 'files', 'services'], forbiddenPackages: [/^electron/, /^@tensorflow\//] },
  jobs: { may: ['shared', 'files', 'ml', 'services', 'jobs'], forbiddenPackages: [/^electron/] },
  worker: { may: ['shared', 'files', 'ml', 'services', 'jobs', 'worker'], forbiddenPackages: [/^electron/] },
  server: { may: ['shared', 'files', 'services', 'server'], forbiddenPackages: [/^electron/, /^@tensorflow\//] },
  cli: { may: ['shared', 'files', 'ml', 'services', 'jobs', 'server', 'cli'], forbiddenPackages: [/^electron/] },
  // TF.js never enters the Electron main process: the engine runs in a utility process.
  main: { may: ['shared', 'files', 'services', 'main'], forbiddenPackages: [/^@tensorflow\//, /^pyodide/] },
  preload: { may: ['shared', 'preload'], forbiddenPackages: [/^node:/, /^@tensorflow\//] },
  renderer: { may: ['shared', 'renderer'], forbiddenPackages: [/^node:/, /^electron/, /^@tensorflow\//, /^koffi/, /^ws$/] },
};

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

export function layerOf(path: string): Layer | null {
  const match = /^src\/([^/]+)\//.exec(path);
  return match && match[1] in RULES ? (match[1] as Layer) : null;
}

/** The renderer feature a file belongs to (src/renderer/features/<name>/…), or null. */
function featureOf(path: string): string | null {
  return /^src\/renderer\/features\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** Every import that breaks a rule, as "file: 'specifier' (why)". */
export function violations(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    if (!from) continue;
    for (const specifier of importsOf(file.text)) {
      if (specifier.startsWith('.')) {
        const target = relative('.', resolve(dirname(file.path), specifier)).split(sep).join('/');
        const to = layerOf(target);
        if (to && !RULES[from].may.includes(to)) out.push(`${file.path}: '${specifier}' (${from} must not import ${to})`);
        if (!to && !target.startsWith('src/') && target !== 'package.json') out.push(`${file.path}: '${specifier}' (leaves src/)`);
        const ownFeature = featureOf(file.path);
        const targetFeature = featureOf(target);
        if (ownFeature && targetFeature && ownFeature !== targetFeature) {
          out.push(`${file.path}: '${specifier}' (feature ${ownFeature} reaches into feature ${targetFeature}; share through src/renderer/lib)`);
        }
      } else if (RULES[from].forbiddenPackages.some((p) => p.test(specifier))) {
        out.push(`${file.path}: '${specifier}' (${from} must not use this package)`);
      }
    }
  }
  return out;
}

/** Every .ts and .svelte file under `dir` (repository-relative paths). */
export function readSources(root: string, dir = 'src'): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) out.push(...readSources(root, path));
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push({ path, text: readFileSync(join(root, path), 'utf8') });
  }
  return out;
}
