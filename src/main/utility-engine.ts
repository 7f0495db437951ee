// The engine as an Electron utility process (desktop): a Node-capable child that Chromium's
// process model supervises, so training never runs in the main process or a renderer.
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { EngineCommand, EngineMessage } from '../shared/api/engine-protocol';
import type { EngineHandle, SpawnEngine } from '../services/engine/engine-supervisor';

export function utilityEngine(): SpawnEngine {
  return (): EngineHandle => {
    const child = utilityProcess.fork(join(import.meta.dirname, 'engine.js'), [], { serviceName: 'Code Studio engine', stdio: 'inherit' });
    return {
      send: (command: EngineCommand) => child.postMessage(command),
      onMessage: (handler) => child.on('message', (m) => handler(m as EngineMessage)),
      onExit: (handler) => child.on('exit', (code) => handler(code)),
      kill: () => void child.kill(),
    };
  };
}
