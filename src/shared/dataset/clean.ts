// The cleaning pipeline: optional steps run in a fixed order over imported pairs, each counted,
// and every dropped or flagged pair listed with its source location and reason. Pure and
// synchronous: the Python syntax check is passed in (Node's Pyodide checker, or none), so this file
// runs anywhere. Input pairs are never mutated; kept pairs get ids that match their new content.

import { expandTabs, reindent, removeCommentsAndDocstrings, type TransformResult } from '../tokenizer/python-source';
import { codeChars, codeLines, codeTokens, descriptionWords } from './measure';
import { normalizeCode, normalizeDescription, pairId, stripNumbering } from './normalize';
import type { Pair, SourceLocation } from './pair';

export type SyntaxCheck = (code: string) => { ok: true } | { ok: false; line: number; col: number; message: string };

export interface CleanOptions {
  /** Drop leading `12.` / `#3)` numbering from descriptions. */
  stripNumbering: boolean;
  /** Tabs in indentation → spaces (tab stops of 8, as CPython reads them). */
  expandTabs: boolean;
  /** Remove `#` comments and docstrings. */
  removeComments: boolean;
  /** Re-indent every block to this many spaces per level; 0 or false keeps the author's indentation. */
  reindent: number | false;
  /** Drop pairs whose whitespace-normalised code and normalised description equal an earlier pair's. */
  dedupe: boolean;
  /** What to do with code that does not parse as Python 3 (needs `checkSyntax`): report it, drop it, or skip the check. */
  syntax: 'flag' | 'drop' | 'off';
  /** Length filters, applied after the code transforms; undefined = no limit. */
  minDescriptionWords?: number;
  maxDescriptionWords?: number;
  maxCodeLines?: number;
  maxCodeChars?: number;
  maxCodeTokens?: number;
}

export const DEFAULT_CLEAN_OPTIONS: Readonly<CleanOptions> = Object.freeze({
  stripNumbering: true,
  expandTabs: true,
  removeComments: true,
  reindent: 4,
  dedupe: true,
  syntax: 'flag',
  minDescriptionWords: 1,
});

export type CleanStep =
  | 'stripNumbering'
  | 'expandTabs'
  | 'removeComments'
  | 'reindent'
  | 'emptyCode'
  | 'length'
  | 'dedupe'
  | 'syntax';

export const CLEAN_STEPS: readonly CleanStep[] = [
  'stripNumbering',
  'expandTabs',
  'removeComments',
  'reindent',
  'emptyCode',
  'length',
  'dedupe',
  'syntax',
];

export interface CleanStepCount {
  enabled: boolean;
  /** Pairs whose text the step changed. */
  changed: number;
  dropped: number;
  /** Pairs kept but reported (code the transform could not tokenize, code that does not parse). */
  flagged: number;
}

export interface CleanEntry {
  step: CleanStep;
  action: 'dropped' | 'flagged';
  /** Id of the pair as it came in. */
  id: string;
  source: SourceLocation;
  description: string;
  reason: string;
}

export interface CleanReport {
  input: number;
  output: number;
  options: CleanOptions;
  steps: Record<CleanStep, CleanStepCount>;
  entries: CleanEntry[];
}

export interface CleanResult {
  pairs: Pair[];
  report: CleanReport;
}

interface Working<P extends Pair = Pair> {
  original: P;
  description: string;
  code: string;
  untokenizable?: boolean;
}

/** Called once per step that rewrote a pair, with the pair as it came in (for previews). */
export type OnCleanChange<P extends Pair> = (step: CleanStep, original: P) => void;

export function cleanPairs<P extends Pair>(
  pairs: readonly P[], options: Partial<CleanOptions> = {}, checkSyntax?: SyntaxCheck, onChange?: OnCleanChange<P>,
): { pairs: P[]; report: CleanReport } {
  const resolved: CleanOptions = { ...DEFAULT_CLEAN_OPTIONS, ...options };
  const syntaxEnabled = resolved.syntax !== 'off' && checkSyntax !== undefined;
  const enabled: Record<CleanStep, boolean> = {
    stripNumbering: resolved.stripNumbering,
    expandTabs: resolved.expandTabs,
    removeComments: resolved.removeComments,
    reindent: resolved.reindent !== false && resolved.reindent > 0,
    emptyCode: true,
    length: [resolved.minDescriptionWords, resolved.maxDescriptionWords, resolved.maxCodeLines, resolved.maxCodeChars, resolved.maxCodeTokens].some(
      (limit) => limit !== undefined,
    ),
    dedupe: resolved.dedupe,
    syntax: syntaxEnabled,
  };
  const steps = Object.fromEntries(CLEAN_STEPS.map((s) => [s, { enabled: enabled[s], changed: 0, dropped: 0, flagged: 0 }])) as Record<
    CleanStep,
    CleanStepCount
  >;
  const entries: CleanEntry[] = [];
  const note = (step: CleanStep, action: CleanEntry['action'], w: Working<P>, reason: string) => {
    steps[step][action]++;
    entries.push({ step, action, id: w.original.id, source: w.original.source, description: w.original.description, reason });
  };
  // Code the tokenizer cannot read fails every transform the same way: flag it once, at the first step.
  const transform = (step: CleanStep, w: Working<P>, run: (code: string) => TransformResult) => {
    if (!enabled[step] || w.untokenizable) return;
    const result = run(w.code);
    if (result.error) {
      w.untokenizable = true;
      note(step, 'flagged', w, `code transforms skipped, cannot tokenize: ${result.error}`);
    } else if (result.changed) {
      steps[step].changed++;
      onChange?.(step, w.original);
      w.code = result.code;
    }
  };

  const seen = new Map<string, Working<P>>();
  const kept: Working<P>[] = [];
  for (const original of pairs) {
    const w: Working<P> = { original, description: original.description, code: original.code };
    if (enabled.stripNumbering) {
      const stripped = stripNumbering(w.description);
      if (stripped !== w.description.trim() && stripped !== '') {
        steps.stripNumbering.changed++;
        onChange?.('stripNumbering', original);
        w.description = stripped;
      }
    }
    transform('expandTabs', w, expandTabs);
    transform('removeComments', w, removeCommentsAndDocstrings);
    transform('reindent', w, (code) => reindent(code, resolved.reindent || 4));
    w.code = trimBlankLines(w.code);

    if (w.code.trim() === '' || /^\s*pass\s*$/.test(w.code)) {
      note('emptyCode', 'dropped', w, resolved.removeComments ? 'no code left after removing comments and docstrings' : 'no code');
      continue;
    }
    const tooLong = enabled.length ? lengthProblem(w, resolved) : undefined;
    if (tooLong) {
      note('length', 'dropped', w, tooLong);
      continue;
    }
    if (enabled.dedupe) {
      const key = normalizeDescription(w.description) + '\u0000' + normalizeCode(w.code);
      const first = seen.get(key);
      if (first) {
        note('dedupe', 'dropped', w, `duplicate of ${formatLocation(first.original.source)}`);
        continue;
      }
      seen.set(key, w);
    }
    if (syntaxEnabled) {
      const verdict = checkSyntax!(w.code);
      if (!verdict.ok) {
        const reason = `does not parse as Python 3: line ${verdict.line}: ${verdict.message}`;
        note('syntax', resolved.syntax === 'drop' ? 'dropped' : 'flagged', w, reason);
        if (resolved.syntax === 'drop') continue;
      }
    }
    kept.push(w);
  }

  const out = kept.map(({ original, description, code }) =>
    description === original.description && code === original.code
      ? original
      : { ...original, description, code, id: pairId(description, code) },
  );
  return { pairs: out, report: { input: pairs.length, output: out.length, options: resolved, steps, entries } };
}

function lengthProblem(w: Working<Pair>, o: CleanOptions): string | undefined {
  const words = descriptionWords(w.description);
  if (o.minDescriptionWords !== undefined && words < o.minDescriptionWords) return `description has ${words} word(s), fewer than ${o.minDescriptionWords}`;
  if (o.maxDescriptionWords !== undefined && words > o.maxDescriptionWords) return `description has ${words} words, more than ${o.maxDescriptionWords}`;
  const lines = codeLines(w.code);
  if (o.maxCodeLines !== undefined && lines > o.maxCodeLines) return `code has ${lines} lines, more than ${o.maxCodeLines}`;
  const chars = codeChars(w.code);
  if (o.maxCodeChars !== undefined && chars > o.maxCodeChars) return `code has ${chars} characters, more than ${o.maxCodeChars}`;
  if (o.maxCodeTokens !== undefined) {
    const tokens = codeTokens(w.code);
    if (tokens > o.maxCodeTokens) return `code has ${tokens} tokens, more than ${o.maxCodeTokens}`;
  }
  return undefined;
}

function trimBlankLines(code: string): string {
  return code.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
}

/** `file:line` or `file record N`, the way every report names a place. */
export function formatLocation(source: SourceLocation): string {
  if (source.line !== undefined) return `${source.file}:${source.line}`;
  if (source.record !== undefined) return `${source.file} record ${source.record}`;
  return source.file;
}
