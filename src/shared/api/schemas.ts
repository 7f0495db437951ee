// Runtime validation of request arguments: the renderer is untrusted, so every shell parses
// arguments with these schemas before a service sees them. `satisfies` keeps the map complete.
import { z } from 'zod';
import { PRESET_NAMES } from '../config/presets';
import type { RequestChannel } from './contract';
import { describeIssue } from './errors';
import { runIdProblem } from '../runs/run-id';

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
