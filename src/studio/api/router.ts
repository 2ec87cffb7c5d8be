/**
 * The studio's `/api` router: a route table of `METHOD /api/path/:param` patterns, matched segment by
 * segment. The server (src/studio/http/studio-handler.ts) has already checked the Host, the Origin and the
 * session token before a request gets here, so a route only does its own work.
 *
 * ADDING ROUTES: write `src/studio/api/<thing>.ts` exporting a RouteModule,
 *
 *   export const thingRoutes: RouteModule = (studio) => [
 *     { method: 'GET', path: '/api/things', handle: async () => json(200, await listThings(studio.workspace)) },
 *     { method: 'PUT', path: '/api/things/:name', handle: async (req) => { const body = await req.readJson(); … } },
 *   ];
 *
 * then import it in src/studio/api/routes.ts and add it to ROUTE_MODULES (one import, one line).
 * `:name` matches exactly one path segment, percent-decoded; a segment that does not decode is a 400
 * before the handler runs. Resolve names to files only with resolveInWorkspace (workspace/safe-path.ts).
 * Throw ApiError(status, message) for a refusal; anything else thrown becomes a 500 and the server carries on.
 */
import type http from 'node:http';
import type { Readable } from 'node:stream';
import type { StudioContext } from '../studio-context.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A refusal with an HTTP status and a sentence for the person using the designer or the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method: string;
  /** The request path as sent (still percent-encoded), without the query. */
  path: string;
  /** Path parameters by name, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The raw request, for routes that stream the body (read it at most once). */
  raw: http.IncomingMessage;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** The body as JSON (Content-Type application/json), at most `maxBytes` (default: the studio's JSON limit). */
  readJson(maxBytes?: number): Promise<unknown>;
}

/** What a handler answers: JSON, or a stream with its own headers (content-type, content-length). */
export type ApiReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; stream: Readable; headers: Record<string, string> }
  | { status: 204; headers?: Record<string, string> };

export interface ApiRoute {
  method: HttpMethod;
  /** `/api/…` with `:param` segments. */
  path: string;
  handle(req: ApiRequest): Promise<ApiReply>;
}

/** A group of routes sharing one resource; given the running studio (workspace, limits, audit key). */
export type RouteModule = (studio: StudioContext) => ApiRoute[];

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiReply => ({ status, json: body, headers });

interface CompiledRoute {
  route: ApiRoute;
  segments: Array<{ literal: string } | { param: string }>;
}

export type RouteMatch =
  | { kind: 'found'; route: ApiRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'bad-segment'; message: string }
  | { kind: 'not-found' };

function compile(route: ApiRoute): CompiledRoute {
  if (!route.path.startsWith('/api/') && route.path !== '/api') throw new Error(`Studio route "${route.path}" must start with /api/.`);
  const segments = route.path
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s }));
  return { route, segments };
}

/** Builds the matcher for a list of route modules; refuses two routes with the same method and pattern. */
export function createRouter(modules: RouteModule[], studio: StudioContext): (method: string, path: string) => RouteMatch {
  const routes = modules.flatMap((m) => m(studio)).map(compile);
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.route.method} ${r.segments.map((s) => ('param' in s ? ':' : s.literal)).join('/')}`;
    if (seen.has(key)) throw new Error(`Two studio routes answer ${r.route.method} ${r.route.path}.`);
    seen.add(key);
  }
  return (method, path) => {
    const parts = path.split('/').slice(1);
    const allow = new Set<string>();
    let best: { route: ApiRoute; params: Record<string, string>; literals: number } | undefined;
    for (const r of routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = Object.create(null) as Record<string, string>;
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const s = r.segments[i];
        if ('literal' in s) {
          ok = s.literal === parts[i];
          literals++;
        } else {
          if (parts[i] === '') ok = false;
          else {
            let decoded: string;
            try {
              decoded = decodeURIComponent(parts[i]);
            } catch {
              return { kind: 'bad-segment', message: `The path segment ${JSON.stringify(parts[i].slice(0, 100))} is not valid percent-encoding.` };
            }
            params[s.param] = decoded;
          }
        }
      }
      if (!ok) continue;
      const methodOk = r.route.method === method || (method === 'HEAD' && r.route.method === 'GET');
      if (!methodOk) {
        allow.add(r.route.method);
        continue;
      }
      // A literal segment beats a parameter (GET /api/models/verify before GET /api/models/:name).
      if (!best || literals > best.literals) best = { route: r.route, params, literals };
    }
    if (best) return { kind: 'found', route: best.route, params: best.params };
    if (allow.size) return { kind: 'method-not-allowed', allow: [...allow] };
    return { kind: 'not-found' };
  };
}
