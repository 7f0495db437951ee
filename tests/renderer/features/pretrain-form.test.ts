// The training form's pretraining fields: nothing sent while the folder is empty; a folder and a
// budget become overrides.pretrain; bad numbers and a folder without a budget are shown inline.
import { describe, expect, it } from 'vitest';
import { ConfigFormState } from '../../../src/renderer/features/training/config-form.svelte';
import { presetInfos } from '../fake-client';

function tinyForm(): ConfigFormState {
  const form = new ConfigFormState();
  form.usePreset(presetInfos().find((p) => p.name === 'tiny')!);
  return form;
}

describe('ConfigFormState pretraining', () => {
  it('sends no pretraining while the folder is empty, even with a budget typed', () => {
    const form = tinyForm();
    form.pretrain.steps = '3000';
    expect(form.valid).toBe(true);
    expect(form.overrides).toEqual({});
  });

  it('sends the folder and the budget as overrides.pretrain', () => {
    const form = tinyForm();
    form.pretrain.corpus = '  /home/me/src  ';
    form.pretrain.steps = '3000';
    form.pretrain.minutes = '2.5';
    expect(form.errors).toEqual({});
    expect(form.overrides).toEqual({ pretrain: { corpus: '/home/me/src', steps: 3000, minutes: 2.5 } });
    expect(form.result.config?.pretrain).toEqual({ corpus: '/home/me/src', steps: 3000, minutes: 2.5 });
  });

  it('shows a missing budget and bad numbers inline, by field', () => {
    const form = tinyForm();
    form.pretrain.corpus = 'stdlib';
    expect(form.valid).toBe(false);
    expect(form.errors['pretrain.steps']).toBe('pretraining needs steps or minutes (or both)');
    form.pretrain.steps = 'many';
    expect(form.errors['pretrain.steps']).toBe('not a number');
    form.pretrain.steps = '0';
    expect(form.errors['pretrain.steps']).toBe('must be ≥ 1');
    form.pretrain.steps = '10';
    expect(form.valid).toBe(true);
  });

  it('forgets the pretraining when another preset is chosen', () => {
    const form = tinyForm();
    form.pretrain.corpus = 'stdlib';
    form.pretrain.steps = '10';
    form.usePreset(presetInfos().find((p) => p.name === 'small')!);
    expect(form.pretrain).toEqual({ corpus: '', steps: '', minutes: '' });
    expect(form.overrides).toEqual({});
  });
});
