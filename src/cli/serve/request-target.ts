/**
 * Reads the path of an HTTP request target without ever throwing. `new URL()` throws on targets such as
 * `//[` (a protocol-relative URL with a broken host), which used to end the whole server; here anything
 * that is not a well-formed origin-form (`/path?query`, RFC 9112 §3.2.1) or absolute-form http URL is a
 * plain "bad request".
 */

/** pchar (RFC 3986): unreserved, sub-delims, ":" and "@", or a %XX escape; "/" separates segments. */
const ORIGIN_FORM = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

export type RequestTarget = { ok: true; path: string } | { ok: false; message: string };

const MAX_TARGET_LENGTH = 8192;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  if (target.length === 0 || target.length > MAX_TARGET_LENGTH) {
    return { ok: false, message: `The request target is empty or longer than ${MAX_TARGET_LENGTH} characters. Use GET /health or POST /score.` };
  }
  if (target.startsWith('/')) {
    if (!ORIGIN_FORM.test(target)) {
      return { ok: false, message: `The request target ${JSON.stringify(target.slice(0, 200))} is not a valid path. Use GET /health or POST /score.` };
    }
    const q = target.indexOf('?');
    return { ok: true, path: q < 0 ? target : target.slice(0, q) };
  }
  // Absolute-form (sent to proxies, but servers must accept it): only http URLs, and only their path counts.
  if (/^http:\/\//i.test(target) && URL.canParse(target)) {
    return { ok: true, path: new URL(target).pathname };
  }
  return { ok: false, message: `The request target ${JSON.stringify(target.slice(0, 200))} is not a path. Use GET /health or POST /score.` };
}
