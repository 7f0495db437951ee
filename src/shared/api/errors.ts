// Errors as every shell shows them: one sentence that names what is wrong and where. Validation
// failures (zod) become "model.dModel: must be at most 2048 (got 4096)" instead of zod's JSON dump;
// any error crosses process boundaries as plain ErrorData (see contract.ts).
import { ZodError, type z } from 'zod';
import type { ErrorData } from './contract';

type Issue = z.core.$ZodIssue;

/** One issue as "field: problem", with the offending value when zod kept it. */
export function describeIssue(issue: Issue): string {
  if (issue.path.length === 0) return issueMessage(issue);
  return `${issue.path.map(String).join('.')}: ${issueMessage(issue)}`;
}

function issueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** A ZodError as one sentence: "<what> is invalid: a: …; b: …". */
export function describeZodError(error: ZodError, what = 'The configuration'): string {
  return `${what} is invalid: ${error.issues.map((i) => describeIssue(i)).join('; ')}`;
}

export function describeError(error: unknown): string {
  if (error instanceof ZodError) return describeZodError(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Any thrown value as plain data for the other side of an IPC, HTTP or process boundary. */
export function toErrorData(error: unknown): ErrorData {
  const e = error as (Error & { code?: unknown }) | null | undefined;
  const name = error instanceof ZodError ? 'InvalidArguments' : typeof e?.name === 'string' ? e.name : 'Error';
  const code = error instanceof ZodError ? 'invalid-arguments' : e?.code !== undefined && e?.code !== null ? String(e.code) : undefined;
  return { name, message: describeError(error), ...(code ? { code } : {}) };
}
