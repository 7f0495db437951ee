// The engine as a forked Node process (web shell, CLI, tests): bin/engine.mjs runs
// src/worker/engine-main.ts through tsx, talking over Node's IPC channel.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineCommand, EngineMessage } from '../../shared/api/engine-protocol';
import type { EngineHandle, SpawnEngine } from './engine-supervisor';

const ENGINE_ENTRY = fileURLToPath(new URL('../../../bin/engine.mjs', import.meta.url));

export function forkEngine(env: NodeJS.ProcessEnv = process.env): SpawnEngine {
  return (): EngineHandle => {
    const child = fork(ENGINE_ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
    return {
      send: (command: EngineCommand) => {
        if (child.connected) child.send(command);
      },
      onMessage: (handler) => child.on('message', (m) => handler(m as EngineMessage)),
      onExit: (handler) => child.on('exit', (code) => handler(code)),
      kill: () => child.kill('SIGKILL'),
    };
  };
}
