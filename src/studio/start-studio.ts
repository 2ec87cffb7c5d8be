/**
 * Starts the studio: opens the workspace, then one node:http server on 127.0.0.1 (by default) that serves
 * the built designer and the /api routes on the same origin. The session token is generated here unless
 * given; the handle's `url` carries it (`http://127.0.0.1:4173/?token=…`), as Jupyter's does.
 */
import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditKeyForWriting } from '../cli/audit-command.ts';
import { allowedHostValues, bearerChecker, generateServeToken } from '../cli/serve/access-control.ts';
import { answerClientError } from '../cli/serve/client-error.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { ROUTE_MODULES } from './api/routes.ts';
import type { RouteModule } from './api/router.ts';
import { createStudioHandler } from './http/studio-handler.ts';
import { DEFAULT_LIMITS, type StudioContext, type StudioLimits } from './studio-context.ts';
import { openWorkspace, type Workspace } from './workspace/workspace.ts';
import { openWorkspaceNodePackages } from './node-packages/open-node-packages.ts';
import type { StudioNodePackages } from './node-packages/served-packages.ts';
import type { SchedulerHandle, SchedulerOptions } from './scheduler.ts';

/** The package root: this module sits two levels below it, in src/studio as in dist-cli/b-<hash>. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_APP_DIR = path.join(PACKAGE_ROOT, 'dist');

export const STUDIO_DEFAULTS = { port: 4173, host: '127.0.0.1' } as const;

export interface StudioOptions {
  workspaceDir: string;
  port?: number;
  host?: string;
  /** Extra accepted Host header values (a reverse proxy's name). */
  allowHosts?: string[];
  /** The session token; generated when absent. */
  token?: string;
  /** The built designer (default: <package>/dist). */
  appDir?: string;
  /** When the port is taken and it was not chosen explicitly, try up to this many following ports. */
  portAttempts?: number;
  limits?: Partial<StudioLimits>;
  /** The audit key file (default as for the CLI: $CRISPFLOW_AUDIT_KEY_FILE, else ~/.config/crispflow/audit.key). */
  auditKeyFile?: string;
  /** Run the scheduled pipelines of <workspace>/pipelines (src/studio/scheduler.ts); default true. */
  scheduler?: boolean;
  /** Route modules (default: all of ROUTE_MODULES). */
  routes?: RouteModule[];
  /** Node packages for the designer besides the workspace settings' (`--nodes`, relative to the working folder). */
  nodePackages?: string[];
}

export interface StudioHandle {
  port: number;
  host: string;
  token: string;
  /** The address to open, with the token: http://127.0.0.1:<port>/?token=… */
  url: string;
  workspace: Workspace;
  /** The node packages the designer loads (accepted) and those refused, with the reason. */
  nodePackages: StudioNodePackages;
  close(): Promise<void>;
}

export function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}

/** How long after listening the scheduler starts. */
const SCHEDULER_DELAY_MS = 1000;

/**
 * Starts the scheduler SCHEDULER_DELAY_MS after the server listens, unless stopped first; `stop` never
 * waits (a pending start is cancelled, a started scheduler stopped).
 */
function deferredScheduler(options: SchedulerOptions): { stop(): void } {
  let stopped = false;
  let handle: SchedulerHandle | undefined;
  const timer = setTimeout(() => {
    import('./scheduler.ts')
      .then((m) => {
        if (!stopped) handle = m.startScheduler(options);
      })
      .catch((e: unknown) => {
        console.error(`Scheduler: could not start (${e instanceof Error ? e.message : String(e)}); scheduled pipelines will not run until the studio restarts.`);
      });
  }, SCHEDULER_DELAY_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      handle?.stop();
    },
  };
}

export async function startStudio(o: StudioOptions): Promise<StudioHandle> {
  const workspace = await openWorkspace(o.workspaceDir);
  // Checked once, before serving: the designer imports the accepted ones (src/studio/node-packages/).
  const nodePackages = await openWorkspaceNodePackages(workspace.root, o.nodePackages);
  const appDir = await realpath(o.appDir ?? DEFAULT_APP_DIR).catch(() => path.resolve(o.appDir ?? DEFAULT_APP_DIR));
  const host = o.host ?? STUDIO_DEFAULTS.host;
  const token = o.token ?? generateServeToken();
  let key: Promise<AuditMacKey> | undefined;
  const studio: StudioContext = {
    workspace,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    version: packageVersion(),
    nodePackages,
    auditKey() {
      key ??= auditKeyForWriting(o.auditKeyFile);
      key.catch(() => (key = undefined));
      return key;
    },
  };
  let allowed: ReadonlySet<string> = new Set();
  const handler = createStudioHandler({
    studio,
    routes: o.routes ?? ROUTE_MODULES,
    appDir,
    allowedHosts: () => allowed,
    isAuthorized: bearerChecker(token),
  });
  // requestTimeout bounds a whole request (a large upload on a slow disk included); headers must come quickly.
  const server = http.createServer({ requestTimeout: 15 * 60_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, handler);
  server.on('clientError', (err, socket) => answerClientError(err, socket as Socket));
  const first = o.port ?? STUDIO_DEFAULTS.port;
  const attempts = o.port === undefined ? (o.portAttempts ?? 10) : 1;
  let lastError: Error | undefined;
  let bound = false;
  for (let i = 0; i < attempts && !bound; i++) {
    try {
      await listen(server, first === 0 ? 0 : first + i, host);
      bound = true;
    } catch (e) {
      lastError = e as Error;
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
    }
  }
  if (!bound) {
    const inUse = (lastError as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
    throw new Error(
      inUse
        ? `Port ${first}${attempts > 1 ? `–${first + attempts - 1}` : ''} is in use on ${host}. Stop the other server, or choose a free port with --port <n> (0 picks one).`
        : `Cannot listen on ${host}:${first}: ${lastError?.message}.`,
    );
  }
  // Runs the workspace's scheduled pipelines (and a missed run once, soon after start); stopped with the
  // server. Loaded a moment after the server listens, so that loading its cron parser and schemas does not
  // compete with the first page the browser asks for (a scheduled run can wait a second).
  const scheduler = o.scheduler === false ? undefined : deferredScheduler({ workspace, auditKey: () => studio.auditKey(), nodePackages: nodePackages.accepted.map((p) => p.dir) });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : first;
  allowed = allowedHostValues(port, host, o.allowHosts);
  // The address a browser on this machine can open: a wildcard or `localhost` bind answers on 127.0.0.1 too.
  const bare = host.replace(/^\[|\]$/g, '');
  const shownHost = host === '0.0.0.0' || bare === '::' || host === 'localhost' ? '127.0.0.1' : bare.includes(':') ? `[${bare}]` : bare;
  return {
    port,
    host,
    token,
    url: `http://${shownHost}:${port}/?token=${token}`,
    workspace,
    nodePackages,
    async close() {
      scheduler?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
