// A run's phases besides pair training (decoder pretraining, the switch to fine-tuning, reranker
// tuning) as the studio shows them: built from the engine's run events while the run is live, and
// from run.json when a run is opened. Plain data for the 'run:phase' event and RunDetail.phases.
import type { EngineRunEvent } from '../../shared/api/engine-protocol';
import type { RunPhases } from '../../shared/api/types';
import type { RunManifest } from '../runs/run-store';

export type PhaseEvent = Extract<EngineRunEvent, { type: 'pretrain' | 'fine-tuning' | 'reranker' | 'reranker-tuned' }>;

export function isPhaseEvent(event: EngineRunEvent): event is PhaseEvent {
  return event.type === 'pretrain' || event.type === 'fine-tuning' || event.type === 'reranker' || event.type === 'reranker-tuned';
}

/**
 * Progress within a phase (a pretraining step, one more validation pair decoded): sent at most 10
 * times per second. Anything else (a phase starting or ending) is sent at once.
 */
export function isProgress(event: PhaseEvent): boolean {
  return (event.type === 'pretrain' && event.phase === 'step') || (event.type === 'reranker' && event.done > 0);
}

/**
 * The phases after `event` (a new object; `phases` itself when nothing changes). `tuningMs`: how
 * long ago the reranker's tuning began, as the caller measured it (its events carry no time).
 */
export function applyPhaseEvent(phases: RunPhases, event: PhaseEvent, tuningMs = 0): RunPhases {
  switch (event.type) {
    case 'pretrain': {
      const known = phases.pretraining;
      switch (event.phase) {
        case 'started':
          return {
            ...phases,
            pretraining: {
              corpus: event.corpus.corpus, status: 'running', step: event.resumedFromStep ?? 0, maxSteps: event.maxSteps, maxMinutes: event.maxMinutes,
              elapsedMs: known && event.resumedFromStep !== null ? known.elapsedMs : 0, loss: null,
              heldOutLoss: known?.heldOutLoss ?? { before: null, after: null },
            },
          };
        case 'step':
          return {
            ...phases,
            pretraining: {
              corpus: known?.corpus ?? '', status: 'running', heldOutLoss: known?.heldOutLoss ?? { before: null, after: null },
              step: event.step, loss: event.loss, elapsedMs: event.elapsedMs, maxSteps: event.maxSteps, maxMinutes: event.maxMinutes,
            },
          };
        case 'finished':
          if (!known) return phases;
          return { ...phases, pretraining: { ...known, status: event.done ? 'done' : 'running', step: event.step, elapsedMs: event.elapsedMs, heldOutLoss: event.heldOutLoss } };
        case 'already-done':
          // run.json says what it was; only a phase known here needs its status.
          return known ? { ...phases, pretraining: { ...known, status: 'done', step: event.step } } : phases;
      }
      return phases;
    }
    case 'fine-tuning':
      return { ...phases, fineTuning: { step: event.step, examples: event.examples } };
    case 'reranker':
      return { ...phases, reranker: { status: 'tuning', done: event.done, total: event.total, elapsedMs: event.done === 0 ? 0 : tuningMs } };
    case 'reranker-tuned': {
      const total = phases.reranker?.total ?? 0;
      return {
        ...phases,
        reranker: {
          status: 'done', done: total, total, elapsedMs: event.seconds * 1000, logProbBleu: event.logProbBleu, bleu: event.bleu,
          beamWidth: event.settings.beamWidth, reranked: event.settings.rerank !== undefined,
        },
      };
    }
  }
}

/** What run.json records of the phases: pretraining's progress, the switch to fine-tuning and the tuned reranker. */
export function phasesFromManifest(manifest: Pick<RunManifest, 'pretraining' | 'reranker' | 'decoding' | 'fineTuning'>): RunPhases {
  const phases: RunPhases = {};
  const p = manifest.pretraining;
  if (p) {
    phases.pretraining = {
      corpus: p.corpus, status: p.status, step: p.steps, maxSteps: p.maxSteps, maxMinutes: p.maxMinutes, elapsedMs: p.elapsedMs, loss: null,
      heldOutLoss: { ...p.heldOutLoss },
    };
  }
  if (manifest.fineTuning) phases.fineTuning = { ...manifest.fineTuning };
  const r = manifest.reranker;
  if (r) {
    const decoding = manifest.decoding;
    const beam = decoding?.strategy === 'beam' ? decoding : null;
    phases.reranker = {
      status: 'done', done: r.validationPairs, total: r.validationPairs, elapsedMs: r.seconds * 1000, logProbBleu: r.logProbBleu, bleu: r.bleu,
      ...(beam ? { beamWidth: beam.beamWidth, reranked: beam.rerank !== undefined } : {}),
    };
  }
  return phases;
}
