// The decoding controls as form state: the strategy and its fields, kept per strategy so switching
// back and forth loses nothing, turned into validated DecodeSettings (or a message naming the field).
import { DecodeSettingsSchema, DEFAULT_DECODE_SETTINGS, type DecodeSettings } from '../../../shared/generation/decode-settings';
import { describeZodError } from '../../../shared/api/errors';

export type Strategy = DecodeSettings['strategy'];

export class DecodeControls {
  strategy = $state<Strategy>('greedy');
  beamWidth = $state<number>(DEFAULT_DECODE_SETTINGS.beam.beamWidth);
  lengthPenalty = $state<number>(DEFAULT_DECODE_SETTINGS.beam.lengthPenalty);
  temperature = $state<number>(DEFAULT_DECODE_SETTINGS.sample.temperature);
  topK = $state<number>(DEFAULT_DECODE_SETTINGS.sample.topK);
  topP = $state<number>(DEFAULT_DECODE_SETTINGS.sample.topP);
  seed = $state<number>(DEFAULT_DECODE_SETTINGS.sample.seed);
  /** Empty = the model's own limit. */
  maxLength = $state<number | null>(null);

  readonly parsed = $derived.by((): { ok: true; settings: DecodeSettings } | { ok: false; message: string } => {
    const maxLength = this.maxLength === null || Number.isNaN(this.maxLength) ? {} : { maxLength: this.maxLength };
    const raw =
      this.strategy === 'greedy' ? { strategy: 'greedy', ...maxLength }
      : this.strategy === 'beam' ? { strategy: 'beam', beamWidth: this.beamWidth, lengthPenalty: this.lengthPenalty, ...maxLength }
      : { strategy: 'sample', temperature: this.temperature, topK: this.topK, topP: this.topP, seed: this.seed, ...maxLength };
    const result = DecodeSettingsSchema.safeParse(raw);
    return result.success ? { ok: true, settings: result.data } : { ok: false, message: describeZodError(result.error, 'The decoding settings') };
  });

  /** Shows the settings of a result that is reopened, so "generate again" repeats it. */
  load(settings: DecodeSettings): void {
    this.strategy = settings.strategy;
    this.maxLength = settings.maxLength ?? null;
    if (settings.strategy === 'beam') {
      this.beamWidth = settings.beamWidth;
      this.lengthPenalty = settings.lengthPenalty;
    } else if (settings.strategy === 'sample') {
      this.temperature = settings.temperature;
      this.topK = settings.topK;
      this.topP = settings.topP;
      this.seed = settings.seed;
    }
  }

  /** Sampling again with the next seed: a new program for the same prompt. */
  nextSeed(): void {
    this.seed = (this.seed + 1) % 2 ** 31;
  }
}
