// What a run can be started from: the datasets (datasets:list) and presets (config:presets),
// loaded once and shared by the welcome panel and the training form.
import type { DatasetSummary, PresetInfo } from '../../../shared/api/types';
import type { StudioClient } from '../../lib/api/studio-client';
import type { Toasts } from '../../lib/ui/toasts.svelte';

export class Catalog {
  datasets = $state.raw<DatasetSummary[]>([]);
  presets = $state.raw<PresetInfo[]>([]);
  loaded = $state(false);

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
  ) {}

  readonly builtIn = $derived(this.datasets.find((d) => d.builtIn) ?? null);

  async load(): Promise<void> {
    const [datasets, presets] = await Promise.allSettled([
      this.client.invoke('datasets:list', {}),
      this.client.invoke('config:presets', {}),
    ]);
    if (datasets.status === 'fulfilled') this.datasets = datasets.value;
    else this.toasts.error('Could not list the datasets', datasets.reason);
    if (presets.status === 'fulfilled') this.presets = presets.value;
    else this.toasts.error('Could not load the presets', presets.reason);
    this.loaded = true;
  }

  preset(name: string): PresetInfo | undefined {
    return this.presets.find((p) => p.name === name);
  }
}
