// The real command line as a child process (`node bin/code-studio.mjs …`) on small files the test
// writes: import in three formats and with a broken line, train → eval → generate on one tiny run,
// and the error paths (non-zero exit, one line naming the problem, no stack trace). Each start
// loads tsx, TF.js and often Pyodide (5–15 s), so independent commands run concurrently and the
// trained run is shared.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePairs, toJsonLines, writeJsonlPairs } from '../jobs/synthetic-pairs';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/code-studio.mjs');
const TIMEOUT = 180_000;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[]): Promise<CliResult> {
  const started = performance.now();
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.CODE_STUDIO_DEBUG; // the error tests check that no stack trace is printed
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

const jsonLines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

const PAIRS = simplePairs(80);
let dir: string;
let data: string;
let runDir: string;
const timings: string[] = [];

// One tiny run, trained once and shared by every test that needs it (started by the first).
let training: Promise<CliResult> | undefined;
function trainedRun(): Promise<CliResult> {
  training ??= cli([
    'train', '--data', data, '--preset', 'tiny', '--set', 'maxSteps=8', '--set', 'evalEvery=4', '--set', 'evalSamples=4', '--run-dir', runDir, '--json',
  ]).then((r) => {
    timings.push(`train ${r.seconds.toFixed(1)} s`);
    return r;
  });
  return training;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-studio-cli-'));
  data = join(dir, 'pairs.jsonl');
  runDir = join(dir, 'run');
  await writeJsonlPairs(data, PAIRS);
});
afterAll(async () => {
  console.log(`CLI timings: ${timings.join(' · ')}`);
  await rm(dir, { recursive: true, force: true });
});

/** What an error must look like: non-zero exit, one `error: …` line on stderr, no stack trace. */
function expectCleanError(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr + result.stdout).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr + result.stdout).not.toMatch(/^\s+at /m);
}

describe.concurrent('code-studio CLI', () => {
  it('import FILE --json prints one JSON object with the import report, statistics and split', { timeout: TIMEOUT }, async () => {
    const r = await cli(['import', data, '--json']);
    timings.push(`import ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    expect(summary.event).toBe('summary');
    expect(summary.importReport).toMatchObject({ file: 'pairs.jsonl', format: 'jsonl', records: PAIRS.length, accepted: PAIRS.length, rejected: 0, issues: [] });
    expect(summary.cleanReport.input).toBe(PAIRS.length); // cleaning is on by default
    expect(summary.stats.pairs).toBe(summary.cleanReport.output);
    expect(summary.stats.uniqueDescriptions).toBe(summary.stats.pairs);
    const { train, validation, test } = summary.split;
    expect(train + validation + test).toBe(summary.stats.pairs);
    expect(train).toBeGreaterThan(validation + test);
  });

  it('import --save keeps the pairs as a dataset; datasets list, versions, export and undo use it', { timeout: TIMEOUT }, async () => {
    const dataDir = join(dir, 'studio-data');
    const saved = await cli(['import', data, '--save', '--data-dir', dataDir, '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    const summary = jsonLines(saved.stdout).find((l) => l.event === 'summary')!;
    const { id, version, pairs } = summary.saved as { id: string; version: number; pairs: number };
    expect(pairs).toBe((summary.stats as { pairs: number }).pairs);
    const listed = await cli(['datasets', 'list', '--data-dir', dataDir, '--json']);
    expect(jsonLines(listed.stdout)).toMatchObject([{ event: 'dataset', id, name: 'pairs.jsonl', head: { id: version, pairCount: pairs, label: 'Imported and cleaned pairs.jsonl' } }]);
    const out = join(dir, 'exported.jsonl');
    const exported = await cli(['datasets', 'export', id, '--out', out, '--data-dir', dataDir]);
    expect(exported.stdout.trim()).toBe(`wrote ${pairs} pairs of ${id} v${version} to ${out} (jsonl)`);
    const rows = jsonLines(await readFile(out, 'utf8'));
    expect(rows).toHaveLength(pairs);
    expect(Object.keys(rows[0])).toEqual(['description', 'code']);
    expectCleanError(await cli(['datasets', 'undo', id, '--data-dir', dataDir]), /Nothing to undo: this is the imported version/);
    expectCleanError(await cli(['datasets', 'export', 'ds-missing', '--out', out, '--data-dir', dataDir]), /There is no dataset "ds-missing"/);
  });

  it('import reads seed text and CSV with a header too (and --out writes the pairs with their split)', { timeout: TIMEOUT }, async () => {
    const some = PAIRS.slice(0, 12);
    const seed = join(dir, 'seed.txt');
    await writeFile(seed, some.map((p) => `# ${p.description}\n${p.code}\n`).join('\n'));
    const csv = join(dir, 'pairs.csv');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await writeFile(csv, 'intent,snippet\n' + some.map((p) => `${quote(p.description)},${quote(p.code)}`).join('\n') + '\n');
    const out = join(dir, 'seed-out.jsonl');
    const [fromSeed, fromCsv] = await Promise.all([cli(['import', seed, '--json', '--no-clean', '--out', out]), cli(['import', csv, '--json', '--no-clean'])]);
    for (const [r, format] of [[fromSeed, 'seed-text'], [fromCsv, 'csv']] as const) {
      expect(r.code, r.stderr).toBe(0);
      const [summary] = jsonLines(r.stdout) as { importReport: { format: string; accepted: number; issues: unknown[] }; stats: { pairs: number } }[];
      expect(summary.importReport.format).toBe(format);
      expect(summary.importReport.accepted).toBe(some.length);
      expect(summary.importReport.issues).toEqual([]);
      expect(summary.stats.pairs).toBe(some.length);
    }
    const written = jsonLines(await readFile(out, 'utf8'));
    expect(written.map((p) => [p.description, (p.code as string).trim()])).toEqual(some.map((p) => [p.description, p.code]));
    for (const p of written) expect(['train', 'validation', 'test']).toContain(p.split);
  });

  it('import of a file with a broken line reports its line number and keeps the good records', { timeout: TIMEOUT }, async () => {
    const bad = join(dir, 'broken.jsonl');
    const lines = toJsonLines(PAIRS.slice(0, 6)).trim().split('\n');
    lines.splice(3, 0, '{"description": "a torn record", "code": "x = ');
    await writeFile(bad, lines.join('\n') + '\n');
    const [json, text] = await Promise.all([cli(['import', bad, '--json', '--no-clean']), cli(['import', bad, '--no-clean'])]);
    expect(json.code, json.stderr).toBe(0);
    const [summary] = jsonLines(json.stdout) as { importReport: { accepted: number; rejected: number; issues: { line: number; reason: string; severity: string }[] }; stats: { pairs: number } }[];
    expect(summary.importReport.accepted).toBe(6);
    expect(summary.importReport.rejected).toBe(1);
    expect(summary.importReport.issues).toHaveLength(1);
    expect(summary.importReport.issues[0]).toMatchObject({ line: 4, severity: 'error' });
    expect(summary.importReport.issues[0].reason).toMatch(/JSON/);
    expect(summary.stats.pairs).toBe(6);
    // The human report points at file and line too.
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/broken\.jsonl:4\b.*JSON/);
  });

  it('train --json prints JSON lines ending in a summary and writes the run folder', { timeout: TIMEOUT }, async () => {
    const r = await trainedRun();
    expect(r.code, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events[0].event).toBe('prepared');
    expect(events.at(-1)).toMatchObject({ event: 'summary', runDir, reason: 'max-steps', steps: 8 });
    expect(events.filter((e) => e.event === 'evaluation').map((e) => e.step)).toEqual([4, 8]);
    expect(events.some((e) => e.event === 'checkpoint' && e.step === 8)).toBe(true);
    const files = await readdir(runDir);
    for (const name of ['run.json', 'tokenizer.json', 'metrics.jsonl', 'checkpoints']) expect(files).toContain(name);
    expect((await stat(join(runDir, 'checkpoints'))).isDirectory()).toBe(true);
    expect(await readdir(join(runDir, 'checkpoints'))).toContain('step-000008');
    const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'completed', preset: 'tiny', summary: { steps: 8 } });
    expect(manifest.config.maxSteps).toBe(8);
    const steps = jsonLines(await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).filter((m) => m.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('eval --json --out prints the scores and writes one line per pair', { timeout: TIMEOUT }, async () => {
    expect((await trainedRun()).code).toBe(0);
    const out = join(dir, 'eval-out.jsonl');
    const r = await cli(['eval', '--run', runDir, '--data', data, '--json', '--out', out]);
    timings.push(`eval ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(1);
    const scores = lines[0];
    expect(Object.keys(scores).sort()).toEqual(['bleu', 'exact_match', 'n', 'syntax_valid']);
    expect(scores.n).toBe(PAIRS.length);
    for (const key of ['bleu', 'exact_match', 'syntax_valid'] as const) {
      expect(typeof scores[key]).toBe('number');
      expect(scores[key]).toBeGreaterThanOrEqual(0);
      expect(scores[key]).toBeLessThanOrEqual(100);
    }
    const examples = jsonLines(await readFile(out, 'utf8'));
    expect(examples).toHaveLength(PAIRS.length);
    examples.forEach((e, i) => {
      expect(e.description).toBe(PAIRS[i].description);
      expect(e.reference).toBe(PAIRS[i].code);
      expect(typeof e.hypothesis).toBe('string');
    });
  });

  it("eval --split test scores the run's own held-out pairs, decoded as the run recommends", { timeout: TIMEOUT }, async () => {
    expect((await trainedRun()).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    const recommending = join(dir, 'run-recommending');
    await mkdir(recommending);
    for (const name of await readdir(runDir)) await cp(join(runDir, name), join(recommending, name), { recursive: true });
    await writeFile(join(recommending, 'run.json'), JSON.stringify({ ...manifest, decoding: { strategy: 'beam', beamWidth: 2, lengthPenalty: 0.6 } }));
    const r = await cli(['eval', '--run', recommending, '--split', 'test']);
    timings.push(`eval --split ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/decoding: beam 2 \(α 0.6\), as the run recommends/);
    expect(r.stdout).toContain(`n = ${manifest.dataset.test}`);
    const both = await cli(['eval', '--run', runDir, '--split', 'test', '--data', data]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/give --data FILE or --split NAME, not both/);
  });

  it('rerank tunes the reranker on the validation split and makes it the recommended decoding', { timeout: TIMEOUT }, async () => {
    expect((await trainedRun()).code).toBe(0);
    const tuned = join(dir, 'run-reranked');
    await mkdir(tuned);
    for (const name of await readdir(runDir)) await cp(join(runDir, name), join(tuned, name), { recursive: true });
    const bad = await cli(['rerank', '--run', tuned, '--beam', '1']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--beam must be between 2 and 16/);
    const r = await cli(['rerank', '--run', tuned, '--beam', '2', '--json']);
    timings.push(`rerank ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    const result = jsonLines(r.stdout)[0] as { weights: Record<string, number>; validation_bleu: number; validation_bleu_forward_only: number; n: number };
    expect(result.validation_bleu).toBeGreaterThanOrEqual(result.validation_bleu_forward_only);
    expect(result.weights.reverse).toBe(0); // this run trained no reverse model
    const manifest = JSON.parse(await readFile(join(tuned, 'run.json'), 'utf8'));
    expect(manifest.decoding).toEqual({ strategy: 'beam', beamWidth: 2, lengthPenalty: 1, rerank: result.weights });
    expect(manifest.reranker.validationPairs).toBe(result.n);
    const scored = await cli(['eval', '--run', tuned, '--split', 'test']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stdout).toMatch(/decoding: beam 2 \(α 1\) reranked \(length [\d.]+.*\), as the run recommends/);
  });

  it('generate --beam 2 --json prints the candidates', { timeout: TIMEOUT }, async () => {
    expect((await trainedRun()).code).toBe(0);
    const r = await cli(['generate', '--run', runDir, '--beam', '2', 'add 3 to x', '--json']);
    timings.push(`generate ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(1);
    const result = lines[0] as { prompt: string; strategy: string; sourceTokens: string[]; candidates: Record<string, unknown>[] };
    expect(result.prompt).toBe('add 3 to x');
    expect(result.strategy).toBe('beam');
    expect(result.sourceTokens).toEqual(['add', '3', 'to', 'x', '<eos>']);
    expect(result.candidates.length).toBeGreaterThanOrEqual(1);
    expect(result.candidates.length).toBeLessThanOrEqual(2);
    for (const c of result.candidates) {
      expect(typeof c.code).toBe('string');
      expect(Array.isArray(c.tokens)).toBe(true);
      expect(typeof c.logProb).toBe('number');
      expect(typeof c.syntaxValid).toBe('boolean');
      expect(typeof c.finished).toBe('boolean');
      for (const t of c.tokens as { text: string; probability: number; alternatives: { text: string; probability: number }[] }[]) {
        expect(t.probability).toBeGreaterThan(0);
        expect(t.probability).toBeLessThanOrEqual(1);
        expect(t.alternatives.length).toBe(5);
        expect(typeof t.alternatives[0].text).toBe('string');
      }
    }
  });

  it('generate --stream prints the same code as it is decoded; with --json, one line per token', { timeout: TIMEOUT }, async () => {
    expect((await trainedRun()).code).toBe(0);
    const plain = await cli(['generate', '--run', runDir, 'add 3 to x']);
    const streamed = await cli(['generate', '--run', runDir, '--stream', 'add 3 to x']);
    expect(streamed.code, streamed.stderr).toBe(0);
    const code = (text: string) => text.split('\n').filter((l) => !l.startsWith('# ')).join('\n').trim();
    expect(code(streamed.stdout)).toBe(code(plain.stdout));
    const json = await cli(['generate', '--run', runDir, '--stream', '--json', '--alternatives', '3', 'add 3 to x']);
    const lines = jsonLines(json.stdout) as { event: string; type?: string; token?: { alternatives: unknown[] } }[];
    expect(lines[0]).toMatchObject({ event: 'generation', type: 'started' });
    const tokens = lines.filter((l) => l.type === 'token');
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(t.token!.alternatives).toHaveLength(3);
    expect(lines.at(-1)!.event).toBe('result');
  });

  it('errors exit non-zero with one line naming the problem, and no stack trace', { timeout: TIMEOUT }, async () => {
    await trainedRun(); // the "existing run dir" case needs the run
    const missing = join(dir, 'no-such-file.jsonl');
    const notARun = join(dir, 'not-a-run');
    await mkdir(notARun, { recursive: true });
    const emptyFile = join(dir, 'empty.txt');
    await writeFile(emptyFile, '');
    const cases: [string, string[], RegExp][] = [
      ['missing data file', ['train', '--data', missing, '--preset', 'tiny', '--run-dir', join(dir, 'r-missing')], /dataset file not found: .*no-such-file\.jsonl/],
      ['unknown preset', ['train', '--data', data, '--preset', 'enormous', '--run-dir', join(dir, 'r-preset')], /unknown --preset "enormous"; choose one of tiny/],
      ['bad --set value', ['train', '--data', data, '--preset', 'tiny', '--set', 'model.dModel=oops', '--run-dir', join(dir, 'r-set')], /configuration is invalid: model\.dModel: expected number/],
      ['existing run dir', ['train', '--data', data, '--preset', 'tiny', '--run-dir', runDir], /already holds a run; pass --resume/],
      ['generate without a run', ['generate', '--run', notARun, 'add 3 to x'], /not-a-run is not a run folder: run\.json is missing/],
      ['unknown soak backend', ['bench', '--soak', '1', '--backend', 'gpu9'], /unknown --backend "gpu9"/],
      ['empty dataset file', ['import', emptyFile], /empty\.txt is empty: no English→Python pairs found/],
      ['unwritable run dir', ['train', '--data', data, '--preset', 'tiny', '--run-dir', join(data, 'run')], /The run folder .*pairs\.jsonl\/run cannot be written: a file stands where a folder should be/],
    ];
    const started = performance.now();
    const results = await Promise.all(cases.map(([, args]) => cli(args)));
    timings.push(`${cases.length} error cases ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Check every case before failing, so one run shows every broken message.
    const failures: string[] = [];
    cases.forEach(([what, , message], i) => {
      try {
        expectCleanError(results[i], message);
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
    });
    expect(failures).toEqual([]);
    // A malformed option value is refused by the parser: the error line first (then the command's help), no stack trace.
    const badValue = await cli(['bench', '--soak', '-3']);
    expect(badValue.code).not.toBe(0);
    expect(badValue.stderr.trim().split('\n')[0]).toMatch(/^error: option '--soak <minutes>' argument '-3' is invalid\. --soak must be a whole number ≥ 0, got "-3"$/);
    expect(badValue.stderr + badValue.stdout).not.toMatch(/^\s+at /m);
    // Nothing was left behind by the refused runs, and the existing one is untouched.
    for (const name of ['r-missing', 'r-preset', 'r-set']) await expect(stat(join(dir, name))).rejects.toThrow();
    expect(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')).status).toBe('completed');
  });

  it('with --json an error is a JSON line with the message (and a non-zero exit)', { timeout: TIMEOUT }, async () => {
    const r = await cli(['train', '--data', data, '--preset', 'enormous', '--run-dir', join(dir, 'r-json'), '--json']);
    expect(r.code).not.toBe(0);
    expect(jsonLines(r.stdout)).toEqual([{ event: 'error', message: expect.stringMatching(/unknown --preset "enormous"/) }]);
    expect(r.stderr.trim()).toBe('');
  });
});
