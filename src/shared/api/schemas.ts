// Runtime validation of request arguments: the renderer is untrusted, so every shell parses
// arguments with these schemas before a service sees them. `satisfies` keeps the map complete.
import { z } from 'zod';
import { PRESET_NAMES } from '../config/presets';
import type { RequestChannel } from './contract';
import { describeIssue } from './errors';
import { runIdProblem } from '../runs/run-id';
import { GenerateRequestSchema, PROMPT_MAX_CHARS } from '../generation/generation';
import { AttentionRequestSchema } from '../attention/inspection';
import { IMPORT_FORMATS, type ImportFormat } from '../dataset/pair';
import { DUPLICATE_KINDS, type DuplicateKind } from '../dataset/near-duplicates';

/** Ids the renderer picks for its own requests (crypto.randomUUID()). */
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a request id is 8–64 letters, digits or dashes');
const historyId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a history id is 8–64 letters, digits or dashes');
/** Python source sent for a syntax check: edited by the user, so bounded. */
const CODE_MAX_CHARS = 100_000;

const none = z.object({}).strict();
const runId = z.string().superRefine((id, context) => {
  const problem = runIdProblem(id);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
const overrides = z.record(z.string(), z.unknown()).optional();
/** A dataset a run is started from, as the training picker names it: a catalog id or "store:ds-…", never a path. */
const runDatasetId = z.string().min(1).max(200);
/** More than a few training-only datasets is a mistake, not a recipe. */
const MAX_EXTRA_TRAINING = 8;

const datasetId = z.string().regex(/^ds-[0-9a-f]{12}$/, 'a dataset id looks like ds-0123456789ab');
const rowId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const text = (max: number, what: string) => z.string().max(max, `${what} has at most ${max.toLocaleString('en')} characters`);
/** A pair's text as the user edits it; long enough for any real snippet, bounded for the database. */
const pairText = z.object({ description: text(10_000, 'a description'), code: text(CODE_MAX_CHARS, 'code') }).strict();
const change = z.object({
  remove: z.array(rowId).max(1_000_000).optional(),
  replace: z.array(pairText.extend({ pairId: rowId }).strict()).max(10_000).optional(),
  restore: z.array(rowId).max(1_000_000).optional(),
  add: z.array(pairText).max(10_000).optional(),
}).strict();
const filter = z.object({
  text: text(500, 'a search').optional(),
  edited: z.boolean().optional(),
  tag: text(60, 'a tag').optional(),
  deleted: z.boolean().optional(),
  line: z.number().int().min(1).max(1_000_000_000).optional(),
}).strict();
const range = z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([from, to]) => from < to, 'a range goes from a smaller number to a larger one');
const duplicateKind = z.enum(DUPLICATE_KINDS as unknown as [DuplicateKind, ...DuplicateKind[]]);
const analysisFilter = z.object({
  descriptionWords: range.optional(),
  codeTokens: range.optional(),
  split: z.enum(['train', 'validation', 'test']).optional(),
  parses: z.boolean().optional(),
  duplicates: z.union([duplicateKind, z.literal('any')]).optional(),
}).strict();
const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), id: z.string().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('upload'), uploadId: z.string().uuid('an upload id is a UUID') }).strict(),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
]);
const format = z.enum(IMPORT_FORMATS as unknown as [ImportFormat, ...ImportFormat[]]).optional();
const fields = z.object({ description: z.string().min(1).max(200).optional(), code: z.string().min(1).max(200).optional() }).strict().optional();
const fraction = z.number().min(0).max(1);
const split = z.object({
  fractions: z.object({ train: fraction, validation: fraction, test: fraction }).strict()
    .refine((f) => Math.abs(f.train + f.validation + f.test - 1) < 1e-6, 'the split fractions must add up to 1'),
  salt: z.string().max(100),
  groupBy: z.enum(['description', 'group']),
}).strict();
const cleanOptions = z.object({
  stripNumbering: z.boolean(),
  expandTabs: z.boolean(),
  removeComments: z.boolean(),
  reindent: z.union([z.literal(false), z.number().int().min(0).max(8)]),
  dedupe: z.boolean(),
  syntax: z.enum(['flag', 'drop', 'off']),
  minDescriptionWords: z.number().int().min(0).max(1000),
  maxDescriptionWords: z.number().int().min(1).max(10_000),
  maxCodeLines: z.number().int().min(1).max(100_000),
  maxCodeChars: z.number().int().min(1).max(10_000_000),
  maxCodeTokens: z.number().int().min(1).max(1_000_000),
}).partial().strict();

export const REQUEST_SCHEMAS = {
  'app:info': none,
  'config:presets': none,
  'datasets:list': none,
  'datasets:stored': none,
  'datasets:detail': z.object({ datasetId }).strict(),
  'datasets:page': z.object({ versionId: rowId, filter, offset: z.number().int().min(0).max(100_000_000), limit: z.number().int().min(1).max(500), analysis: analysisFilter.optional(),
    sort: z.object({ by: z.enum(['codeTokens', 'descriptionWords']), descending: z.boolean() }).strict().optional() }).strict(),
  'datasets:stats': z.object({ versionId: rowId }).strict(),
  'datasets:duplicates': z.object({ versionId: rowId, kind: duplicateKind, offset: z.number().int().min(0).max(100_000_000), limit: z.number().int().min(1).max(200) }).strict(),
  'datasets:export': z.object({ versionId: rowId, format: z.enum(['jsonl', 'csv']) }).strict(),
  'datasets:merge': z.object({
    name: z.string().trim().min(1, 'a name cannot be empty').max(200),
    sources: z.array(z.object({ datasetId, versionId: rowId }).strict()).min(1).max(20),
    dedupe: z.boolean(),
  }).strict(),
  'datasets:leak-check': z.object({ trainVersionId: rowId, testVersionId: rowId }).strict(),
  'datasets:remove-leaks': z.object({ datasetId, testVersionId: rowId }).strict(),
  'datasets:dismiss-group': z.object({ datasetId, key: z.string().regex(/^[a-z-]+:[0-9a-f]{16}$/, 'a group key looks like exact:0123456789abcdef') }).strict(),
  'datasets:pair': z.object({ pairId: rowId }).strict(),
  'datasets:commit': z.object({ datasetId, change }).strict(),
  'datasets:undo': z.object({ datasetId }).strict(),
  'datasets:redo': z.object({ datasetId }).strict(),
  'datasets:name-version': z.object({ versionId: rowId, name: z.string().trim().min(1, 'a name cannot be empty').max(200) }).strict(),
  'datasets:rename': z.object({ datasetId, name: z.string().trim().min(1, 'a name cannot be empty').max(200) }).strict(),
  'datasets:tag': z.object({ datasetId, pairId: rowId, tags: z.array(z.string().max(60)).max(50) }).strict(),
  'datasets:importable': none,
  'datasets:preview': z.object({ source: importSource, format, fields }).strict(),
  'datasets:import': z.object({ source: importSource, jobId: requestId, name: z.string().trim().max(200).optional(), format, fields }).strict(),
  'datasets:clean-preview': z.object({ versionId: rowId, options: cleanOptions }).strict(),
  'datasets:clean-apply': z.object({ datasetId, versionId: rowId, options: cleanOptions }).strict(),
  'datasets:split-counts': z.object({ versionId: rowId, split }).strict(),
  'datasets:split': z.object({ datasetId, split }).strict(),
  'runs:list': none,
  'runs:get': z.object({ runId }).strict(),
  'runs:start': z
    .object({
      datasetId: runDatasetId,
      versionId: rowId.optional(),
      extraTraining: z.array(z.object({ datasetId: runDatasetId, versionId: rowId.optional() }).strict())
        .max(MAX_EXTRA_TRAINING).optional(),
      preset: z.enum(PRESET_NAMES as [string, ...string[]]),
      overrides,
      name: z.string().trim().min(1).max(200).optional(),
      quick: z.boolean().optional(),
    })
    .strict(),
  'runs:pause': z.object({ runId }).strict(),
  'runs:resume': z.object({ runId }).strict(),
  'runs:rename': z.object({ runId, name: z.string().trim().min(1, 'a name cannot be empty').max(200) }).strict(),
  'runs:delete': z.object({ runId }).strict(),
  'playground:generate': GenerateRequestSchema.extend({ runId, requestId }).strict(),
  'playground:cancel': z.object({ requestId }).strict(),
  'playground:inspect': z.object({ runId, prompt: z.string().max(PROMPT_MAX_CHARS) }).strict(),
  'playground:history': z.object({ runId }).strict(),
  'playground:entry': z.object({ runId, historyId }).strict(),
  'playground:export': z.object({ runId }).strict(),
  'attention:inspect': AttentionRequestSchema.extend({ runId }).strict(),
  'python:check': z.object({ code: z.string().max(CODE_MAX_CHARS, `at most ${CODE_MAX_CHARS.toLocaleString('en')} characters are checked`) }).strict(),
} satisfies Record<RequestChannel, z.ZodType>;

/** Parses untrusted arguments; throws an Error whose message names the channel and the bad field. */
export function parseRequestArgs(channel: RequestChannel, args: unknown): unknown {
  const result = REQUEST_SCHEMAS[channel].safeParse(args ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => describeIssue(i)).join('; ');
    throw Object.assign(new Error(`${channel}: ${detail}`), { code: 'invalid-arguments' });
  }
  return result.data;
}
