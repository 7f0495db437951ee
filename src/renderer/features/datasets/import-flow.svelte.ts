// Importing a file, step by step: choose it (a file of this machine, a picked or dropped file — the
// web shell uploads it first), preview how it will be read and change the format or fields, then
// import with a progress bar and ETA. Nothing is saved before "Import".
import type { ImportArgs, ImportProgress, ImportSource, ImportableFile } from '../../../shared/api/dataset-types';
import type { ImportFormat } from '../../../shared/dataset/pair';
import type { DatasetPreview } from '../../../shared/dataset/preview';
import type { DatasetInfo } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';

export type ImportStage = 'choose' | 'uploading' | 'preview' | 'importing';

export class ImportFlow {
  open = $state(false);
  stage = $state<ImportStage>('choose');
  importable = $state.raw<ImportableFile[]>([]);
  source = $state.raw<ImportSource | null>(null);
  fileName = $state('');
  upload = $state.raw<{ sent: number; total: number } | null>(null);
  preview = $state.raw<DatasetPreview | null>(null);
  previewing = $state(false);
  format = $state<ImportFormat | null>(null);
  descriptionField = $state<string | null>(null);
  codeField = $state<string | null>(null);
  name = $state('');
  progress = $state.raw<ImportProgress | null>(null);
  /** What went wrong, in words, where it went wrong (the file, the upload, the import). */
  error = $state<string | null>(null);
  #jobId: string | null = null;

  constructor(
    private readonly client: StudioClient,
    private readonly onImported: (dataset: DatasetInfo) => void,
  ) {}

  /** Follows import progress events; returns the unsubscribe function. */
  listen(): () => void {
    return this.client.on('datasets:progress', (progress) => {
      if (progress.jobId === this.#jobId) this.progress = progress;
    });
  }

  async start(): Promise<void> {
    this.open = true;
    this.#reset();
    await this.loadImportable();
  }

  /** The files of this machine offered for import (shown in the dialog and on the empty view). */
  async loadImportable(): Promise<void> {
    try {
      this.importable = await this.client.invoke('datasets:importable', {});
    } catch {
      this.importable = [];
    }
  }

  close(): void {
    if (this.stage === 'importing' || this.stage === 'uploading') return;
    this.open = false;
  }

  back(): void {
    if (this.stage === 'preview') this.#reset();
  }

  async chooseImportable(file: ImportableFile): Promise<void> {
    this.open = true;
    this.fileName = file.name;
    this.name = file.name;
    await this.#previewSource({ kind: 'file', id: file.id });
  }

  /** A file the user picked or dropped: uploaded in web mode (with progress), named by path on the desktop. */
  async chooseFile(file: File): Promise<void> {
    this.open = true;
    this.fileName = file.name;
    this.name = file.name;
    this.error = null;
    this.stage = 'uploading';
    this.upload = { sent: 0, total: file.size };
    try {
      const source = await this.client.sourceForFile(file, (sent, total) => (this.upload = { sent, total }));
      await this.#previewSource(source);
    } catch (error) {
      this.stage = 'choose';
      this.error = aboutFile(file.name, errorMessage(error));
    } finally {
      this.upload = null;
    }
  }

  async setFormat(format: ImportFormat | null): Promise<void> {
    this.format = format;
    this.descriptionField = null;
    this.codeField = null;
    if (this.source) await this.#previewSource(this.source);
  }

  async setFields(description: string | null, code: string | null): Promise<void> {
    this.descriptionField = description;
    this.codeField = code;
    if (this.source) await this.#previewSource(this.source);
  }

  /** Imports the previewed file; resolves with the new dataset, or null when it failed (see `error`). */
  async run(): Promise<DatasetInfo | null> {
    if (!this.source || this.stage !== 'preview') return null;
    this.#jobId = crypto.randomUUID();
    this.stage = 'importing';
    this.progress = null;
    this.error = null;
    try {
      const dataset = await this.client.invoke('datasets:import', { ...this.#args(), jobId: this.#jobId, ...(this.name.trim() ? { name: this.name.trim() } : {}) });
      this.open = false;
      this.onImported(dataset);
      return dataset;
    } catch (error) {
      this.stage = 'preview';
      this.error = `Nothing was imported: ${errorMessage(error)}`;
      return null;
    }
  }

  #args(): Omit<ImportArgs, 'jobId'> {
    const fields = {
      ...(this.descriptionField ? { description: this.descriptionField } : {}),
      ...(this.codeField ? { code: this.codeField } : {}),
    };
    return { source: this.source!, ...(this.format ? { format: this.format } : {}), ...(Object.keys(fields).length ? { fields } : {}) };
  }

  async #previewSource(source: ImportSource): Promise<void> {
    this.source = source;
    this.previewing = true;
    this.error = null;
    try {
      this.preview = await this.client.invoke('datasets:preview', this.#args());
      this.stage = 'preview';
    } catch (error) {
      this.stage = 'choose';
      this.preview = null;
      this.error = aboutFile(this.fileName, errorMessage(error));
    } finally {
      this.previewing = false;
    }
  }

  #reset(): void {
    this.stage = 'choose';
    this.source = null;
    this.preview = null;
    this.format = null;
    this.descriptionField = null;
    this.codeField = null;
    this.progress = null;
    this.error = null;
    this.fileName = '';
    this.name = '';
  }
}

/** The message, naming the file first unless it already does. */
function aboutFile(name: string, message: string): string {
  return message.startsWith(name) ? message : `${name}: ${message}`;
}
