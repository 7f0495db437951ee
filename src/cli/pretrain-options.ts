// The train command's decoder-pretraining flags (--pretrain-corpus, --pretrain-steps,
// --pretrain-minutes) as the config's `pretrain`, and the lines that show pretraining's progress.
import { STDLIB_CORPUS } from '../shared/config/pretrain-config';
import type { PretrainEvent } from '../shared/runs/pretraining';
import { formatDuration, type Output } from './output';

export interface PretrainFlags {
  resume?: boolean;
  pretrainCorpus?: string;
  pretrainSteps?: number;
  pretrainMinutes?: number;
}

/** --pretrain-* as the config's `pretrain`; the folder is checked now, before a run folder is made. */
export async function pretrainOverride(flags: PretrainFlags): Promise<{ pretrain?: { corpus: string; steps?: number; minutes?: number } }> {
  const { pretrainCorpus: corpus, pretrainSteps: steps, pretrainMinutes: minutes } = flags;
  if (corpus === undefined) {
    if (steps !== undefined || minutes !== undefined) throw new Error('--pretrain-steps and --pretrain-minutes need --pretrain-corpus DIR');
    return {};
  }
  if (flags.resume) throw new Error('--pretrain-corpus cannot change when resuming: the run keeps the pretraining it started with');
  if (steps === undefined && minutes === undefined) throw new Error('--pretrain-corpus needs --pretrain-steps N or --pretrain-minutes N (or both)');
  const { resolveCorpus } = await import('../services/corpus/corpus-folder');
  const { folder } = await resolveCorpus(corpus); // a missing or empty folder fails now, named, before a run folder exists
  // Absolute in run.json, so a resume from another folder reads the same corpus.
  return { pretrain: { corpus: corpus === STDLIB_CORPUS ? corpus : folder, ...(steps !== undefined ? { steps } : {}), ...(minutes !== undefined ? { minutes } : {}) } };
}

/** Prints pretraining's progress: what was read, a step line every 2 s (people) or 10 per second (--json), the end. */
export function pretrainPrinter(out: Output): (event: PretrainEvent) => void {
  let lastPrint = 0;
  return (event) => {
    switch (event.phase) {
      case 'started': {
        const c = event.corpus;
        out.emit({ event: 'pretrain-started', ...c, resumedFromStep: event.resumedFromStep, maxSteps: event.maxSteps, maxMinutes: event.maxMinutes });
        const skipped = Object.entries(c.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
        out.say(`pretraining the decoder on ${c.folder}: ${c.files} files${skipped ? ` (skipped: ${skipped}; listed in pretrain/skipped.jsonl)` : ''}${c.limitReached ? ', stopped at the size limit' : ''}`);
        out.say(`  ${c.windows} windows, ${c.tokens} code tokens (${((100 * c.unknownTokens) / Math.max(1, c.tokens)).toFixed(1)}% outside the vocabulary: read as <unk>, not trained)`);
        if (event.resumedFromStep !== null) out.say(`  resuming pretraining from step ${event.resumedFromStep}`);
        break;
      }
      case 'step': {
        const now = Date.now();
        if (now - lastPrint < (out.json ? 100 : 2000)) return;
        lastPrint = now;
        const { type: _, phase: __, ...step } = event;
        out.emit({ event: 'pretrain-step', ...step });
        const of = event.maxSteps ? `/${event.maxSteps}` : '';
        out.say(`pretrain step ${event.step}${of} · loss ${event.loss.toFixed(3)} · lr ${event.learningRate.toExponential(1)} · ${Math.round(event.targetTokensPerSecond)} tok/s · ${formatDuration(event.elapsedMs)}`);
        break;
      }
      case 'finished': {
        const { type: _, phase: __, ...rest } = event;
        out.emit({ event: 'pretrain-finished', ...rest });
        const loss = (v: number | null) => (v === null ? '—' : v.toFixed(3));
        out.say(event.done
          ? `pretraining done: ${event.step} steps in ${formatDuration(event.elapsedMs)}; held-out corpus loss ${loss(event.heldOutLoss.before)} → ${loss(event.heldOutLoss.after)}`
          : `pretraining paused at step ${event.step} (--resume continues it)`);
        break;
      }
      case 'already-done':
        out.emit({ event: 'pretrain-already-done', step: event.step });
        out.say(`pretraining already done (${event.step} steps): starting from its weights`);
        break;
    }
  };
}
