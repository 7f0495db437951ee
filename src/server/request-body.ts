// Reads an API request's JSON body with a size cap. Too large is refused from Content-Length
// before anything is read, or as soon as the count passes the cap; the caller answers 413 and
// closes the connection. A client that goes away mid-body rejects instead of leaving a dangling read.
import type { IncomingMessage } from 'node:http';

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = (await readBody(request, maxBytes)).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestError(400, 'invalid-arguments', 'The request body is not valid JSON');
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new RequestError(413, 'body-too-large', `Request body too large (at most ${maxBytes} bytes)`);
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(() => reject(tooLarge()));
      else chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => settle(() => resolve(Buffer.concat(chunks))));
    const aborted = () => settle(() => reject(new RequestError(400, 'aborted', 'The request was aborted before its body ended')));
    request.once('error', aborted);
    request.once('close', aborted);
  });
}
