// Runs analyse-version.ts in one long-lived worker thread, a job at a time, so Pyodide (the syntax
// check) loads once: the source entry (bin/analysis-worker.mjs, through tsx) where the studio runs
// from source, the bundled out/main/analysis-worker.js in the desktop app.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisProgress } from '../../../shared/dataset/analysis';
import type { VersionAnalysis } from './analyse-version';

export interface AnalysisRequest {
  jobId: number;
  databasePath: string;
  versionId: number;
  maxVocabulary: number;
  syntax: boolean;
}

export type WorkerMessage =
  | { jobId: number; type: 'progress'; progress: Omit<AnalysisProgress, 'versionId'> }
  | { jobId: number; type: 'done'; result: VersionAnalysis }
  | { jobId: number; type: 'failed'; message: string };

type Progress = (progress: Omit<AnalysisProgress, 'versionId'>) => void;

function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return fileURLToPath(new URL('../../../../bin/analysis-worker.mjs', import.meta.url));
  const bundled = join(dirname(here), 'analysis-worker.js');
  if (!existsSync(bundled)) throw new Error(`The dataset analysis worker is missing (${bundled}); rebuild the app`);
  return bundled;
}

export class AnalysisWorker {
  #worker: Worker | null = null;
  #jobs = new Map<number, { resolve: (r: VersionAnalysis) => void; reject: (e: Error) => void; progress: Progress }>();
  #nextJob = 1;

  run(request: Omit<AnalysisRequest, 'jobId'>, progress: Progress): Promise<VersionAnalysis> {
    const jobId = this.#nextJob++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(jobId, { resolve, reject, progress });
      this.#ensure().postMessage({ ...request, jobId } satisfies AnalysisRequest);
    });
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(workerEntry());
    worker.unref(); // an idle analysis worker never keeps the studio (or a CLI command) running
    worker.on('message', (message: WorkerMessage) => {
      const job = this.#jobs.get(message.jobId);
      if (!job) return;
      if (message.type === 'progress') return job.progress(message.progress);
      this.#jobs.delete(message.jobId);
      if (message.type === 'done') job.resolve(message.result);
      else job.reject(new Error(`Could not analyse the dataset version: ${message.message}`));
    });
    const fail = (why: string) => {
      if (this.#worker === worker) this.#worker = null;
      for (const job of this.#jobs.values()) job.reject(new Error(`The dataset analysis stopped: ${why}`));
      this.#jobs.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.#worker = worker;
    return worker;
  }
}
