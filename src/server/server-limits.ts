// The web shell's resource bounds: what one client may send or leave queued before the server
// refuses it. Defaults suit a studio on 127.0.0.1; tests pass smaller ones through the options.

export interface ServerLimits {
  /** Largest request body in bytes; a larger one is answered 413 and its connection closed. */
  maxBodyBytes: number;
  /** Largest WebSocket message a client may send: clients send nothing the studio reads. */
  maxMessageBytes: number;
  /** Bytes queued to one event socket before it is closed with 1013 as too slow to keep up. */
  maxBufferedBytes: number;
  /** Time a client has to send its request headers, in ms. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request (headers and body), in ms. */
  requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxBodyBytes: 1_000_000,
  maxMessageBytes: 64 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
});
