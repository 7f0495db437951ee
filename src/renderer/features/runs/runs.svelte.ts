// The Runs view's state: which runs are ticked for comparison, the inline rename, the delete
// confirmation, and whether the table, one run's detail or a comparison is shown. The runs
// themselves live in the shared RunHub.
import type { RunListItem } from '../../../shared/api/types';
import { ChartOptions } from '../../lib/runs/chart-options.svelte';
import type { CompareLoss } from '../../lib/runs/chart-series';
import type { RunHub } from '../../lib/runs/run-hub.svelte';
import type { RunSeries } from '../../lib/runs/run-series.svelte';

export type RunsMode = 'list' | 'detail' | 'compare';

export class RunsState {
  mode = $state<RunsMode>('list');
  selected = $state<string[]>([]);
  editingId = $state<string | null>(null);
  editName = $state('');
  saving = $state(false);
  pendingDelete = $state.raw<RunListItem | null>(null);
  deleting = $state(false);
  opened = $state.raw<RunSeries | null>(null);
  compared = $state.raw<RunSeries[]>([]);
  compareLoss = $state<CompareLoss>('training');
  chart = new ChartOptions();

  constructor(private readonly hub: RunHub) {}

  readonly canCompare = $derived(this.selected.length >= 2);
  readonly allSelected = $derived.by(() => this.hub.items.length > 0 && this.hub.items.every((r) => this.selected.includes(r.id)));

  isSelected(runId: string): boolean {
    return this.selected.includes(runId);
  }

  toggleSelect(runId: string): void {
    this.selected = this.isSelected(runId) ? this.selected.filter((id) => id !== runId) : [...this.selected, runId];
  }

  toggleAll(): void {
    this.selected = this.allSelected ? [] : this.hub.items.map((r) => r.id);
  }

  open(runId: string): void {
    this.opened = this.hub.series(runId);
    this.mode = 'detail';
  }

  compare(): void {
    if (!this.canCompare) return;
    // Table order (newest first), so colours do not depend on the order of ticking.
    const ids = this.hub.items.map((r) => r.id).filter((id) => this.selected.includes(id));
    this.compared = ids.map((id) => this.hub.series(id));
    this.mode = 'compare';
  }

  back(): void {
    this.mode = 'list';
  }

  beginRename(item: RunListItem): void {
    this.editingId = item.id;
    this.editName = item.name;
  }

  cancelRename(): void {
    this.editingId = null;
    this.editName = '';
  }

  /** Enter: saves a changed, non-empty name; an unchanged one just closes the editor. */
  async commitRename(): Promise<void> {
    const runId = this.editingId;
    if (!runId || this.saving) return;
    const name = this.editName.trim();
    const current = this.hub.item(runId);
    if (!name || name === current?.name) {
      this.cancelRename();
      return;
    }
    this.saving = true;
    const ok = await this.hub.rename(runId, name);
    this.saving = false;
    if (ok) this.cancelRename();
  }

  requestDelete(item: RunListItem): void {
    this.pendingDelete = item;
  }

  cancelDelete(): void {
    this.pendingDelete = null;
  }

  async confirmDelete(): Promise<void> {
    const item = this.pendingDelete;
    if (!item || this.deleting) return;
    this.deleting = true;
    const ok = await this.hub.remove(item.id);
    this.deleting = false;
    this.pendingDelete = null;
    if (!ok) return;
    this.selected = this.selected.filter((id) => id !== item.id);
    this.compared = this.compared.filter((s) => s.runId !== item.id);
    if (this.opened?.runId === item.id) {
      this.opened = null;
      this.mode = 'list';
    }
    if (this.mode === 'compare' && this.compared.length < 2) this.mode = 'list';
  }
}
