// The run panel's lines about what a run does besides its pair-training steps, in the order it
// does them: decoder pretraining (before the first step), the switch to fine-tuning on the first
// data file's pairs, reranker tuning (after the last step). Plain sentences with counts; a phase in
// progress has a fraction for its own bar and, when its pace is known, the time it has left.
import type { PretrainingPhase, RerankerPhase, RunPhases } from '../../../shared/api/types';
import { formatBleu, formatDuration, formatLoss } from '../../lib/format/format';

export interface PhaseNote {
  kind: 'pretraining' | 'fine-tuning' | 'reranker';
  text: string;
  /** In progress now: drawn with a bar of `fraction`. */
  active: boolean;
  /** 0..1 of the phase done, when it is in progress and its end is known; else null. */
  fraction: number | null;
}

export interface PhaseContext {
  /** The run is preparing or training (its phases in progress are live, not paused). */
  live: boolean;
  /** The first data file (the one fine-tuning keeps), as the run list names it. */
  datasetName: string;
}

const n = (value: number) => value.toLocaleString('en-US');

/** "stdlib" as configured; a folder by its last name (the full path is in run.json). */
function corpusName(corpus: string): string {
  if (!corpus) return 'its corpus';
  return corpus.split(/[\\/]/).filter(Boolean).pop() ?? corpus;
}

/** Pretraining's time left: the nearer of its step budget at its pace so far and its minutes. */
export function pretrainingLeftMs(p: PretrainingPhase): number | null {
  const byTime = p.maxMinutes !== null ? Math.max(0, p.maxMinutes * 60_000 - p.elapsedMs) : null;
  const byStepsMs = p.maxSteps !== null && p.step > 0 && p.elapsedMs > 0 ? (Math.max(0, p.maxSteps - p.step) * p.elapsedMs) / p.step : null;
  if (byTime === null) return byStepsMs;
  return byStepsMs === null ? byTime : Math.min(byTime, byStepsMs);
}

function pretrainingFraction(p: PretrainingPhase): number | null {
  const bySteps = p.maxSteps ? p.step / p.maxSteps : null;
  const byTime = p.maxMinutes ? p.elapsedMs / (p.maxMinutes * 60_000) : null;
  const most = Math.max(bySteps ?? 0, byTime ?? 0);
  return bySteps === null && byTime === null ? null : Math.min(1, most);
}

/** Reranker tuning's time left at its pace so far. */
export function rerankerLeftMs(r: RerankerPhase): number | null {
  if (r.status !== 'tuning' || r.done <= 0 || r.elapsedMs <= 0) return null;
  return (Math.max(0, r.total - r.done) * r.elapsedMs) / r.done;
}

function pretrainingNote(p: PretrainingPhase, live: boolean): PhaseNote {
  const corpus = corpusName(p.corpus);
  const of = p.maxSteps !== null ? ` of ${n(p.maxSteps)}` : '';
  if (p.status === 'done') {
    const { before, after } = p.heldOutLoss;
    const heldOut = before !== null && after !== null ? `; held-out loss ${formatLoss(before)} → ${formatLoss(after)}` : '';
    return { kind: 'pretraining', text: `Decoder pretrained on ${corpus}: ${n(p.step)} steps in ${formatDuration(p.elapsedMs)}${heldOut}`, active: false, fraction: null };
  }
  if (!live) {
    return { kind: 'pretraining', text: `Pretraining the decoder on ${corpus}: paused at step ${n(p.step)}${of}; Resume continues it`, active: false, fraction: null };
  }
  if (p.loss === null) {
    const from = p.step > 0 ? `resuming from step ${n(p.step)}${of}…` : 'starting…';
    return { kind: 'pretraining', text: `Pretraining the decoder on ${corpus}: ${from}`, active: true, fraction: pretrainingFraction(p) };
  }
  const left = pretrainingLeftMs(p);
  const parts = [`step ${n(p.step)}${of}`, `loss ${formatLoss(p.loss)}`, ...(left !== null ? [`${formatDuration(left)} left`] : [])];
  return { kind: 'pretraining', text: `Pretraining the decoder on ${corpus}: ${parts.join(' · ')}`, active: true, fraction: pretrainingFraction(p) };
}

function rerankerNote(r: RerankerPhase, live: boolean): PhaseNote | null {
  if (r.status === 'tuning') {
    if (!live) return null; // stopped before it finished: nothing was tuned
    const left = rerankerLeftMs(r);
    const text = `Tuning the reranker: ${n(r.done)} / ${n(r.total)} validation pairs${left !== null ? ` · ${formatDuration(left)} left` : ''}`;
    return { kind: 'reranker', text, active: true, fraction: r.total > 0 ? Math.min(1, r.done / r.total) : null };
  }
  const scores = r.logProbBleu !== undefined && r.bleu !== undefined ? `validation BLEU ${formatBleu(r.logProbBleu)} → ${formatBleu(r.bleu)}` : 'done';
  const recommends = r.beamWidth !== undefined ? `; the run now recommends beam ${r.beamWidth}${r.reranked ? ', reranked' : ''}` : '';
  return { kind: 'reranker', text: `Reranker tuned: ${scores}${recommends}`, active: false, fraction: null };
}

export function describePhases(phases: RunPhases, context: PhaseContext): PhaseNote[] {
  const notes: PhaseNote[] = [];
  if (phases.pretraining) notes.push(pretrainingNote(phases.pretraining, context.live));
  const f = phases.fineTuning;
  if (f) {
    notes.push({ kind: 'fine-tuning', text: `Fine-tuning on ${context.datasetName}'s ${n(f.examples)} training pairs since step ${n(f.step)}`, active: false, fraction: null });
  }
  const reranker = phases.reranker ? rerankerNote(phases.reranker, context.live) : null;
  if (reranker) notes.push(reranker);
  return notes;
}
