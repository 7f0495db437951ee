// The metrics registry: every evaluation metric the studio reports, by name, with its direction
// (for picking the best checkpoint) and its display format. Corpus-level metrics only; per-sample
// display uses sentenceBleu / isExactMatch directly. Syntax validity arrives as precomputed verdicts
// because the Python check is async and lives outside src/shared.

import { corpusBleuFromTokens } from './bleu';
import { tokenizeForBleuEval } from './conala-tokenize';
import { exactMatchFromTokens } from './exact-match';
import { syntaxValidRate } from './syntax-valid-rate';

export { addStatistics, bleuOfStatistics, computeBleu, corpusBleu, corpusBleuFromTokens, emptyStatistics, segmentStatistics, sentenceBleu } from './bleu';
export type { BleuOptions, BleuResult, BleuStatistics } from './bleu';
export { tokenizeForBleuEval } from './conala-tokenize';
export { exactMatch, exactMatchFromTokens, isExactMatch } from './exact-match';
export { syntaxValidRate } from './syntax-valid-rate';

/** An evaluation set, tokenized once for every metric. Build it with prepareMetricInput. */
export interface MetricInput {
  readonly hypothesisTokens: readonly (readonly string[])[];
  readonly referenceTokens: readonly (readonly string[])[];
  /** One verdict per hypothesis from the Python syntax check; needed by `syntax_valid` only. */
  readonly syntaxValid?: readonly boolean[];
}

export interface MetricDefinition {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly higherIsBetter: boolean;
  /** Inputs beyond hypotheses and references that compute() needs. */
  readonly requires: readonly 'syntaxValid'[];
  readonly compute: (input: MetricInput) => number;
  /** Short text for tables and charts; NaN (not measured) shows as an em dash. */
  readonly format: (value: number) => string;
}

function fixed(digits: number, suffix = ''): (value: number) => string {
  return (value) => (Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : '—');
}

export const METRICS = {
  bleu: {
    name: 'bleu',
    label: 'BLEU',
    description: "Corpus BLEU-4 (0–100) after CoNaLa's tokenize_for_bleu_eval, no smoothing, as in published CoNaLa results.",
    higherIsBetter: true,
    requires: [],
    compute: (input) => corpusBleuFromTokens(input.hypothesisTokens, input.referenceTokens),
    format: fixed(2),
  },
  exact_match: {
    name: 'exact_match',
    label: 'Exact match',
    description: "Percent of examples whose CoNaLa token lists equal the reference's.",
    higherIsBetter: true,
    requires: [],
    compute: (input) => exactMatchFromTokens(input.hypothesisTokens, input.referenceTokens),
    format: fixed(1, '%'),
  },
  syntax_valid: {
    name: 'syntax_valid',
    label: 'Valid Python',
    description: 'Percent of generated snippets that compile as Python.',
    higherIsBetter: true,
    requires: ['syntaxValid'],
    compute: (input) => {
      if (!input.syntaxValid) {
        throw new Error('syntax_valid: no syntax verdicts given; run the Python syntax check and pass them to prepareMetricInput');
      }
      return syntaxValidRate(input.syntaxValid);
    },
    format: fixed(1, '%'),
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** The definition of a metric; an unknown name throws and lists the known ones. */
export function getMetric(name: string): MetricDefinition {
  if (!isMetricName(name)) {
    throw new RangeError(`Unknown metric "${name}"; known metrics: ${METRIC_NAMES.join(', ')}`);
  }
  return METRICS[name];
}

/** Tokenizes hypotheses and references once; lengths must agree (and syntax verdicts, when given). */
export function prepareMetricInput(
  hypotheses: readonly string[],
  references: readonly string[],
  syntaxValid?: readonly boolean[],
): MetricInput {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`Metrics: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  if (syntaxValid && syntaxValid.length !== hypotheses.length) {
    throw new RangeError(`Metrics: ${syntaxValid.length} syntax verdicts for ${hypotheses.length} hypotheses`);
  }
  return {
    hypothesisTokens: hypotheses.map(tokenizeForBleuEval),
    referenceTokens: references.map(tokenizeForBleuEval),
    ...(syntaxValid ? { syntaxValid } : {}),
  };
}

/**
 * Computes the named metrics (by default every metric whose inputs are present, so `syntax_valid` is
 * left out when no verdicts were given). Asking by name for one whose inputs are missing throws.
 */
export function computeMetrics(input: MetricInput, names?: readonly string[]): Partial<Record<MetricName, number>> {
  const chosen = names
    ? names.map((name) => getMetric(name).name as MetricName)
    : METRIC_NAMES.filter((name) => METRICS[name].requires.every((need) => input[need] !== undefined));
  const values: Partial<Record<MetricName, number>> = {};
  for (const name of chosen) values[name] = METRICS[name].compute(input);
  return values;
}

/** Whether `candidate` beats `best` for this metric (a missing or NaN best is always beaten). */
export function isImprovement(name: MetricName, candidate: number, best: number | undefined): boolean {
  if (!Number.isFinite(candidate)) return false;
  if (best === undefined || !Number.isFinite(best)) return true;
  return METRICS[name].higherIsBetter ? candidate > best : candidate < best;
}
