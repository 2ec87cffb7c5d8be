/**
 * The request-side limits of POST /score: a JSON content type (415 otherwise, so a cross-site form or
 * `text/plain` fetch can never be scored) and a body size cap (413) enforced while reading, before the
 * body is held in memory as a whole.
 */
import type http from 'node:http';

/** `application/json`, optionally with `charset=utf-8`; null when acceptable, else why not. */
export function jsonContentTypeProblem(header: string | undefined): string | null {
  if (!header) return 'The request has no Content-Type. Send the rows as JSON with "Content-Type: application/json".';
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') {
    return `The body is ${JSON.stringify(type)}, not JSON; nothing was scored. Send the rows as JSON with "Content-Type: application/json".`;
  }
  for (const p of params) {
    const [name, value = ''] = p.split('=').map((s) => s.trim());
    if (name === 'charset' && value.replace(/^"|"$/g, '') !== 'utf-8') {
      return `The body's charset is ${JSON.stringify(value)}; only utf-8 is accepted. Send "Content-Type: application/json; charset=utf-8".`;
    }
  }
  return null;
}

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string };

export const tooLargeMessage = (maxBytes: number) =>
  `The request body is larger than ${maxBytes} bytes. Send fewer rows per request (or start the server with a larger --max-body-bytes).`;

/**
 * Past the limit the rest of an oversized body is still read, and dropped, up to this much more, so the
 * client is not cut off mid-upload (it would see a reset instead of the 413); beyond it the connection is
 * closed at once.
 */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the body into one fresh Uint8Array (its own ArrayBuffer, so it can be transferred to a worker).
 * Once the declared or received size passes maxBytes nothing more is kept, and the answer is a 413.
 */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge: BodyResult = { ok: false, status: 413, message: tooLargeMessage(maxBytes) };
  if (declared > maxBytes + DRAIN_LIMIT_BYTES) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > maxBytes;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      if (!r.ok) req.resume();
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        if (size > maxBytes + DRAIN_LIMIT_BYTES) finish(tooLarge);
        return;
      }
      if (!over) chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (over) return finish(tooLarge);
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      finish({ ok: true, bytes });
    });
    req.once('close', () => {
      if (!req.complete) finish({ ok: false, status: 400, message: 'The client closed the connection before the body was complete.' });
    });
    req.once('error', (e) => finish({ ok: false, status: 400, message: `The body could not be read: ${e.message}.` }));
  });
}
