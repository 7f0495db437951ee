// A stand-in engine process for supervisor and server tests: answers `ready`, records commands,
// and can be made to crash. The real engine is exercised in studio-services.test.ts.
import type { EngineCommand, EngineMessage } from '../../../src/shared/api/engine-protocol';
import type { EngineHandle, SpawnEngine } from '../../../src/services/engine/engine-supervisor';

export interface FakeEngine extends EngineHandle {
  commands: EngineCommand[];
  emit(message: EngineMessage): void;
  crash(code?: number): void;
}

export function fakeEngineFactory(): { spawn: SpawnEngine; spawned: FakeEngine[] } {
  const spawned: FakeEngine[] = [];
  const spawn: SpawnEngine = () => {
    const messageHandlers: ((m: EngineMessage) => void)[] = [];
    const exitHandlers: ((code: number | null) => void)[] = [];
    let alive = true;
    const engine: FakeEngine = {
      commands: [],
      send: (command) => {
        engine.commands.push(command);
        if (command.type === 'shutdown') setTimeout(() => engine.crash(0), 1);
      },
      onMessage: (h) => messageHandlers.push(h),
      onExit: (h) => exitHandlers.push(h),
      kill: () => engine.crash(null as unknown as number),
      emit: (m) => messageHandlers.forEach((h) => h(m)),
      crash: (code = 1) => {
        if (!alive) return;
        alive = false;
        exitHandlers.forEach((h) => h(code));
      },
    };
    spawned.push(engine);
    setTimeout(() => engine.emit({ type: 'ready', backend: 'fake backend' }), 1);
    return engine;
  };
  return { spawn, spawned };
}
