// The hyperparameter form's state: values as typed (text for numbers so half-typed input is
// allowed), validated on every change with the same TrainConfigSchema the engine uses, errors
// per field path, and the overrides to send (only the fields that differ from the preset).
import type { PresetInfo } from '../../../shared/api/types';
import type { PresetName } from '../../../shared/config/presets';
import { TrainConfigSchema, type TrainConfig, type TrainConfigOverrides } from '../../../shared/config/train-config';
import { CONFIG_FIELDS, type FieldSpec } from './config-fields';

export type FieldValue = string | boolean;

/** The pretraining fields (TrainConfig.pretrain) as typed; an empty corpus means no pretraining. */
export interface PretrainValues {
  corpus: string;
  steps: string;
  minutes: string;
}

const NO_PRETRAINING: PretrainValues = { corpus: '', steps: '', minutes: '' };

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
}

function getPath(config: TrainConfig, path: string): unknown {
  return path.startsWith('model.') ? (config.model as Record<string, unknown>)[path.slice(6)] : (config as unknown as Record<string, unknown>)[path];
}

function toFieldValue(field: FieldSpec, value: unknown): FieldValue {
  return field.kind === 'boolean' ? Boolean(value) : String(value);
}

/** A zod issue in words a person reads in a form. */
export function issueText(issue: ZodIssueLike): string {
  if (issue.code === 'too_small' && issue.minimum !== undefined) return `must be ${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.maximum !== undefined) return `must be ${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  return issue.message;
}

export class ConfigFormState {
  preset = $state<PresetName>('tiny');
  base = $state.raw<TrainConfig | null>(null);
  values = $state<Record<string, FieldValue>>({});
  pretrain = $state<PretrainValues>({ ...NO_PRETRAINING });

  /** Resets every field to the preset's values. */
  usePreset(info: PresetInfo): void {
    this.preset = info.name;
    this.base = info.config;
    const values: Record<string, FieldValue> = {};
    for (const field of CONFIG_FIELDS) values[field.path] = toFieldValue(field, getPath(info.config, field.path));
    this.values = values;
    this.pretrain = { ...NO_PRETRAINING };
  }

  set(path: string, value: FieldValue): void {
    this.values[path] = value;
  }

  /** The typed config and the error of each field; `config` is null while any field is invalid. */
  readonly result = $derived.by(() => this.#validate());
  readonly errors = $derived(this.result.errors);
  readonly valid = $derived(this.result.config !== null);

  /** Fields that differ from the preset, as runs:start expects them. */
  readonly overrides = $derived.by((): TrainConfigOverrides => {
    const config = this.result.config;
    const base = this.base;
    if (!config || !base) return {};
    const out: Record<string, unknown> & { model?: Record<string, unknown> } = {};
    for (const field of CONFIG_FIELDS) {
      const value = getPath(config, field.path);
      if (value === getPath(base, field.path)) continue;
      if (field.path.startsWith('model.')) (out.model ??= {})[field.path.slice(6)] = value;
      else out[field.path] = value;
    }
    if (config.pretrain) out.pretrain = config.pretrain;
    return out as TrainConfigOverrides;
  });

  isChanged(path: string): boolean {
    if (!this.base) return false;
    const field = CONFIG_FIELDS.find((f) => f.path === path);
    return field ? this.values[path] !== toFieldValue(field, getPath(this.base, path)) : false;
  }

  readonly changedCount = $derived(CONFIG_FIELDS.filter((f) => this.isChanged(f.path)).length);

  #validate(): { config: TrainConfig | null; errors: Record<string, string> } {
    const errors: Record<string, string> = {};
    if (!this.base) return { config: null, errors };
    const model: Record<string, unknown> = {};
    const top: Record<string, unknown> = {};
    for (const field of CONFIG_FIELDS) {
      const raw = this.values[field.path];
      let value: unknown = raw;
      if (field.kind === 'integer' || field.kind === 'number') {
        const text = String(raw ?? '').trim();
        if (text === '') {
          errors[field.path] = 'required';
          continue;
        }
        value = Number(text);
        if (!Number.isFinite(value)) {
          errors[field.path] = 'not a number';
          continue;
        }
      }
      if (field.path.startsWith('model.')) model[field.path.slice(6)] = value;
      else top[field.path] = value;
    }
    const pretrain = this.#pretrainInput(errors);
    if (Object.keys(errors).length > 0) return { config: null, errors };
    const parsed = TrainConfigSchema.safeParse({ ...top, model, ...(pretrain ? { pretrain } : {}) });
    if (parsed.success) return { config: parsed.data, errors };
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= issueText(issue as unknown as ZodIssueLike);
    }
    return { config: null, errors };
  }

  /** TrainConfig.pretrain from its fields (undefined without a corpus); numbers that are not numbers go to `errors`. */
  #pretrainInput(errors: Record<string, string>): Record<string, unknown> | undefined {
    const corpus = this.pretrain.corpus.trim();
    if (!corpus) return undefined;
    const out: Record<string, unknown> = { corpus };
    for (const key of ['steps', 'minutes'] as const) {
      const text = this.pretrain[key].trim();
      if (text === '') continue;
      const value = Number(text);
      if (Number.isFinite(value)) out[key] = value;
      else errors[`pretrain.${key}`] = 'not a number';
    }
    return out;
  }
}
