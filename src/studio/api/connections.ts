/**
 * HR-system connections in the studio (src/connectors). Connection files live in
 * <workspace>/connections/<name>.json (the same JSON `crispflow pull` reads), secret values only in the
 * workspace secrets file (0600) — the API takes them in and never gives them out: it answers "set" / "not set"
 * (or the env:NAME reference). Every message passes through the connection's redactor.
 *
 *   GET    /api/connectors                           → { connectors: [{ kind, title, summary, settings }], tables }
 *   GET    /api/connections                          → { connections: [ConnectionView] }
 *   GET    /api/connections/:name                    → { connection: ConnectionView }
 *   PUT    /api/connections/:name                    ← { connector, settings, mapping?, secrets?: { key: value | null } } → { connection }
 *   DELETE /api/connections/:name                    → 204 (its snapshots stay)
 *   POST   /api/connections/:name/test               → { ok, message, fields? }
 *   POST   /api/connections/:name/preview            ← { mapping?, limit? } → Preview (pull.ts)
 *   POST   /api/connections/:name/pull               → { snapshot, rows, dataset, notes, meta }
 *   GET    /api/connections/:name/snapshots          → { snapshots: [SnapshotMeta] }
 *   GET    /api/snapshots/:connection/:snapshot      → the snapshot's data.csv ("latest" or an id), streamed
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CANONICAL_TABLES } from '../../connectors/canonical.ts';
import { connectionJson, connectionNameProblem, loadConnectionFile, parseConnection, type Connection } from '../../connectors/connection-file.ts';
import { previewConnection, pullSnapshot, testConnection } from '../../connectors/pull.ts';
import { CONNECTORS, connectorOf } from '../../connectors/registry.ts';
import { readSecretStore, removeConnectionSecrets, updateSecret } from '../../connectors/secrets.ts';
import { listSnapshots, readSnapshotMeta, resolveSnapshotFile } from '../../connectors/snapshot-store.ts';
import { ConnectorError, type ConnectorDefinition } from '../../connectors/types.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import type { StudioContext } from '../studio-context.ts';
import { auditWorkspace } from '../workspace/workspace-audit.ts';
import { ApiError, json, type RouteModule } from './router.ts';

export interface ConnectionView {
  name: string;
  connector: string;
  settings: Connection['settings'];
  /** Per secret: "set", "not set" or the env:NAME reference it is read from. Never a value. */
  secrets: Record<string, string>;
  mapping?: Connection['mapping'];
  snapshots: string[];
}

const connectionsDir = (studio: StudioContext) => path.join(studio.workspace.root, 'connections');

function checkName(name: string): void {
  const bad = connectionNameProblem(name);
  if (bad) throw new ApiError(400, `The connection name "${name.slice(0, 64)}" is refused: ${bad}.`);
}

async function load(studio: StudioContext, name: string): Promise<{ connection: Connection; connector: ConnectorDefinition }> {
  checkName(name);
  const file = path.join(connectionsDir(studio), `${name}.json`);
  if (!(await stat(file).catch(() => undefined))?.isFile()) throw new ApiError(404, `The workspace has no connection "${name}". Add it in the Connections dialog.`);
  try {
    return await loadConnectionFile(file);
  } catch (e) {
    if (e instanceof ConnectorError) throw new ApiError(400, e.message);
    throw e;
  }
}

async function view(studio: StudioContext, c: Connection, connector: ConnectorDefinition): Promise<ConnectionView> {
  const store = await readSecretStore(studio.workspace.root).catch(() => ({}) as Record<string, Record<string, string>>);
  const secrets: Record<string, string> = {};
  for (const s of connector.settings.filter((x) => x.kind === 'secret')) {
    secrets[s.key] = c.secrets[s.key] ?? (store[c.name]?.[s.key] ? 'set' : 'not set');
  }
  return { name: c.name, connector: c.connector, settings: c.settings, secrets, ...(c.mapping && { mapping: c.mapping }), snapshots: await listSnapshots(studio.workspace.root, c.name) };
}

/** A connector problem as an API answer: 400 for settings/mapping, 401-like refusals and source failures as 502. */
function asApiError(e: unknown): never {
  if (e instanceof ConnectorError) throw new ApiError(e.code === 'settings' || e.code === 'mapping' ? 400 : 502, e.message);
  throw e;
}

export const connectionRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/connectors',
    handle: async () =>
      json(200, {
        connectors: CONNECTORS.map((c) => ({ kind: c.kind, title: c.title, summary: c.summary, settings: c.settings })),
        tables: CANONICAL_TABLES,
      }),
  },
  {
    method: 'GET',
    path: '/api/connections',
    async handle() {
      const dir = connectionsDir(studio);
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5));
      const out: ConnectionView[] = [];
      for (const n of names.sort()) {
        if (connectionNameProblem(n)) continue;
        try {
          const { connection, connector } = await load(studio, n);
          out.push(await view(studio, connection, connector));
        } catch {
          // A hand-edited file that does not parse is reported when opened.
        }
      }
      return json(200, { connections: out });
    },
  },
  {
    method: 'GET',
    path: '/api/connections/:name',
    async handle(req) {
      const { connection, connector } = await load(studio, req.params.name);
      return json(200, { connection: await view(studio, connection, connector) });
    },
  },
  {
    method: 'PUT',
    path: '/api/connections/:name',
    async handle(req) {
      const name = req.params.name;
      checkName(name);
      const body = (await req.readJson(256 * 1024)) as Record<string, unknown> | null;
      if (!body || typeof body !== 'object') throw new ApiError(400, 'Send the connection as a JSON object { connector, settings, mapping?, secrets? }.');
      const secretValues = body.secrets ?? {};
      if (typeof secretValues !== 'object' || Array.isArray(secretValues)) throw new ApiError(400, '"secrets" must be an object of secret key → value (or null to remove).');
      const connector = typeof body.connector === 'string' ? connectorOf(body.connector) : undefined;
      if (!connector) throw new ApiError(400, `"connector" must be one of ${CONNECTORS.map((c) => c.kind).join(', ')}.`);
      const secretKeys = new Set(connector.settings.filter((s) => s.kind === 'secret').map((s) => s.key));
      let parsed;
      try {
        // Secrets are never part of the stored connection: only the ones referencing the environment are.
        const refs = Object.fromEntries(Object.entries(secretValues as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(v)));
        parsed = parseConnection({ version: 1, name, connector: connector.kind, settings: body.settings ?? {}, secrets: refs, mapping: body.mapping }, `Connection "${name}"`);
      } catch (e) {
        asApiError(e);
      }
      for (const [k, v] of Object.entries(secretValues as Record<string, unknown>)) {
        if (!secretKeys.has(k)) throw new ApiError(400, `"${k.slice(0, 40)}" is not a secret of the ${connector.title} connector.`);
        if (v !== null && typeof v !== 'string') throw new ApiError(400, `Secret "${k}" must be text (or null to remove it).`);
        if (typeof v === 'string' && v.startsWith('env:')) continue;
        await updateSecret(studio.workspace.root, name, k, v ?? undefined);
      }
      const dir = connectionsDir(studio);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${name}.json`);
      const existed = Boolean(await stat(file).catch(() => undefined));
      await writeFileAtomic(file, connectionJson(parsed.connection));
      await auditWorkspace(studio, 'note', { event: existed ? 'connection-changed' : 'connection-added', connection: name, connector: connector.kind, table: parsed.connection.mapping?.table ?? null });
      return json(existed ? 200 : 201, { connection: await view(studio, parsed.connection, connector) });
    },
  },
  {
    method: 'DELETE',
    path: '/api/connections/:name',
    async handle(req) {
      const { connection } = await load(studio, req.params.name);
      await rm(path.join(connectionsDir(studio), `${connection.name}.json`));
      await removeConnectionSecrets(studio.workspace.root, connection.name);
      await auditWorkspace(studio, 'note', { event: 'connection-removed', connection: connection.name });
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/api/connections/:name/test',
    async handle(req) {
      const { connection, connector } = await load(studio, req.params.name);
      return json(200, await testConnection(connection, connector, { workspace: studio.workspace.root, signal: req.signal, retry: { maxAttempts: 2 } }));
    },
  },
  {
    method: 'POST',
    path: '/api/connections/:name/preview',
    async handle(req) {
      const { connection, connector } = await load(studio, req.params.name);
      const body = ((await req.readJson(256 * 1024).catch(() => ({}))) ?? {}) as { mapping?: unknown; limit?: unknown };
      let mapping;
      if (body.mapping) {
        try {
          mapping = parseConnection({ name: connection.name, connector: connection.connector, mapping: body.mapping }, 'The mapping').connection.mapping;
        } catch (e) {
          asApiError(e);
        }
      }
      const limit = typeof body.limit === 'number' && body.limit > 0 ? Math.min(1000, Math.floor(body.limit)) : 200;
      try {
        return json(200, await previewConnection(connection, connector, { workspace: studio.workspace.root, signal: req.signal, limit, mapping }));
      } catch (e) {
        asApiError(e);
      }
    },
  },
  {
    method: 'POST',
    path: '/api/connections/:name/pull',
    async handle(req) {
      const { connection, connector } = await load(studio, req.params.name);
      try {
        const r = await pullSnapshot(connection, connector, { workspace: studio.workspace.root, signal: req.signal });
        await auditWorkspace(studio, 'note', { event: 'pull', connection: connection.name, connector: connector.kind, status: 'ok', snapshot: r.id, rows: r.meta.rows, fingerprint: r.meta.fingerprint, table: r.meta.table ?? null });
        return json(201, { snapshot: r.id, rows: r.meta.rows, dataset: `snapshot:${connection.name}/${r.id}`, latest: `snapshot:${connection.name}/latest`, notes: r.notes, meta: r.meta });
      } catch (e) {
        if (e instanceof ConnectorError) await auditWorkspace(studio, 'note', { event: 'pull', connection: connection.name, connector: connector.kind, status: 'failed', reason: e.code });
        asApiError(e);
      }
    },
  },
  {
    method: 'GET',
    path: '/api/connections/:name/snapshots',
    async handle(req) {
      checkName(req.params.name);
      const ids = await listSnapshots(studio.workspace.root, req.params.name);
      const snapshots = [];
      for (const id of ids) snapshots.push(await readSnapshotMeta(studio.workspace.root, req.params.name, id));
      return json(200, { snapshots });
    },
  },
  {
    method: 'GET',
    path: '/api/snapshots/:connection/:snapshot',
    async handle(req) {
      checkName(req.params.connection);
      const name = `snapshot:${req.params.connection}/${req.params.snapshot}`;
      const file = await resolveSnapshotFile(studio.workspace.root, name);
      if (!file) throw new ApiError(404, `No snapshot "${req.params.snapshot.slice(0, 40)}" of connection "${req.params.connection}". Pull the connection first.`);
      const s = await stat(file);
      const meta = JSON.parse(await readFile(path.join(path.dirname(file), 'meta.json'), 'utf8')) as { snapshot: string; fingerprint: string };
      return {
        status: 200,
        stream: createReadStream(file),
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-length': String(s.size), 'x-crispflow-snapshot': meta.snapshot, 'x-crispflow-fingerprint': meta.fingerprint },
      };
    },
  },
];
