// `code-studio import FILE --save --no-clean` as a child process: the file streamed into the dataset
// database with progress (events with --json, a line on stderr otherwise), the report, peak memory,
// and no empty dataset left behind by a file without a single pair.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/code-studio.mjs');
const TIMEOUT = 120_000;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.CODE_STUDIO_DEBUG;
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

let dir: string;
let data: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-studio-import-streamed-'));
  data = join(dir, 'pairs.jsonl');
  const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ description: `add ${i} to x`, code: `x = x + ${i}`, question_id: i >> 2 }));
  lines[4_321] = '{"description": "cut off", "code": ';
  lines[9_999] = '[1, 2]';
  await writeFile(data, lines.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('import --save --no-clean (streamed)', () => {
  it('streams the pairs into a new dataset and reports progress, problems and peak memory (--json)', { timeout: TIMEOUT }, async () => {
    const dataDir = join(dir, 'json-data');
    const r = await cli(['import', data, '--save', '--no-clean', '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.map((e) => e.pairs)).toEqual([5_000, 10_000, 11_998, 11_998]);
    expect(progress.at(-1)).toMatchObject({ bytesRead: progress.at(-1)!.totalBytes });
    const summary = events.find((e) => e.event === 'summary')! as Record<string, any>;
    expect(summary.importReport).toMatchObject({ file: 'pairs.jsonl', format: 'jsonl', records: 12_000, accepted: 11_998, rejected: 2 });
    expect(summary.importReport.issues.map((i: { line: number }) => i.line)).toEqual([4_322, 10_000]);
    expect(summary.saved.pairs).toBe(11_998);
    expect(summary.peakRssBytes).toBeGreaterThan(0);
    const listed = jsonLines((await cli(['datasets', 'list', '--data-dir', dataDir, '--json'])).stdout);
    expect(listed).toMatchObject([{ event: 'dataset', id: summary.saved.id, head: { pairCount: 11_998, label: 'Imported pairs.jsonl' } }]);
  });

  it('shows a progress line on stderr and the peak memory at the end (text)', { timeout: TIMEOUT }, async () => {
    const r = await cli(['import', data, '--save', '--no-clean', '--data-dir', join(dir, 'text-data')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/importing: 100% · 11,998 pairs/);
    expect(r.stdout).toMatch(/pairs\.jsonl:4322 {2}not valid JSON/);
    expect(r.stdout).toMatch(/saved as dataset ds-\w+, version \d+ \(11,998 pairs/);
    expect(r.stdout).toMatch(/peak memory \d+ MB \(RSS\)/);
  });

  it('refuses a file without a single pair and leaves no dataset behind', { timeout: TIMEOUT }, async () => {
    const broken = join(dir, 'broken.jsonl');
    await writeFile(broken, '{"description": "a"\n[1]\n');
    const dataDir = join(dir, 'broken-data');
    const r = await cli(['import', broken, '--save', '--no-clean', '--data-dir', dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^error: .*broken\.jsonl: no English→Python pairs found in 2 records read as jsonl — line 1: not valid JSON/);
    const listed = await cli(['datasets', 'list', '--data-dir', dataDir, '--json']);
    expect(jsonLines(listed.stdout)).toEqual([]);
  });
});
