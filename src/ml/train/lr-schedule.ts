// Learning rate as a function of the optimizer step: linear warmup to the peak, then the paper's
// inverse square root decay (lrate ∝ step^-0.5), a cosine to 10% of the peak at maxSteps, or constant.
import type { TrainConfig } from '../../shared/config/train-config';

export function learningRateAt(step: number, config: Pick<TrainConfig, 'learningRate' | 'warmupSteps' | 'decay' | 'maxSteps'>): number {
  const s = step + 1; // the first update uses step 1, never a zero rate
  const peak = config.learningRate;
  const warmup = config.warmupSteps;
  if (warmup > 0 && s <= warmup) return (peak * s) / warmup;
  switch (config.decay) {
    case 'constant':
      return peak;
    case 'inverse-sqrt':
      return peak * Math.sqrt(Math.max(warmup, 1) / s);
    case 'cosine': {
      const progress = Math.min(1, (s - warmup) / Math.max(1, config.maxSteps - warmup));
      return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
  }
}
