// Runtime validation of request arguments: the renderer is untrusted, so every shell parses
// arguments with these schemas before a service sees them. `satisfies` keeps the map complete.
import { z } from 'zod';
import { PRESET_NAMES } from '../config/presets';
import type { RequestChannel } from './contract';
import { describeIssue } from './errors';
import { runIdProblem } from '../runs/run-id';
import { GenerateRequestSchema, PROMPT_MAX_CHARS } from '../generation/generation';
import { AttentionRequestSchema } from '../attention/inspection';

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

export const REQUEST_SCHEMAS = {
  'app:info': none,
  'config:presets': none,
  'datasets:list': none,
  'runs:list': none,
  'runs:get': z.object({ runId }).strict(),
  'runs:start': z
    .object({
      datasetId: z.string().min(1).max(200),
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
