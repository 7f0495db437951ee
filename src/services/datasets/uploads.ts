// Files a browser uploads to import (web mode): streamed to the data dir under a random id, never
// held in memory, refused past a size limit, and removed once imported or after a day.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';

export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const KEEP_MS = 24 * 60 * 60 * 1000;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

export interface Upload {
  uploadId: string;
  name: string;
  bytes: number;
}

export class UploadTooLargeError extends Error {
  readonly code = 'too-large';
  constructor(limit: number) {
    super(`The file is larger than the upload limit of ${formatBytes(limit)}; import it with the command line (code-studio import FILE --save) instead`);
  }
}

export class Uploads {
  readonly #names = new Map<string, string>();

  constructor(private readonly dir: string, private readonly maxBytes = MAX_UPLOAD_BYTES) {}

  /** Streams `body` to a new upload; a body past the limit is cut off, deleted and refused. */
  async receive(name: string, body: Readable, declaredBytes?: number): Promise<Upload> {
    if (declaredBytes !== undefined && declaredBytes > this.maxBytes) throw new UploadTooLargeError(this.maxBytes);
    await mkdir(this.dir, { recursive: true });
    await this.#prune();
    const uploadId = randomUUID();
    const path = join(this.dir, uploadId);
    let bytes = 0;
    const limit = this.maxBytes;
    try {
      await pipeline(body, async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > limit) throw new UploadTooLargeError(limit);
          yield chunk;
        }
      }, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const safeName = name.replace(/[\\/\0]/g, '_').slice(0, 200) || 'upload';
    this.#names.set(uploadId, safeName);
    return { uploadId, name: safeName, bytes };
  }

  /** The file of an upload, with the name it was sent under; throws for an unknown id. */
  async get(uploadId: string): Promise<{ path: string; name: string }> {
    if (!UPLOAD_ID.test(uploadId)) throw Object.assign(new Error('Not an upload id'), { code: 'invalid-arguments' });
    const path = join(this.dir, uploadId);
    try {
      await stat(path);
    } catch {
      throw Object.assign(new Error('That upload is gone (uploads are kept for a day); upload the file again'), { code: 'not-found' });
    }
    return { path, name: this.#names.get(uploadId) ?? 'upload' };
  }

  async remove(uploadId: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) return;
    this.#names.delete(uploadId);
    await rm(join(this.dir, uploadId), { force: true });
  }

  async #prune(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > KEEP_MS) await rm(path, { force: true });
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(0)} GB`;
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MB` : `${Math.round(bytes / 1024)} kB`;
}
