// Where the engine looks for the native kernel library: the override alone, else build/native/
// found walking up from the engine's module (a checkout: tsx or out/main/), else a packaged app's
// resources folder (electron-builder.yml copies build/native/ to <resources>/native/), and never a
// path inside app.asar, which dlopen cannot read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryCandidates, LIBRARY_NAME, outsideAsar } from '../../../src/ml/kernels/native/library-path';

const NAME = 'libstudio-kernels.so';
const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('libraryCandidates', () => {
  it('takes CODE_STUDIO_NATIVE_KERNELS=/path as the only candidate, and =off as no override', () => {
    expect(libraryCandidates({ override: '/opt/k.so', exists: () => false })).toEqual(['/opt/k.so']);
    expect(libraryCandidates({ override: 'off', moduleDir: '/a/b', resourcesPath: undefined, exists: () => false, name: NAME })).toEqual([]);
  });

  it('finds build/native/ of a checkout from src/ml/kernels/native/ (tsx) and from out/main/ (bundle)', () => {
    const lib = `/repo/build/native/${NAME}`;
    const search = { override: undefined, resourcesPath: undefined, exists: only(lib), name: NAME };
    expect(libraryCandidates({ ...search, moduleDir: '/repo/src/ml/kernels/native' })).toEqual([lib]);
    expect(libraryCandidates({ ...search, moduleDir: '/repo/out/main' })).toEqual([lib]);
  });

  it('in a packaged app, finds the library that packaging copied to <resources>/native/', () => {
    const resources = '/opt/Code Studio/resources';
    const lib = `${resources}/native/${NAME}`;
    expect(libraryCandidates({ override: undefined, moduleDir: `${resources}/app.asar/out/main`, resourcesPath: resources, exists: only(lib), name: NAME })).toEqual([lib]);
  });

  it('never offers a path inside app.asar: a copy packed there is looked for in app.asar.unpacked', () => {
    const resources = '/opt/cs/resources';
    const looked: string[] = [];
    const unpacked = `${resources}/app.asar.unpacked/build/native/${NAME}`;
    const found = libraryCandidates({
      override: undefined,
      moduleDir: `${resources}/app.asar/out/main`,
      resourcesPath: resources,
      exists: (path) => (looked.push(path), path === unpacked || path.includes('/app.asar/')),
      name: NAME,
    });
    expect(found).toEqual([unpacked]);
    expect(looked.filter((path) => path.includes('/app.asar/'))).toEqual([]);
  });

  it('lists a checkout build before the resources copy, each once, and nothing when neither exists', () => {
    const checkout = `/repo/build/native/${NAME}`;
    const packaged = `/repo/node_modules/electron/dist/resources/native/${NAME}`;
    const search = { override: undefined, moduleDir: '/repo/out/main', resourcesPath: '/repo/node_modules/electron/dist/resources', name: NAME };
    expect(libraryCandidates({ ...search, exists: only(checkout, packaged) })).toEqual([checkout, packaged]);
    expect(libraryCandidates({ ...search, exists: () => false })).toEqual([]);
  });

  it('rewrites app.asar only as a whole path segment', () => {
    expect(outsideAsar('/r/app.asar/build/native/x.so')).toBe('/r/app.asar.unpacked/build/native/x.so');
    expect(outsideAsar('C:\\r\\app.asar\\build\\x.dll')).toBe('C:\\r\\app.asar.unpacked\\build\\x.dll');
    expect(outsideAsar('/r/app.asar.unpacked/x.so')).toBe('/r/app.asar.unpacked/x.so');
    expect(outsideAsar('/r/my-app.asar/x.so')).toBe('/r/my-app.asar/x.so');
  });
});

describe('electron-builder.yml', () => {
  const config = readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8');

  it('copies build/native/ to <resources>/native/ (outside the asar), where libraryCandidates looks', () => {
    expect(config).toMatch(/^extraResources:\n(?:\s+#.*\n)*\s+- from: build\/native\n\s+to: native\n/m);
    expect(config).toContain("'*studio-kernels.{so,dylib,dll}'");
    expect(LIBRARY_NAME).toMatch(/studio-kernels\.(so|dylib|dll)$/);
  });

  it('copies resources/ to <resources>/resources/, where the main process looks when packaged', () => {
    expect(config).toMatch(/- from: resources\s*\n\s*to: resources/);
  });
});
