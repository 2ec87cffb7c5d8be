/**
 * Local stand-ins for the vendors' APIs, for tests, the benchmark and the browser test: a plain http server
 * on 127.0.0.1 that answers as the vendors' documentation describes (paths, auth, JSON shapes, Link
 * pagination, rate-limit headers) and can be told to misbehave: 500s, 429 with Retry-After, a stalled
 * answer, a malformed or cut-off body. Nothing here reaches the internet.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'stall'; ms: number }
  | { kind: 'stall-body'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'truncate' };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandIn {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Faults served to the next requests, in order (one each). */
  faults: Fault[];
  close(): Promise<void>;
}

export type Route = (req: SeenRequest, res: ServerResponse, base: string) => unknown;

export async function startStandIn(route: Route): Promise<StandIn> {
  const requests: SeenRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const fault = faults.shift();
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ message: 'stand-in fault' }));
        return;
      }
      if (fault?.kind === 'stall') {
        setTimeout(() => void Promise.resolve(route(seen, res, base)).catch((e) => fail(res, e)), fault.ms);
        return;
      }
      if (fault?.kind === 'stall-body' || fault?.kind === 'malformed' || fault?.kind === 'truncate') {
        const realWrite = res.write.bind(res);
        const realEnd = res.end.bind(res);
        let text = '';
        (res as unknown as { write: (c: string) => boolean }).write = (c: string) => ((text += c), true);
        (res as unknown as { end: (c?: string) => ServerResponse }).end = (c?: string) => {
          if (c) text += c;
          if (fault.kind === 'malformed') {
            // Breaks the second record: a value that is not JSON.
            const at = text.indexOf('},{') + 2;
            realEnd(`${text.slice(0, at)}{"id": tru},${text.slice(at)}`);
          } else if (fault.kind === 'truncate') {
            realWrite(text.slice(0, Math.floor(text.length / 2)));
            setTimeout(() => res.socket?.destroy(), 50);
          } else {
            realWrite(text.slice(0, Math.floor(text.length / 2)));
            setTimeout(() => realEnd(text.slice(Math.floor(text.length / 2))), fault.ms);
          }
          return res;
        };
      }
      void Promise.resolve(route(seen, res, base)).catch((e) => fail(res, e));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function fail(res: ServerResponse, e: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
  res.end(String(e));
}

export function sendJson(res: ServerResponse, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

/** The user name of a Basic Authorization header, if the password matches `password` (undefined: any). */
export function basicUser(req: SeenRequest, password?: string): string | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const [user, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
  if (password !== undefined && rest.join(':') !== password) return undefined;
  return user;
}

export function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="stand-in"' });
  res.end(JSON.stringify({ error: 'Invalid credentials' }));
}
