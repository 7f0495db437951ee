// What a run id may be: the name of one folder directly inside the runs folder, and nothing else.
// Letters, digits, dot, dash, underscore; never starting with a dot (so never "." or "..", never
// hidden); at most 120 characters. The run catalog also checks the resolved path (defence in depth).
export const RUN_ID_MAX_LENGTH = 120;
const RUN_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$/;

/** Why `id` is not a run id, or null when it is one. */
export function runIdProblem(id: unknown): string | null {
  if (typeof id !== 'string') return 'a run id is a string';
  if (id.length === 0) return 'a run id cannot be empty';
  if (id.length > RUN_ID_MAX_LENGTH) return `a run id has at most ${RUN_ID_MAX_LENGTH} characters`;
  if (id.startsWith('.')) return 'a run id cannot start with a dot';
  if (!RUN_ID.test(id)) return 'a run id is letters, digits, dot, dash or underscore';
  return null;
}

export function isRunId(id: unknown): id is string {
  return runIdProblem(id) === null;
}

/** A run id from free text (a dataset name, a preset): lower case, dashes, no leading dot. */
export function slugForRunId(label: string, maxLength = 40): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, maxLength).replace(/-+$/, '');
}
