// The run.json lock: read-modify-write updates from many callers in one process and from two
// processes at once all land (none lost), and a lock left by a killed process does not block.
import { fork, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonAtomically } from '../../src/files/atomic-write';
import { withFileLock } from '../../src/files/file-lock';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-lock-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function increment(path: string, who: string): Promise<void> {
  await withFileLock(path, async () => {
    const value = JSON.parse(await readFile(path, 'utf8')) as { count: number; by: string[] };
    await new Promise((r) => setTimeout(r, Math.random() * 3)); // widen the race window
    await writeJsonAtomically(path, { count: value.count + 1, by: [...value.by, who] });
  });
}

describe('withFileLock', () => {
  it('serialises 30 concurrent read-modify-writes in one process: none is lost', async () => {
    const path = join(dir, 'counter.json');
    await writeJsonAtomically(path, { count: 0, by: [] });
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(path, `w${i}`)));
    expect(JSON.parse(await readFile(path, 'utf8')).count).toBe(30);
  });

  it('serialises two processes updating one file at the same time', async () => {
    const path = join(dir, 'shared.json');
    await writeJsonAtomically(path, { count: 0, by: [] });
    const child = join(dir, 'child.mts');
    await writeFile(child, [
      `import { readFile } from 'node:fs/promises';`,
      `import { withFileLock } from ${JSON.stringify(resolve('src/files/file-lock.ts'))};`,
      `import { writeJsonAtomically } from ${JSON.stringify(resolve('src/files/atomic-write.ts'))};`,
      `const path = process.argv[2];`,
      `for (let i = 0; i < 40; i++) await withFileLock(path, async () => {`,
      `  const v = JSON.parse(await readFile(path, 'utf8'));`,
      `  await writeJsonAtomically(path, { count: v.count + 1, by: [...v.by, process.pid] });`,
      `});`,
    ].join('\n'));
    const run = () => new Promise<number>((done) => fork(child, [path], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }).on('exit', (code) => done(code ?? -1)));
    expect(await Promise.all([run(), run(), Promise.all(Array.from({ length: 40 }, (_, i) => increment(path, `parent${i}`))).then(() => 0)])).toEqual([0, 0, 0]);
    expect(JSON.parse(await readFile(path, 'utf8')).count).toBe(120);
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const path = join(dir, 'stale.json');
    await writeJsonAtomically(path, { count: 0, by: [] });
    const dead = await new Promise<number>((done) => {
      const c = spawn(process.execPath, ['-e', '']);
      c.on('exit', () => done(c.pid!));
    });
    await writeFile(`${path}.lock`, String(dead));
    const started = Date.now();
    await increment(path, 'after-crash');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(await readFile(path, 'utf8')).count).toBe(1);
  });
});
