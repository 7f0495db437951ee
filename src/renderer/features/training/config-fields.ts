// The training form's fields, read from the TrainConfig zod schema itself (kind, bounds, enum
// options) so the form cannot drift from what the engine accepts, grouped for display and paired
// with their one-line explanations from shared/config/field-docs.
import { fieldDoc } from '../../../shared/config/field-docs';
import { ModelConfigSchema, TrainConfigSchema } from '../../../shared/config/train-config';

export type FieldKind = 'integer' | 'number' | 'enum' | 'boolean';

export interface FieldSpec {
  /** 'batchSize', 'model.dModel' */
  path: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  min?: number;
  max?: number;
  doc: string;
  group: FieldGroup;
}

export type FieldGroup = 'Model' | 'Optimisation' | 'Schedule' | 'Evaluation & checkpoints' | 'Vocabulary';

const GROUPS: Record<string, FieldGroup> = {
  batchSize: 'Optimisation', learningRate: 'Optimisation', warmupSteps: 'Optimisation', decay: 'Optimisation',
  adamBeta1: 'Optimisation', adamBeta2: 'Optimisation', adamEpsilon: 'Optimisation', weightDecay: 'Optimisation',
  clipNorm: 'Optimisation', labelSmoothing: 'Optimisation',
  maxSteps: 'Schedule', maxMinutes: 'Schedule', seed: 'Schedule', primaryWeight: 'Schedule', fineTuneMinutes: 'Schedule',
  evalEvery: 'Evaluation & checkpoints', evalSamples: 'Evaluation & checkpoints', patience: 'Evaluation & checkpoints',
  checkpointEvery: 'Evaluation & checkpoints', averageDecay: 'Evaluation & checkpoints', reverseModel: 'Evaluation & checkpoints', tuneReranker: 'Evaluation & checkpoints', keepCheckpoints: 'Evaluation & checkpoints',
  splitStrings: 'Vocabulary', slots: 'Vocabulary', minFrequency: 'Vocabulary', maxVocabulary: 'Vocabulary',
};

export const GROUP_ORDER: readonly FieldGroup[] = ['Schedule', 'Model', 'Optimisation', 'Evaluation & checkpoints', 'Vocabulary'];

/** The parts of zod 4's runtime schema objects read here. */
interface ZodIntrospect {
  _zod: { def: { type: string; innerType?: unknown } };
  isInt?: boolean;
  minValue?: number | null;
  maxValue?: number | null;
  options?: readonly string[];
}

function spec(path: string, key: string, schema: unknown, group: FieldGroup): FieldSpec {
  const z = schema as ZodIntrospect;
  const type = z._zod.def.type;
  // A field with a default (added after runs existed) has the same input as its inner type.
  if (type === 'default') return spec(path, key, z._zod.def.innerType, group);
  const base = { path, label: key, doc: fieldDoc(path), group };
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'enum') return { ...base, kind: 'enum', options: z.options ?? [] };
  if (type === 'number') {
    const finite = (v: number | null | undefined) => (v !== null && v !== undefined && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
    return { ...base, kind: z.isInt ? 'integer' : 'number', min: finite(z.minValue), max: finite(z.maxValue) };
  }
  throw new Error(`config-fields: the form has no input for a "${type}" field (${path})`);
}

function buildFields(): FieldSpec[] {
  const model = Object.entries(ModelConfigSchema.shape).map(([key, schema]) => spec(`model.${key}`, key, schema, 'Model'));
  const top = Object.entries(TrainConfigSchema.shape)
    // pretrain is a folder and its budget, not a number: the form has its own fields for it (PretrainFields.svelte).
    .filter(([key]) => key !== 'model' && key !== 'pretrain')
    .map(([key, schema]) => spec(key, key, schema, GROUPS[key] ?? 'Schedule'));
  return [...model, ...top];
}

export const CONFIG_FIELDS: readonly FieldSpec[] = buildFields();

export function fieldsOf(group: FieldGroup): FieldSpec[] {
  return CONFIG_FIELDS.filter((f) => f.group === group);
}
