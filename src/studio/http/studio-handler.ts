/**
 * The studio's request handler. Every request is checked in this order, and the first failure is the answer:
 *   a well-formed target (400), this server's Host (403: DNS rebinding) and Origin (403: other sites), then
 *   /api/…  needs the session token as "Authorization: Bearer <token>" (401), then the API router
 *           (404 unknown path, 405 wrong method, the route's own answer);
 *   else    the built designer (GET/HEAD only), with the security headers on every answer.
 * Host, Origin and token checks are the ones `crispflow serve` uses (src/cli/serve/access-control.ts).
 * Nothing thrown inside can escape: an unexpected error is a 500 for that request and the server carries on.
 */
import type http from 'node:http';
import { hostProblem, originProblem } from '../../cli/serve/access-control.ts';
import { readBody } from '../../cli/serve/request-body.ts';
import { parseRequestTarget } from '../../cli/serve/request-target.ts';
import { ApiError, createRouter, type ApiReply, type ApiRequest, type RouteModule } from '../api/router.ts';
import type { StudioContext } from '../studio-context.ts';
import { resolveStatic, sendStaticFile } from './static-files.ts';
import { isNodePackagePath, sendNodePackageFile } from '../node-packages/node-package-files.ts';
import { NO_NODE_PACKAGES } from '../node-packages/served-packages.ts';
import { securityHeaders, STUDIO_BASE_HEADERS } from './security-headers.ts';

export interface StudioHandlerOptions {
  studio: StudioContext;
  routes: RouteModule[];
  /** Real path of the built designer (dist/). */
  appDir: string;
  allowedHosts: () => ReadonlySet<string>;
  isAuthorized: (authorizationHeader: string | undefined) => boolean;
}

/** API answers are data, never a page: nothing may run or be framed, and nothing is cached. */
const API_HEADERS = {
  ...STUDIO_BASE_HEADERS,
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

const APP_HEADERS = { ...STUDIO_BASE_HEADERS, ...securityHeaders({ dev: false }) };

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, headers: Record<string, string> = API_HEADERS): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.byteLength), ...extra });
  res.end(bytes);
}

/** `application/json` (optionally `; charset=utf-8`), or why not. */
function jsonTypeProblem(header: string | undefined): string | null {
  const [type, ...params] = (header ?? '').split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return `This route takes JSON: send the body with "Content-Type: application/json" (got ${JSON.stringify((header ?? 'none').slice(0, 80))}).`;
  const charset = params.find((p) => p.startsWith('charset='));
  if (charset && charset.slice(8).replace(/^"|"$/g, '') !== 'utf-8') return 'Only utf-8 JSON is accepted: send "Content-Type: application/json; charset=utf-8".';
  return null;
}

export function createStudioHandler(o: StudioHandlerOptions): http.RequestListener {
  const route = createRouter(o.routes, o.studio);

  async function api(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): Promise<void> {
    if (!o.isAuthorized(req.headers.authorization)) {
      const error = req.headers.authorization
        ? 'The session token is wrong. Open the studio with the address it printed at start (http://127.0.0.1:<port>/?token=…).'
        : 'The studio API needs the session token: open the studio with the address it printed at start (http://127.0.0.1:<port>/?token=…), or send "Authorization: Bearer <token>".';
      return sendJson(res, 401, { error }, { 'WWW-Authenticate': `Bearer realm="crispflow-studio"${req.headers.authorization ? ', error="invalid_token"' : ''}` });
    }
    const match = route(req.method ?? 'GET', path);
    if (match.kind === 'bad-segment') return sendJson(res, 400, { error: match.message });
    if (match.kind === 'not-found') return sendJson(res, 404, { error: `Nothing at ${path.slice(0, 200)}. The studio API is described in docs/studio-api.md.` });
    if (match.kind === 'method-not-allowed') {
      return sendJson(res, 405, { error: `${req.method} is not allowed on ${path.slice(0, 200)}; use ${match.allow.join(' or ')}.` }, { Allow: match.allow.join(', ') });
    }
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path,
      params: match.params,
      query: new URLSearchParams(query),
      headers: req.headers,
      raw: req,
      signal: gone.signal,
      async readJson(maxBytes = o.studio.limits.maxJsonBytes) {
        const typeProblem = jsonTypeProblem(req.headers['content-type']);
        if (typeProblem) throw new ApiError(415, typeProblem, { Connection: 'close' });
        const body = await readBody(req, maxBytes);
        if (!body.ok) {
          const message = body.status === 413 ? `The request body is larger than the studio's limit of ${maxBytes} bytes; nothing was changed.` : body.message;
          throw new ApiError(body.status, message, { Connection: 'close' });
        }
        try {
          return JSON.parse(Buffer.from(body.bytes).toString('utf8')) as unknown;
        } catch (e) {
          throw new ApiError(400, `The body is not valid JSON (${(e as Error).message}); nothing was changed.`);
        }
      },
    };
    let reply: ApiReply;
    try {
      reply = await match.route.handle(request);
    } catch (e) {
      if (e instanceof ApiError) {
        // A refused request whose body was not read to the end: close rather than drain an upload we do not want.
        const close: Record<string, string> = !req.complete && req.method !== 'GET' && req.method !== 'HEAD' ? { Connection: 'close' } : {};
        return sendJson(res, e.status, { error: e.message }, { ...close, ...e.headers });
      }
      throw e;
    }
    if (res.headersSent || res.destroyed) return;
    if ('stream' in reply) {
      res.writeHead(reply.status, { ...API_HEADERS, ...reply.headers });
      if (req.method === 'HEAD') {
        reply.stream.destroy();
        res.end();
        return;
      }
      reply.stream.on('error', () => res.destroy());
      res.once('close', () => reply.stream.destroy());
      reply.stream.pipe(res);
      return;
    }
    if ('json' in reply) return sendJson(res, reply.status, reply.json, reply.headers);
    res.writeHead(reply.status, { ...API_HEADERS, ...reply.headers });
    res.end();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return sendJson(res, 400, { error: target.message.replace('Use GET /health or POST /score.', 'Use the studio address it printed at start.') }, { Connection: 'close' });
    const allowed = o.allowedHosts();
    const badHost = hostProblem(req.headers.host, allowed) ?? originProblem(req.headers.origin, allowed);
    if (badHost) return sendJson(res, 403, { error: badHost });
    const q = (req.url ?? '').indexOf('?');
    const query = q < 0 ? '' : (req.url ?? '').slice(q + 1);
    if (target.path === '/api' || target.path.startsWith('/api/')) return api(req, res, target.path, query);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { error: `The designer's files are read-only: use GET. The API is under /api.` }, { Allow: 'GET, HEAD', Connection: 'close' }, APP_HEADERS);
    }
    // The accepted node packages' modules, for the designer's import() (no token: see node-package-files.ts).
    if (isNodePackagePath(target.path)) return sendNodePackageFile(req, res, o.studio.nodePackages ?? NO_NODE_PACKAGES, target.path, APP_HEADERS);
    const found = await resolveStatic(o.appDir, target.path);
    if (found.kind === 'bad-path') return sendJson(res, 400, { error: found.message }, {}, APP_HEADERS);
    if (found.kind === 'not-found') return sendJson(res, 404, { error: found.message }, {}, APP_HEADERS);
    sendStaticFile(req, res, found, APP_HEADERS);
  }

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `The studio failed on this request: ${e instanceof Error ? e.message : String(e)}. The studio keeps running; try again.` });
      else res.destroy();
    });
  };
}
