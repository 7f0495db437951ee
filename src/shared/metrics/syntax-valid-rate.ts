// Syntax-valid rate: the percent of generated snippets that Python accepts. The check itself is async
// and Node/worker-side (Pyodide's compile()); this file only turns its verdicts into a rate, so it
// stays pure and can run anywhere.

/** Percent (0–100) of `true` verdicts, one per hypothesis. Empty list → 0. */
export function syntaxValidRate(verdicts: readonly boolean[]): number {
  if (verdicts.length === 0) return 0;
  let valid = 0;
  verdicts.forEach((verdict, i) => {
    if (typeof verdict !== 'boolean') {
      throw new TypeError(`syntaxValidRate: verdict ${i + 1} is ${typeof verdict}, expected a boolean`);
    }
    if (verdict) valid++;
  });
  return (valid / verdicts.length) * 100;
}
