/**
 * Starts the HTTP server for one served model: the scoring pool first (so the first request does not
 * wait for workers to load), then node:http on 127.0.0.1 unless told otherwise, with timeouts against
 * slow clients and a JSON 400 for requests Node's parser itself rejects.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { createBuiltinRegistry } from '../../../nodes/index.ts';
import { allowedHostValues, bearerChecker } from './access-control.ts';
import { answerClientError } from './client-error.ts';
import { createServeHandler } from './http-handler.ts';
import type { ServedModel } from './score-request.ts';
import { createScoringPool } from './scoring-pool.ts';

export const SERVE_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  maxRows: 10_000,
  maxBodyBytes: 8 * 1024 * 1024,
  scoreTimeoutMs: 30_000,
  scoringWorkers: 2,
} as const;

export interface ServingOptions {
  token: string;
  port?: number;
  host?: string;
  /** Extra accepted Host header values (e.g. the name of a reverse proxy). */
  allowHosts?: string[];
  maxRows?: number;
  maxBodyBytes?: number;
  scoreTimeoutMs?: number;
  scoringWorkers?: number;
  /** Entry modules of the node packages in use, whose model scorers the scoring workers install. */
  nodeModules?: string[];
}

export interface ServingHandle {
  port: number;
  close(): Promise<void>;
}

export async function startServing(served: ServedModel, o: ServingOptions): Promise<ServingHandle> {
  const maxRows = o.maxRows ?? SERVE_DEFAULTS.maxRows;
  const maxBodyBytes = o.maxBodyBytes ?? SERVE_DEFAULTS.maxBodyBytes;
  const scoreTimeoutMs = o.scoreTimeoutMs ?? SERVE_DEFAULTS.scoreTimeoutMs;
  const host = o.host ?? SERVE_DEFAULTS.host;
  // Installs the model scorers in this thread too (/health says whether the model accepts missing values).
  createBuiltinRegistry();
  const pool = createScoringPool({ served, size: o.scoringWorkers ?? SERVE_DEFAULTS.scoringWorkers, maxRows, timeoutMs: scoreTimeoutMs, maxQueue: 16, nodeModules: o.nodeModules });
  try {
    await pool.ready;
  } catch (e) {
    await pool.close();
    throw e;
  }
  let allowed: ReadonlySet<string> = new Set();
  const handler = createServeHandler({
    served,
    allowedHosts: () => allowed,
    isAuthorized: bearerChecker(o.token),
    maxBodyBytes,
    maxRows,
    scoreTimeoutMs,
    score: (body, signal) => pool.score(body, signal),
  });
  // requestTimeout bounds receiving a request (slow uploads); scoring has its own limit in the pool.
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, handler);
  server.on('clientError', (err, socket) => answerClientError(err, socket as Socket, ' Use GET /health or POST /score.'));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? SERVE_DEFAULTS.port, host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await pool.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? SERVE_DEFAULTS.port);
  allowed = allowedHostValues(port, host, o.allowHosts);
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.close();
    },
  };
}
