// The hyperparameter form: fields read from the schema, preset values loaded, inline errors from
// the same TrainConfigSchema the engine uses, and overrides that hold only what was changed.
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '../../../src/renderer/features/training/config-fields';
import { ConfigFormState } from '../../../src/renderer/features/training/config-form.svelte';
import { presetInfos } from '../fake-client';

function tinyForm(): ConfigFormState {
  const form = new ConfigFormState();
  form.usePreset(presetInfos().find((p) => p.name === 'tiny')!);
  return form;
}

describe('config fields', () => {
  it('has one field per schema key, with kinds, bounds and a tooltip', () => {
    const byPath = new Map(CONFIG_FIELDS.map((f) => [f.path, f]));
    expect(byPath.get('batchSize')).toMatchObject({ kind: 'integer', min: 1, max: 4096 });
    expect(byPath.get('learningRate')?.kind).toBe('number');
    expect(byPath.get('model.positions')).toMatchObject({ kind: 'enum', options: ['sinusoidal', 'learned'] });
    expect(byPath.get('model.tieWeights')?.kind).toBe('boolean');
    expect(CONFIG_FIELDS.filter((f) => !f.doc)).toEqual([]);
    expect(byPath.get('slots')?.kind).toBe('boolean'); // a field with a default (added after runs existed)
    expect(CONFIG_FIELDS).toHaveLength(12 + 27);
  });
});

describe('ConfigFormState', () => {
  it('loads a preset as valid values with no overrides', () => {
    const form = tinyForm();
    expect(form.values['model.dModel']).toBe('64');
    expect(form.values['model.tieWeights']).toBe(true);
    expect(form.valid).toBe(true);
    expect(form.errors).toEqual({});
    expect(form.overrides).toEqual({});
    expect(form.changedCount).toBe(0);
  });

  it('reports bad numbers inline by field path', () => {
    const form = tinyForm();
    form.set('batchSize', '');
    form.set('learningRate', 'fast');
    expect(form.valid).toBe(false);
    expect(form.errors).toEqual({ batchSize: 'required', learningRate: 'not a number' });
  });

  it('uses the schema for bounds, whole numbers and cross-field rules', () => {
    const form = tinyForm();
    form.set('batchSize', '0');
    form.set('model.dropout', '0.95');
    form.set('maxSteps', '10.5');
    form.set('model.numHeads', '3');
    expect(form.errors['batchSize']).toBe('must be ≥ 1');
    expect(form.errors['model.dropout']).toBe('must be ≤ 0.9');
    expect(form.errors['maxSteps']).toBe('must be a whole number');
    expect(form.errors['model.numHeads']).toBe('dModel must be divisible by numHeads');
  });

  it('sends only the changed fields, model fields nested', () => {
    const form = tinyForm();
    form.set('model.dModel', '128');
    form.set('model.numHeads', '4');
    form.set('batchSize', '8');
    form.set('model.positions', 'learned');
    form.set('splitStrings', false);
    form.set('seed', '1'); // unchanged value typed again
    expect(form.valid).toBe(true);
    expect(form.overrides).toEqual({ batchSize: 8, splitStrings: false, model: { dModel: 128, numHeads: 4, positions: 'learned' } });
    expect(form.isChanged('batchSize')).toBe(true);
    expect(form.isChanged('seed')).toBe(false);
    expect(form.changedCount).toBe(5);
  });

  it('resets every field when another preset is chosen', () => {
    const form = tinyForm();
    form.set('batchSize', '3');
    form.usePreset(presetInfos().find((p) => p.name === 'seed')!);
    expect(form.preset).toBe('seed');
    expect(form.values['model.dModel']).toBe('256');
    expect(form.values['batchSize']).toBe('16');
    expect(form.overrides).toEqual({});
  });
});
