/**
 * Who may talk to `crispflow serve`:
 * - a bearer token on every route but /health, compared in constant time (SHA-256 of both sides, then
 *   timingSafeEqual, so neither the content nor the length of the token leaks through timing);
 * - a Host header naming this server (127.0.0.1 / localhost / [::1] with its port, or an --allow-host
 *   value), which defeats DNS rebinding: a hostile page whose name resolves to 127.0.0.1 still sends its
 *   own name as Host;
 * - an Origin header, when a browser sends one, of this same server (no cross-site requests at all).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** 32 random bytes, URL-safe: fits in a header and a shell command without quoting. */
export const generateServeToken = (): string => randomBytes(32).toString('base64url');

export const MIN_TOKEN_LENGTH = 16;

/** Why a user-chosen token is unusable, or null. */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `The serve token must be at least ${MIN_TOKEN_LENGTH} characters long (leave --token and CRISPFLOW_SERVE_TOKEN unset to have one generated).`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'The serve token may only hold printable ASCII characters without spaces (it travels in an HTTP header).';
  return null;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A checker for `Authorization: Bearer <token>` that holds only the token's digest. */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    // Compare a digest even when the header is absent, so every refusal costs the same.
    return timingSafeEqual(digest(m ? m[1] : ''), expected) && m !== null;
  };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

const hostWithPort = (host: string, port: number) => `${isIP(host.replace(/^\[|\]$/g, '')) === 6 ? `[${host.replace(/^\[|\]$/g, '')}]` : host}:${port}`;

/**
 * The Host header values accepted: the loopback names with the port, the bound address when it is a
 * specific one, and each --allow-host value as given (e.g. `scoring.example` behind a TLS proxy) and with
 * the port when it has none.
 */
export function allowedHostValues(port: number, bindHost: string, extra: string[] = []): Set<string> {
  const out = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const bind = bindHost.replace(/^\[|\]$/g, '');
  if (bind !== '0.0.0.0' && bind !== '::' && bind !== '') out.add(hostWithPort(bind, port).toLowerCase());
  for (const e of extra) {
    const v = e.trim().toLowerCase();
    if (!v) continue;
    out.add(v);
    if (!/:\d+$/.test(v) || (isIP(v) === 6 && !v.startsWith('['))) out.add(hostWithPort(v, port));
  }
  return out;
}

export function hostProblem(host: string | undefined, allowed: ReadonlySet<string>): string | null {
  if (!host) return 'The request has no Host header. Send "Host: 127.0.0.1:<port>" (any HTTP/1.1 client does).';
  if (allowed.has(host.trim().toLowerCase())) return null;
  return `Host ${JSON.stringify(host.slice(0, 200))} is not this server's name, so the request is refused (protection against DNS rebinding). Use http://${[...allowed][0]}, or start the server with --allow-host ${host.slice(0, 200).replace(/[^A-Za-z0-9.:[\]-]/g, '')}.`;
}

/** A browser's Origin must be this server itself: http(s)://<an allowed Host value> (https when behind a TLS proxy). */
export function originProblem(origin: string | undefined, allowed: ReadonlySet<string>): string | null {
  if (origin === undefined) return null;
  const m = /^https?:\/\/([^/]+)$/i.exec(origin.trim());
  if (m && allowed.has(m[1].toLowerCase())) return null;
  return `Requests from the web page at ${JSON.stringify(origin.slice(0, 200))} are refused: only pages served by this server itself may call it.`;
}
