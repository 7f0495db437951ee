// The attention inspector's view model with a fake studio: weights → edges, colours and the
// threshold, heads hidden and isolated, links between tokens and character ranges, the view
// requested, and a pruned sample checkpoint read with the best one instead.
import { describe, expect, it } from 'vitest';
import { axes, bundles, edgeWidth, edges, headColour, strongest, tokensInRange } from '../../../src/renderer/features/inspector/attention-graph';
import { InspectorState } from '../../../src/renderer/features/inspector/inspector.svelte';
import { StudioRequestError } from '../../../src/renderer/lib/api/studio-client';
import type { AttentionInspection, AttentionMaps, AttentionView } from '../../../src/shared/attention/inspection';
import { packMatrix } from '../../../src/shared/attention/packed-matrix';
import { matrix } from '../../../src/shared/attention/matrix';
import { RunHub } from '../../../src/renderer/lib/runs/run-hub.svelte';
import { Toasts } from '../../../src/renderer/lib/ui/toasts.svelte';
import { FakeStudioClient, idleTimers, runItem } from '../fake-client';

function inspection(view: AttentionView): AttentionMaps {
  // Cross attention: 3 written tokens (x, =, <eos>) over 3 English tokens (add, x, <eos>).
  const head0 = matrix(3, 3, [0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6]);
  const head1 = matrix(3, 3, [0.5, 0.4, 0.1, 0.05, 0.05, 0.9, 1 / 3, 1 / 3, 1 / 3]);
  return {
    checkpoint: 'step-000100', layers: 2, heads: 2, view, code: 'x =\n', notes: [],
    source: [{ text: 'add', range: { from: 0, to: 3 }, known: true }, { text: 'x', range: { from: 4, to: 5 }, known: true }, { text: '<eos>', range: null }],
    targetInputs: [{ text: '<bos>', range: null }, { text: 'x', range: { from: 0, to: 1 } }, { text: '=', range: { from: 2, to: 3 } }],
    targetOutputs: [{ text: 'x', range: { from: 0, to: 1 } }, { text: '=', range: { from: 2, to: 3 } }, { text: '<eos>', range: null }],
    map: matrix(3, 3, head0.values.map((v, i) => (v + head1.values[i]) / 2)), headMaps: [head0, head1],
    overview: [[head0, head1], [head0, head1]], milliseconds: 3,
  };
}

/** As the engine sends it. */
function packed(maps: AttentionMaps): AttentionInspection {
  return { ...maps, map: packMatrix(maps.map), headMaps: maps.headMaps.map(packMatrix) };
}

describe('attention graph view model', () => {
  it('turns weights into edges above the threshold, strongest drawn last, one colour per head', () => {
    const data = inspection({ kind: 'cross', layer: 0, head: 'mean' });
    const { edges: all, passed, strongest: top } = edges(data.headMaps, () => true, 0.5);
    expect(all.map((e) => [e.head, e.row, e.col])).toEqual([[1, 0, 0], [0, 1, 0], [0, 2, 2], [0, 0, 1], [1, 1, 2]]);
    expect(all.every((e, i) => i === 0 || all[i - 1].weight <= e.weight)).toBe(true);
    expect(edges(data.headMaps, (h) => h === 1, 0.5).edges.every((e) => e.head === 1)).toBe(true);
    expect([passed, top]).toEqual([5, 0.9]);
    // Capped to the strongest lines, still strongest last.
    const capped = edges(data.headMaps, () => true, 0, 2);
    expect(capped.edges.map((e) => e.weight)).toEqual([0.8, 0.9]);
    expect(capped.passed).toBe(18);
    expect(headColour(0)).not.toBe(headColour(1));
    // Drawn as one path per head and width, thin under thick.
    const paths = bundles(all, (c) => c * 10, (r) => r * 10, 0, 100);
    expect(paths.map((b) => [b.head, b.width])).toEqual([[1, 3], [0, 3.5], [0, 4.5], [1, 5]]);
    expect(paths[1].d).toBe('M0 0.0L100 10.0M0 20.0L100 20.0'); // head 0's two 0.6 lines: (col 0 → row 1), (col 2 → row 2)
    expect(edgeWidth(0)).toBe(0.5);
    expect(headColour(10)).toBe(headColour(0));
    expect(strongest(data.map, 0, 2).map((s) => s.col)).toEqual([1, 0]);
  });

  it('names rows and columns for each kind and maps editor selections to the tokens they cover', () => {
    const cross = axes(inspection({ kind: 'cross', layer: 0, head: 0 }));
    expect([cross.rows.map((t) => t.text), cross.cols.map((t) => t.text)]).toEqual([['x', '=', '<eos>'], ['add', 'x', '<eos>']]);
    const decoder = axes(inspection({ kind: 'decoder', layer: 0, head: 0 }));
    expect(decoder.cols[0].text).toBe('<bos>');
    expect(axes(inspection({ kind: 'encoder', layer: 0, head: 0 })).rowSide).toBe('source');
    expect(tokensInRange(cross.rows, 0, 3)).toEqual([0, 1]);
    expect(tokensInRange(cross.rows, 2, 2)).toEqual([1]); // a caret inside "="
    expect(tokensInRange(cross.rows, 3, 4)).toEqual([]);
  });
});

async function inspectorFor(client: FakeStudioClient): Promise<InspectorState> {
  client.handle('runs:list', () => [
    runItem({ id: 'r', name: 'trained', status: 'completed', steps: 100 }),
    runItem({ id: 'new', name: 'new', status: 'preparing', steps: 0 }),
  ]);
  const hub = new RunHub(client, new Toasts(idleTimers));
  await hub.refresh();
  return new InspectorState(client, hub);
}

describe('inspector state', () => {
  async function open() {
    const client = new FakeStudioClient();
    client.handle('attention:inspect', (args) => packed(inspection(args.view)));
    const inspector = await inspectorFor(client);
    await inspector.open({ runId: 'r', checkpoint: 'best', prompt: 'add x', target: { ids: [5, 6] }, label: 'test' });
    return { client, inspector };
  }

  it('requests the view asked for, keeps the layer in range, hides and isolates heads', async () => {
    const { client, inspector } = await open();
    await inspector.setView({ kind: 'encoder', layer: 7, head: 'rollout' });
    expect(client.callsTo('attention:inspect').at(-1)?.view).toEqual({ kind: 'encoder', layer: 1, head: 'rollout' });
    expect(inspector.edges.every((e) => e.head === -1)).toBe(true); // the rollout mixes every head: one colour
    await inspector.setView({ head: 1 });
    expect(inspector.edges.every((e) => e.head === 1)).toBe(true);
    await inspector.setView({ head: 'mean' });
    inspector.toggleHead(1);
    expect(inspector.edges.every((e) => e.head === 0)).toBe(true);
    inspector.isolateHead(1);
    expect(inspector.hiddenHeads).toEqual([0]);
    inspector.isolateHead(1);
    expect(inspector.hiddenHeads).toEqual([]);
  });

  it('links a hovered or selected code token to the words it attended to', async () => {
    const { inspector } = await open();
    inspector.hover = { axis: 'row', index: 0 };
    expect(inspector.activeRows).toEqual([0]);
    expect(inspector.columnWeight(1)).toBeCloseTo(0.6, 6); // mean of 0.8 and 0.4 (float32 on the wire)
    inspector.hover = null;
    inspector.selectCode(0, 3);
    expect(inspector.selectedRows).toEqual([0, 1]);
    inspector.hover = { axis: 'col', index: 2 };
    expect(inspector.attendingRows[0].row).toBe(1); // "=" attends to <eos> most (0.1 + 0.9) / 2
    const exported = JSON.parse(inspector.exportJson());
    expect(exported.rows).toEqual(['x', '=', '<eos>']);
    expect(exported.headMaps).toHaveLength(2);
    expect(exported.map.values[1]).toBe(0.6); // float32's own digits, not 0.6000000238418579
  });

  it('reads a sample whose checkpoint was pruned with the best one, and says so', async () => {
    const client = new FakeStudioClient();
    client.handle('attention:inspect', (args) => {
      if (args.checkpoint !== 'best') throw new StudioRequestError('attention:inspect', { name: 'Error', message: 'Checkpoint step-000300 is not in this run', code: 'no-checkpoint' });
      return packed(inspection(args.view));
    });
    const inspector = await inspectorFor(client);
    await inspector.open({ runId: 'r', checkpoint: 'step-000300', prompt: 'add x', target: { code: 'x' }, label: 'Sample at step 300' });
    expect(inspector.error).toBeNull();
    expect(inspector.data?.checkpoint).toBe('step-000100');
    expect(inspector.subject?.label).toMatch(/pruned: read with the best/);
  });

  it("inspects a prompt and code of the user's own, filled from what is shown, only when complete", async () => {
    const { client, inspector } = await open();
    inspector.editPair();
    expect(inspector.draft.open).toBe(true);
    expect([inspector.draft.runId, inspector.draft.prompt, inspector.draft.code]).toEqual(['r', 'add x', 'x =\n']);
    expect(inspector.draft.runs.map((r) => r.id)).toEqual(['r']); // a run without weights cannot read it
    inspector.draft.code = '  ';
    expect(inspector.draft.problem).toBe('Write or paste the Python code.');
    await inspector.inspectDraft();
    expect(client.callsTo('attention:inspect')).toHaveLength(1);
    inspector.draft.code = 'x = 2';
    await inspector.inspectDraft();
    expect(client.callsTo('attention:inspect').at(-1)).toMatchObject({ runId: 'r', checkpoint: 'best', prompt: 'add x', target: { code: 'x = 2' } });
    expect(inspector.draft.open).toBe(false);
    expect(inspector.subject?.label).toBe('Your prompt and code');
  });
});
