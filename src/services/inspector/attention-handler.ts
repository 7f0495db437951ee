// The attention inspector's one request: the engine reads the maps (between training steps, as
// generation does) and answers with the view asked for; the services only find the run's folder.
import type { RequestHandlers } from '../../shared/api/contract';
import type { EngineSupervisor } from '../engine/engine-supervisor';

export function attentionHandler(supervisor: EngineSupervisor, runDir: (runId: string) => Promise<string>): RequestHandlers['attention:inspect'] {
  return async ({ runId, ...request }) => supervisor.request({ type: 'attention', runDir: await runDir(runId), request }).result;
}
