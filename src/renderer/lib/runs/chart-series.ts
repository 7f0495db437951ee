// Turns a run's step and evaluation points into the series the charts draw: raw and smoothed
// training loss with validation loss, learning rate, the evaluation scores (already 0–100, as
// src/shared/metrics computes them), and the overlaid curves of several runs for comparison.
import type { EvaluationPoint, StepPoint } from '../../../shared/api/types';
import { emaSmooth } from '../charts/ema';
import { seriesColor, type ChartPoint, type ChartSeries } from '../charts/chart-data';

export const COLORS = {
  train: '#2f6fdf',
  validation: '#e0793a',
  lr: '#8a63d2',
  bleu: '#2f6fdf',
  exactMatch: '#2f9e5b',
  syntax: '#b8922d',
};

function points<T>(items: readonly T[], x: (item: T) => number, y: (item: T) => number): ChartPoint[] {
  return items.map((item) => ({ x: x(item), y: y(item) }));
}

function smoothedLoss(steps: readonly StepPoint[], smoothing: number): ChartPoint[] {
  const smooth = emaSmooth(steps.map((p) => p.loss), smoothing);
  return steps.map((p, i) => ({ x: p.step, y: smooth[i] }));
}

export function lossSeries(steps: readonly StepPoint[], evaluations: readonly EvaluationPoint[], smoothing: number): ChartSeries[] {
  const out: ChartSeries[] = [];
  if (smoothing > 0) {
    out.push({ id: 'train-raw', label: 'training loss (raw)', color: COLORS.train, opacity: 0.25, strokeWidth: 1, points: points(steps, (p) => p.step, (p) => p.loss), quiet: true });
    out.push({ id: 'train', label: 'training loss', color: COLORS.train, points: smoothedLoss(steps, smoothing) });
  } else {
    out.push({ id: 'train', label: 'training loss', color: COLORS.train, points: points(steps, (p) => p.step, (p) => p.loss) });
  }
  out.push({
    id: 'validation', label: 'validation loss', color: COLORS.validation, markers: true,
    points: points(evaluations, (e) => e.step, (e) => e.validationLoss),
  });
  return out;
}

export function learningRateSeries(steps: readonly StepPoint[]): ChartSeries[] {
  return [{ id: 'lr', label: 'learning rate', color: COLORS.lr, points: points(steps, (p) => p.step, (p) => p.learningRate) }];
}

export function metricSeries(evaluations: readonly EvaluationPoint[]): ChartSeries[] {
  const withSyntax = evaluations.filter((e) => e.syntaxValid !== null);
  return [
    { id: 'bleu', label: 'BLEU', color: COLORS.bleu, markers: true, points: points(evaluations, (e) => e.step, (e) => e.bleu) },
    { id: 'exact', label: 'exact match %', color: COLORS.exactMatch, markers: true, points: points(evaluations, (e) => e.step, (e) => e.exactMatch) },
    { id: 'syntax', label: 'syntax valid %', color: COLORS.syntax, markers: true, dashed: true, points: points(withSyntax, (e) => e.step, (e) => e.syntaxValid ?? 0) },
  ];
}

export interface ComparedRun {
  id: string;
  name: string;
  steps: readonly StepPoint[];
  evaluations: readonly EvaluationPoint[];
}

export type CompareLoss = 'training' | 'validation';

/** One colour per run, the same in both charts. */
export function compareSeries(runs: readonly ComparedRun[], smoothing: number, loss: CompareLoss): { loss: ChartSeries[]; bleu: ChartSeries[] } {
  return {
    loss: runs.map((run, i) => ({
      id: run.id,
      label: run.name,
      color: seriesColor(i),
      markers: loss === 'validation',
      points: loss === 'training' ? smoothedLoss(run.steps, smoothing) : points(run.evaluations, (e) => e.step, (e) => e.validationLoss),
    })),
    bleu: runs.map((run, i) => ({
      id: run.id, label: run.name, color: seriesColor(i), markers: true,
      points: points(run.evaluations, (e) => e.step, (e) => e.bleu),
    })),
  };
}
