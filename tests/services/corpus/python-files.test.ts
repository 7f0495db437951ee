// The corpus walker on a folder the test writes: nested *.py files read in name order, other files
// ignored, and everything it cannot or will not read reported with its reason (binary, not UTF-8,
// too large, a symlink loop, excluded folders, the file and byte limits), never stopping the walk.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStudioCorpus, pythonStdlib, resolveCorpus, resolveCorpusFolder } from '../../../src/services/corpus/corpus-folder';
import { pythonFiles, type WalkOptions, type WalkReport } from '../../../src/services/corpus/python-files';

let root: string;
const LIMITS: WalkOptions = { maxFiles: 100, maxBytes: 1_000_000, maxFileBytes: 10_000 };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'code-studio-corpus-'));
  await mkdir(join(root, 'pkg', 'sub'), { recursive: true });
  await mkdir(join(root, 'site-packages'));
  await writeFile(join(root, 'a.py'), 'x = 1\n');
  await writeFile(join(root, 'b.py'), 'def f():\n    return 2\n');
  await writeFile(join(root, 'notes.txt'), 'not python');
  await writeFile(join(root, 'pkg', 'c.py'), 'import os\n');
  await writeFile(join(root, 'pkg', 'sub', 'd.py'), 'y = "é"\n');
  await writeFile(join(root, 'pkg', 'binary.py'), Buffer.from([0x78, 0x00, 0x01, 0x02]));
  await writeFile(join(root, 'pkg', 'latin1.py'), Buffer.from([0x78, 0x3d, 0x27, 0xe9, 0x27, 0x0a]));
  await writeFile(join(root, 'pkg', 'huge.py'), `x = ${'1'.repeat(20_000)}\n`);
  await writeFile(join(root, 'site-packages', 'third_party.py'), 'z = 3\n');
  await symlink(root, join(root, 'pkg', 'sub', 'loop')); // a folder that leads back to the top
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function walk(options: WalkOptions): Promise<{ paths: string[]; report: WalkReport }> {
  const report: WalkReport = { skipped: [], limitReached: false };
  const paths: string[] = [];
  for await (const file of pythonFiles(root, options, report)) paths.push(file.path);
  return { paths, report };
}

describe('pythonFiles', () => {
  it('reads every *.py file, nested ones too, in name order, and reports what it skipped and why', async () => {
    const { paths, report } = await walk(LIMITS);
    expect(paths).toEqual(['a.py', 'b.py', 'pkg/c.py', 'pkg/sub/d.py', 'site-packages/third_party.py']);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      'pkg/binary.py': 'binary',
      'pkg/latin1.py': 'binary',
      'pkg/huge.py': 'too-large',
      'pkg/sub/loop': 'symlink-loop',
    });
    expect(report.limitReached).toBe(false);
  });

  it('leaves out excluded folders, saying so', async () => {
    const { paths, report } = await walk({ ...LIMITS, excludeFolders: ['site-packages'] });
    expect(paths).not.toContain('site-packages/third_party.py');
    expect(report.skipped).toContainEqual(expect.objectContaining({ path: 'site-packages', reason: 'excluded' }));
  });

  it('stops at the file and byte limits and says it did', async () => {
    const byFiles = await walk({ ...LIMITS, maxFiles: 2 });
    expect(byFiles.paths).toEqual(['a.py', 'b.py']);
    expect(byFiles.report.limitReached).toBe(true);
    expect(byFiles.report.skipped.at(-1)).toMatchObject({ reason: 'limit' });
    const byBytes = await walk({ ...LIMITS, maxBytes: 10 });
    expect(byBytes.paths).toEqual(['a.py']);
    expect(byBytes.report.limitReached).toBe(true);
  });
});

describe('corpus folders', () => {
  it('names the path of a folder that is missing, not a folder, or holds no Python', async () => {
    await expect(resolveCorpusFolder(join(root, 'nope'))).rejects.toThrow(`Pretraining corpus ${join(root, 'nope')} does not exist`);
    await expect(resolveCorpusFolder(join(root, 'a.py'))).rejects.toThrow(/is not a folder/);
    const empty = join(root, 'empty');
    await mkdir(join(empty, 'deeper'), { recursive: true });
    await writeFile(join(empty, 'deeper', 'readme.txt'), 'no code');
    await expect(resolveCorpusFolder(empty)).rejects.toThrow(`Pretraining corpus ${empty} holds no *.py file`);
    expect(await resolveCorpusFolder(join(root, 'pkg'))).toBe(join(root, 'pkg'));
  });

  it('finds this machine\'s standard library for "stdlib", without its installed packages (or says there is none)', async () => {
    if (!(await pythonStdlib())) {
      await expect(resolveCorpus('stdlib')).rejects.toThrow(/no Python standard library found/);
      return;
    }
    const stdlib = await resolveCorpus('stdlib');
    expect(stdlib.excludeFolders).toEqual(['site-packages', 'dist-packages']);
    await expect(resolveCorpusFolder(stdlib.folder)).resolves.toBe(stdlib.folder);
  });

  it('lets a page in web mode pretrain on the standard library only; the desktop app on any folder, by full path', async () => {
    await expect(checkStudioCorpus(root, 'web')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/only on "stdlib"/) });
    if (await pythonStdlib()) await expect(checkStudioCorpus('stdlib', 'web')).resolves.toBeUndefined();
    else await expect(checkStudioCorpus('stdlib', 'web')).rejects.toThrow(/no Python standard library found/);
    await expect(checkStudioCorpus(root, 'desktop')).resolves.toBeUndefined();
    await expect(checkStudioCorpus('relative/folder', 'desktop')).rejects.toThrow(/full path/);
    await expect(checkStudioCorpus(join(root, 'nope'), 'desktop')).rejects.toThrow(/does not exist/);
  });
});
