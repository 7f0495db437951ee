import { describe, expect, it } from 'vitest';
import { EngineSupervisor } from '../../../src/services/engine/engine-supervisor';
import type { EngineStatus } from '../../../src/shared/api/types';
import { fakeEngineFactory } from './fake-engine';

const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('EngineSupervisor', () => {
  it('queues commands until the engine is ready, then sends them', async () => {
    const { spawn, spawned } = fakeEngineFactory();
    const supervisor = new EngineSupervisor(spawn, { message: () => {}, status: () => {}, crashed: () => {} });
    supervisor.start();
    supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: true });
    expect(spawned[0].commands).toHaveLength(0);
    await until(() => supervisor.status.state === 'ready');
    expect(spawned[0].commands.map((c) => c.type)).toEqual(['train']);
    expect(supervisor.isActive('r1')).toBe(true);
    expect(() => supervisor.send({ type: 'train', runId: 'r2', runDir: '/tmp/r2', resume: false })).toThrow(/r1 is training/);
    await supervisor.stop(100);
  });

  it('reports a crash, names the run it interrupted, and restarts the engine', async () => {
    const { spawn, spawned } = fakeEngineFactory();
    const statuses: EngineStatus[] = [];
    const crashed: string[] = [];
    const supervisor = new EngineSupervisor(spawn, { message: () => {}, status: (s) => statuses.push(s), crashed: (runId) => crashed.push(runId) });
    supervisor.start();
    await until(() => supervisor.status.state === 'ready');
    supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: false });
    spawned[0].crash(134);
    expect(crashed).toEqual(['r1']);
    expect(supervisor.status.state).toBe('crashed');
    expect(supervisor.status.message).toMatch(/exit code 134/);
    await until(() => spawned.length === 2 && supervisor.status.state === 'ready');
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['crashed', 'restarting', 'ready']));
    expect(supervisor.isActive('r1')).toBe(false);
    await supervisor.stop(100);
  });

  it('frees the run slot when the engine reports the run finished or failed', async () => {
    const { spawn, spawned } = fakeEngineFactory();
    const supervisor = new EngineSupervisor(spawn, { message: () => {}, status: () => {}, crashed: () => {} });
    supervisor.start();
    await until(() => supervisor.status.state === 'ready');
    supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: false });
    spawned[0].emit({ type: 'run-failed', runId: 'r1', error: { name: 'Error', message: 'boom' } });
    expect(supervisor.status.activeRunId).toBeNull();
    supervisor.send({ type: 'train', runId: 'r2', runDir: '/tmp/r2', resume: false });
    expect(supervisor.isActive('r2')).toBe(true);
    await supervisor.stop(100);
  });
});

describe('EngineSupervisor with requests racing', () => {
  it('a failure reported for another run never frees the slot of the run training', async () => {
    const { spawn, spawned } = fakeEngineFactory();
    const supervisor = new EngineSupervisor(spawn, { message: () => {}, status: () => {}, crashed: () => {} });
    supervisor.start();
    await until(() => supervisor.status.state === 'ready');
    supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: false });
    spawned[0].emit({ type: 'run-failed', runId: 'r2', error: { name: 'Busy', message: 'r1 is still training' } });
    spawned[0].emit({ type: 'command-rejected', runId: 'r1', error: { name: 'Busy', message: 'r1 is still training' } });
    spawned[0].emit({ type: 'run-finished', runId: 'r3', reason: 'stopped' });
    expect(supervisor.isActive('r1')).toBe(true);
    await supervisor.stop(100);
  });

  it('refuses a second train command for the run already training (double-clicked Resume)', async () => {
    const { spawn, spawned } = fakeEngineFactory();
    const supervisor = new EngineSupervisor(spawn, { message: () => {}, status: () => {}, crashed: () => {} });
    supervisor.start();
    await until(() => supervisor.status.state === 'ready');
    supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: true });
    expect(() => supervisor.send({ type: 'train', runId: 'r1', runDir: '/tmp/r1', resume: true })).toThrow(/already training/);
    expect(spawned[0].commands.filter((c) => c.type === 'train')).toHaveLength(1);
    expect(supervisor.isActive('r1')).toBe(true);
    await supervisor.stop(100);
  });
});
