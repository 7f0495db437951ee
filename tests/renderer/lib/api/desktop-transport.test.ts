// The Electron transport: results pass through, errors lose Electron's "Error invoking remote
// method" wrapper and keep their code, events subscribe through the bridge.
import { describe, expect, it } from 'vitest';
import { createDesktopClient } from '../../../../src/renderer/lib/api/desktop-transport';
import { StudioRequestError } from '../../../../src/renderer/lib/api/studio-client';

describe('desktop transport', () => {
  it('passes requests and events through the bridge', async () => {
    const seen: [string, unknown][] = [];
    let listener: ((p: unknown) => void) | null = null;
    const client = createDesktopClient({
      invoke: async (channel, args) => {
        seen.push([channel, args]);
        return { ok: true };
      },
      on: (_event, handler) => {
        listener = handler;
        return () => (listener = null);
      },
      pathForFile: () => '',
    });
    await expect(client.invoke('runs:pause', { runId: 'r' })).resolves.toEqual({ ok: true });
    expect(seen).toEqual([['runs:pause', { runId: 'r' }]]);
    const got: unknown[] = [];
    const off = client.on('run:status', (p) => got.push(p));
    listener!({ runId: 'r', status: 'paused' });
    expect(got).toEqual([{ runId: 'r', status: 'paused' }]);
    off();
    expect(listener).toBeNull();
  });

  it("unwraps main's { ok, result | error } envelope but leaves runs:pause's { ok: true } alone", async () => {
    const answers: unknown[] = [
      { ok: true, result: [{ id: 'r1' }] },
      { ok: true },
      { ok: false, error: { name: 'NotFound', message: 'no run named zz', code: 'not-found' } },
    ];
    const client = createDesktopClient({ invoke: async () => answers.shift(), on: () => () => {}, pathForFile: () => '' });
    await expect(client.invoke('runs:list', {})).resolves.toEqual([{ id: 'r1' }]);
    await expect(client.invoke('runs:pause', { runId: 'r1' })).resolves.toEqual({ ok: true });
    const error = (await client.invoke('runs:get', { runId: 'zz' }).catch((e: unknown) => e)) as StudioRequestError;
    expect(error).toBeInstanceOf(StudioRequestError);
    expect([error.name, error.message, error.code]).toEqual(['NotFound', 'no run named zz', 'not-found']);
  });

  it("strips Electron's wrapper from an error message and keeps the code", async () => {
    const client = createDesktopClient({
      invoke: async () => {
        throw Object.assign(new Error("Error invoking remote method 'runs:get': Error: no run named x"), { code: 'not-found' });
      },
      on: () => () => {},
      pathForFile: () => '',
    });
    const error = (await client.invoke('runs:get', { runId: 'x' }).catch((e: unknown) => e)) as StudioRequestError;
    expect(error).toBeInstanceOf(StudioRequestError);
    expect(error.message).toBe('no run named x');
    expect(error.code).toBe('not-found');
  });

  it('imports a picked file by its path, and says so when a file has none', async () => {
    const paths = new Map<unknown, string>();
    const client = createDesktopClient({ invoke: async () => ({}), on: () => () => {}, pathForFile: (file) => paths.get(file) ?? '' });
    const onDisk = new File(['x'], 'pairs.csv');
    paths.set(onDisk, '/home/me/pairs.csv');
    await expect(client.sourceForFile(onDisk)).resolves.toEqual({ kind: 'path', path: '/home/me/pairs.csv' });
    await expect(client.sourceForFile(new File(['x'], 'pasted.txt'))).rejects.toThrow(/pasted.txt is not a file on this computer/);
  });

  it('has no downloads: the services write its files after a save dialog', () => {
    const client = createDesktopClient({ invoke: async () => ({}), on: () => () => {}, pathForFile: () => '' });
    expect(() => client.startDownload('/download/x', 'pairs-v1.jsonl')).toThrow(/desktop app saves files itself/);
  });
});
