// The metrics registry: names, directions, formats, one tokenization for all metrics, and clear
// errors for unknown names or missing syntax verdicts.
import { describe, expect, it } from 'vitest';
import {
  METRICS,
  METRIC_NAMES,
  computeMetrics,
  corpusBleu,
  exactMatch,
  getMetric,
  isImprovement,
  isMetricName,
  prepareMetricInput,
} from '../../../src/shared/metrics';

const hyps = ['x = sorted(y)', 'print("hi")', 'len(x)'];
const refs = ['x = sorted(y)', "print('hi')", 'len(y)'];

describe('metrics registry', () => {
  it('lists bleu, exact_match and syntax_valid, each keyed by its own name, all higher-is-better', () => {
    expect(METRIC_NAMES).toEqual(['bleu', 'exact_match', 'syntax_valid']);
    for (const name of METRIC_NAMES) {
      expect(METRICS[name].name).toBe(name);
      expect(METRICS[name].higherIsBetter).toBe(true);
    }
  });

  it('computes through the registry the same numbers as the direct functions', () => {
    const values = computeMetrics(prepareMetricInput(hyps, refs));
    expect(values.bleu).toBe(corpusBleu(hyps, refs));
    expect(values.exact_match).toBeCloseTo(exactMatch(hyps, refs), 12);
    expect(values.exact_match).toBeCloseTo(200 / 3, 12);
    // No verdicts were given, so the default set leaves syntax_valid out rather than inventing it.
    expect('syntax_valid' in values).toBe(false);
  });

  it('includes syntax_valid when verdicts are given, and explains when asked for it without them', () => {
    expect(computeMetrics(prepareMetricInput(hyps, refs, [true, true, false])).syntax_valid).toBeCloseTo(200 / 3, 12);
    expect(() => computeMetrics(prepareMetricInput(hyps, refs), ['syntax_valid'])).toThrow(/no syntax verdicts given/);
    expect(() => prepareMetricInput(hyps, refs, [true])).toThrow(/1 syntax verdicts for 3 hypotheses/);
    expect(() => prepareMetricInput(hyps, refs.slice(1))).toThrow(/3 hypotheses but 2 references/);
  });

  it('rejects unknown names with the list of known ones', () => {
    expect(isMetricName('bleu')).toBe(true);
    expect(isMetricName('toString')).toBe(false);
    expect(() => getMetric('rouge')).toThrow(/Unknown metric "rouge"; known metrics: bleu, exact_match, syntax_valid/);
  });

  it('formats values for display, NaN as a dash', () => {
    expect(METRICS.bleu.format(72.4895195969619)).toBe('72.49');
    expect(METRICS.exact_match.format(40)).toBe('40.0%');
    expect(METRICS.syntax_valid.format(Number.NaN)).toBe('—');
  });

  it('decides improvement by the metric direction', () => {
    expect(isImprovement('bleu', 30, 25)).toBe(true);
    expect(isImprovement('bleu', 25, 30)).toBe(false);
    expect(isImprovement('bleu', 25, 25)).toBe(false);
    expect(isImprovement('exact_match', 1, undefined)).toBe(true);
    expect(isImprovement('exact_match', Number.NaN, 1)).toBe(false);
  });
});
