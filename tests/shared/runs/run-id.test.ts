// Run ids as property tests: whatever string arrives from a client, an accepted id names exactly
// one folder directly inside the runs folder ("." and ".." included in the generated inputs), the
// request schema and the catalog agree, and ids the studio generates are always accepted.
import { join, resolve, dirname, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestArgs } from '../../../src/shared/api/schemas';
import { isRunId, runIdProblem, slugForRunId } from '../../../src/shared/runs/run-id';
import { RunCatalog } from '../../../src/services/studio/run-catalog';

const ROOT = resolve('/data/studio/runs');
const catalog = new RunCatalog(ROOT, () => false);

// Strings biased towards path tricks: dots, separators, NUL, unicode look-alikes, long runs.
const hostileId = fc.oneof(
  fc.string({ maxLength: 140 }),
  fc.array(fc.constantFrom('.', '..', '/', '\\', '\0', 'a', 'run', '-', '_', '%2e', '\u2024', '~', ' ', ':'), { maxLength: 12 }).map((p) => p.join('')),
  fc.constantFrom('.', '..', '...', './x', '../x', 'x/..', 'x/../..', '', ' ', '.hidden', 'a'.repeat(121), 'C:\\x', '/etc', '..\\..'),
);

describe('run ids', () => {
  it('an accepted id resolves to a direct child of the runs folder, never the folder itself or above', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        if (!isRunId(id)) return;
        const dir = resolve(ROOT, id);
        expect(dirname(dir)).toBe(ROOT);
        expect(dir.startsWith(ROOT + sep)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('the catalog refuses every id the rule refuses, and returns the child folder for the rest', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        if (isRunId(id)) expect(catalog.dirOf(id)).toBe(join(ROOT, id));
        else expect(() => catalog.dirOf(id)).toThrow(/is not a run id/);
      }),
      { numRuns: 5000 },
    );
  });

  it('the request schema agrees with the rule for every channel taking a run id', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        for (const channel of ['runs:get', 'runs:delete', 'runs:pause', 'runs:resume'] as const) {
          if (isRunId(id)) expect(parseRequestArgs(channel, { runId: id })).toEqual({ runId: id });
          else expect(() => parseRequestArgs(channel, { runId: id })).toThrow(/runId: a run id/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses ".", "..", hidden names, separators and over-long ids with a reason', () => {
    for (const id of ['.', '..', '.git', 'a/b', 'a\\b', '', 'x'.repeat(121), 'a\0b']) expect(runIdProblem(id)).not.toBeNull();
    expect(runIdProblem('..')).toMatch(/cannot start with a dot/);
  });

  it('ids made from any label are accepted', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (label) => isRunId(`20261201-0010-${slugForRunId(label) || 'run'}-2`)), { numRuns: 2000 });
  });
});
