// The worker thread that analyses dataset versions (analyse-version.ts) off the services' event
// loop, one job after another: it opens the database read-only on its own connection (SQLite's WAL
// lets it read while the studio writes) and loads Pyodide for the syntax check once.
import { parentPort } from 'node:worker_threads';
import { getPythonSyntaxChecker } from '../../python/syntax-check';
import { DatasetStore } from '../store/dataset-store';
import { analyseVersion } from './analyse-version';
import type { AnalysisRequest, WorkerMessage } from './run-analysis';

const port = parentPort!;
let queue = Promise.resolve();

port.on('message', (request: AnalysisRequest) => {
  queue = queue.then(() => analyse(request));
});

async function analyse(request: AnalysisRequest): Promise<void> {
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const checker = request.syntax ? await getPythonSyntaxChecker() : null;
    const store = DatasetStore.openReadOnly(request.databasePath);
    try {
      const result = analyseVersion(store, request.versionId, {
        maxVocabulary: request.maxVocabulary,
        ...(checker ? { parses: (code: string) => checker.check(code).ok } : {}),
        onProgress: (progress) => post({ jobId: request.jobId, type: 'progress', progress }),
      });
      const { facts } = result;
      post({ jobId: request.jobId, type: 'done', result }, [facts.ids.buffer, facts.descriptionWords.buffer, facts.codeTokens.buffer, facts.split.buffer, facts.parses.buffer] as ArrayBuffer[]);
    } finally {
      store.close();
    }
  } catch (error) {
    post({ jobId: request.jobId, type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
