// The name of a checkpoint folder inside a run's checkpoints/ — `step-000500` — written by the
// trainer and read by the run catalog and resume. Ordered by step number, never as text:
// `step-1000000` is newer than `step-999999`.
const CHECKPOINT = /^step-(\d+)$/;

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** The step of a complete checkpoint folder's name, or null for anything else (temporaries included). */
export function checkpointStep(name: string): number | null {
  const match = CHECKPOINT.exec(name);
  return match ? Number(match[1]) : null;
}

/** The checkpoint folders among `names`, oldest first. */
export function checkpointsByStep(names: readonly string[]): { name: string; step: number }[] {
  return names
    .map((name) => ({ name, step: checkpointStep(name) }))
    .filter((c): c is { name: string; step: number } => c.step !== null)
    .sort((a, b) => a.step - b.step);
}
