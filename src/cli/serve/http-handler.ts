/**
 * The HTTP side of `crispflow serve`. Every request is checked in this order, and the first failure is
 * the answer: a well-formed target (400), this server's Host (403) and Origin (403), then
 *   GET|HEAD /health                  → 200, no token (for load balancers and scripts)
 *   anything else needs the bearer token (401 with WWW-Authenticate: Bearer), then
 *   /score: POST (405), JSON content type (415), body size (413), then the scoring pool, whose answer
 *   (200, 400, 413 for too many rows, 503 on a time-out) is passed on as is;
 *   other paths → 404.
 * Nothing here can throw past the handler: an unexpected error is a 500, and the server carries on.
 */
import type http from 'node:http';
import { modelAcceptsMissing } from '../../ml/models/scorers.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { hostProblem, originProblem } from './access-control.ts';
import { jsonContentTypeProblem, readBody } from './request-body.ts';
import { parseRequestTarget } from './request-target.ts';
import { modelInfo, type ServedModel } from './score-request.ts';
import type { ScoreOutcome } from './scoring-pool.ts';

export interface HandlerOptions {
  served: ServedModel;
  /** Accepted Host header values (see allowedHostValues); read at each request, as the port is known only after listen. */
  allowedHosts: () => ReadonlySet<string>;
  isAuthorized: (authorizationHeader: string | undefined) => boolean;
  maxBodyBytes: number;
  maxRows: number;
  scoreTimeoutMs: number;
  score(body: Uint8Array, signal: AbortSignal): Promise<ScoreOutcome>;
}

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function sendJsonBytes(res: http.ServerResponse, status: number, json: Uint8Array, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': json.byteLength, ...extra });
  res.end(json);
}

const send = (res: http.ServerResponse, status: number, body: unknown, extra?: Record<string, string>) =>
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body)), extra);

export function createServeHandler(o: HandlerOptions): http.RequestListener {
  const { model } = o.served;
  const spec = model.featurizer as FeaturizerSpec;
  const features = spec.columns.map((c) => (c.kind === 'one-hot' ? { name: c.name, type: 'category', categories: c.categories } : { name: c.name, type: c.type }));
  const health = {
    status: 'ok',
    model: modelInfo(model),
    features,
    missingValuesAllowed: modelAcceptsMissing(model),
    // raw: rows are raw data, prepared by the model's scoring pipeline (rawColumns: the columns it reads); prepared: rows are the model's input.
    input: o.served.scoring ? 'raw' : 'prepared',
    ...(o.served.scoring
      ? {
          preparedBy: o.served.scoring.steps.map((s) => s.label ?? s.nodeId),
          rawColumns: (o.served.scoring.rawColumns ?? [])
            .filter((c) => o.served.scoring!.requiredColumns.includes(c.name))
            .map((c) => ({ name: c.name, type: c.type, ...(c.levels ? { levels: c.levels } : {}) })),
        }
      : {}),
    trainingRangesKnown: Boolean(o.served.ranges) || Boolean(o.served.scoring?.rawColumns?.some((c) => c.min !== undefined)),
    limits: { maxRows: o.maxRows, maxBodyBytes: o.maxBodyBytes, scoreTimeoutSeconds: o.scoreTimeoutMs / 1000 },
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return send(res, 400, { error: target.message }, { connection: 'close' });
    const allowed = o.allowedHosts();
    const badHost = hostProblem(req.headers.host, allowed) ?? originProblem(req.headers.origin, allowed);
    if (badHost) return send(res, 403, { error: badHost });

    if (target.path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Use GET /health.' }, { allow: 'GET, HEAD' });
      return send(res, 200, health);
    }
    if (!o.isAuthorized(req.headers.authorization)) {
      const error = req.headers.authorization
        ? 'The access token is wrong. Send the token printed when the server started (or the one given with --token / CRISPFLOW_SERVE_TOKEN) as "Authorization: Bearer <token>".'
        : 'An access token is needed: send "Authorization: Bearer <token>" with the token printed when the server started (or the one given with --token / CRISPFLOW_SERVE_TOKEN).';
      return send(res, 401, { error }, { 'www-authenticate': `Bearer realm="crispflow"${req.headers.authorization ? ', error="invalid_token"' : ''}` });
    }
    if (target.path !== '/score') return send(res, 404, { error: `Nothing at ${target.path.slice(0, 200)}. Use POST /score or GET /health.` });
    if (req.method !== 'POST') return send(res, 405, { error: 'Use POST /score with a JSON body { "rows": [ … ] }.' }, { allow: 'POST' });
    const typeProblem = jsonContentTypeProblem(req.headers['content-type']);
    // The body is not read: close the connection after answering rather than drain it.
    if (typeProblem) return send(res, 415, { error: typeProblem }, { connection: 'close' });

    const body = await readBody(req, o.maxBodyBytes);
    if (!body.ok) return send(res, body.status, { error: body.message }, { connection: 'close' });
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const outcome = await o.score(body.bytes, gone.signal);
    sendJsonBytes(res, outcome.status, outcome.json, outcome.status === 503 ? { 'retry-after': '5' } : {});
  }

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `The server failed on this request: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  };
}
