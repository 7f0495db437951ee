// Pretraining through the studio's contract (runs:start with overrides.pretrain), stand-in engine:
// a page in web mode may name only "stdlib" (a browser tab must not make the server read folders
// of its choosing); the desktop app names any folder by its full path, checked before a run is
// reserved; what is accepted reaches the engine in the run's config.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestArgs, RequestChannel, RequestResult } from '../../../src/shared/api/contract';
import { parseRequestArgs } from '../../../src/shared/api/schemas';
import { openDataDir } from '../../../src/services/data-dir';
import { pythonStdlib } from '../../../src/services/corpus/corpus-folder';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';
import { fakeEngineFactory, type FakeEngine } from '../studio/fake-engine';

function call<K extends RequestChannel>(studio: Studio, channel: K, args: unknown): Promise<RequestResult<K>> {
  return Promise.resolve().then(() => studio.handlers[channel](parseRequestArgs(channel, args) as RequestArgs<K>));
}

let dir: string;
let corpus: string;

async function studioIn(mode: 'web' | 'desktop'): Promise<{ studio: Studio; trainCommands: () => unknown[]; runsDir: string }> {
  const resourcesDir = join(dir, 'resources');
  await mkdir(join(resourcesDir, 'sample'), { recursive: true });
  await writeFile(join(resourcesDir, 'sample', 'english-python-sample.jsonl'), JSON.stringify({ description: 'add 1 to x', code: 'x = x + 1' }) + '\n');
  const factory = fakeEngineFactory();
  const dataDir = await openDataDir(join(dir, `data-${mode}`));
  const studio = createStudio({ dataDir, resourcesDir, spawnEngine: factory.spawn, mode, version: 't' });
  const end = Date.now() + 10_000;
  while (studio.supervisor.status.state !== 'ready' && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const trainCommands = () => factory.spawned.flatMap((e: FakeEngine) => e.commands).filter((c) => c.type === 'train');
  return { studio, trainCommands, runsDir: dataDir.runs };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-corpus-'));
  corpus = join(dir, 'corpus');
  await mkdir(corpus);
  await writeFile(join(corpus, 'a.py'), 'x = 1\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = (studio: Studio, pretrain: unknown) => call(studio, 'runs:start', { datasetId: 'sample', preset: 'tiny', overrides: { pretrain } });

describe('runs:start with decoder pretraining', () => {
  it('web mode: refuses any folder the page names, accepts the standard library', async () => {
    const { studio, trainCommands, runsDir } = await studioIn('web');
    try {
      await expect(start(studio, { corpus, steps: 5 })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/only on "stdlib"/) });
      await expect(start(studio, { corpus: '/etc', steps: 5 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(start(studio, { corpus })).rejects.toThrow(/pretraining needs steps or minutes/);
      expect(trainCommands()).toHaveLength(0);
      expect(await readdir(runsDir)).toEqual([]);
      if (!(await pythonStdlib())) return; // no Python on this machine: nothing more to accept
      await start(studio, { corpus: 'stdlib', minutes: 1 });
      expect(trainCommands()).toHaveLength(1);
      expect(trainCommands()[0]).toMatchObject({ config: { pretrain: { corpus: 'stdlib', minutes: 1 } } });
    } finally {
      await studio.dispose();
    }
  });

  it('desktop: any folder by its full path, checked before a run is reserved', async () => {
    const { studio, trainCommands, runsDir } = await studioIn('desktop');
    try {
      const missing = join(dir, 'gone');
      await expect(start(studio, { corpus: missing, steps: 5 })).rejects.toThrow(`Pretraining corpus ${missing} does not exist`);
      await expect(start(studio, { corpus: 'corpus', steps: 5 })).rejects.toThrow(/full path/);
      expect(await readdir(runsDir)).toEqual([]);
      await start(studio, { corpus, steps: 5 });
      expect(trainCommands()).toHaveLength(1);
      expect(trainCommands()[0]).toMatchObject({ config: { pretrain: { corpus, steps: 5 } } });
    } finally {
      await studio.dispose();
    }
  });
});
