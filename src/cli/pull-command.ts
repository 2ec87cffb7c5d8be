/**
 * `crispflow pull <connection.json> [--workspace <dir>]`: pulls a connection into a new snapshot of the
 * workspace (for cron), and records the pull in the workspace's audit log. Progress on stderr, the snapshot's
 * dataset names on stdout. Exit 0 pulled, 1 the pull failed (nothing saved), 2 the connection file is unusable.
 */
import path from 'node:path';
import { loadConnectionFile } from '../connectors/connection-file.ts';
import { pullSnapshot } from '../connectors/pull.ts';
import { ConnectorError } from '../connectors/types.ts';
import { AUDIT_FILE, appendAuditEntries } from './audit-command.ts';
import { auditKeyPath, keyCreatedMessage, loadAuditKey } from './audit-key.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export interface PullCommandOptions {
  file: string;
  workspace?: string;
  auditKeyFile?: string;
  /** For tests: faster retries. */
  retry?: Parameters<typeof pullSnapshot>[2]['retry'];
}

/** --workspace, else $CRISPFLOW_WORKSPACE, else ./crispflow-workspace (the studio's default too). */
export function workspaceOf(option?: string): string {
  return path.resolve(option ?? process.env.CRISPFLOW_WORKSPACE ?? 'crispflow-workspace');
}

/** Reads a connection file; a file that is not a valid connection is reported and gives the usage exit code. */
export async function loadConnectionOrReport(file: string): Promise<Awaited<ReturnType<typeof loadConnectionFile>> | ExitCode> {
  try {
    return await loadConnectionFile(file);
  } catch (e) {
    if (e instanceof ConnectorError) {
      console.error(e.message);
      return EXIT.usage;
    }
    throw e;
  }
}

export async function pullCommand(o: PullCommandOptions): Promise<ExitCode> {
  const workspace = workspaceOf(o.workspace);
  const loaded = await loadConnectionOrReport(o.file);
  if (typeof loaded === 'number') return loaded;
  const { connection, connector } = loaded;
  const key = await loadAuditKey(auditKeyPath(o.auditKeyFile), { create: true, onCreate: (f) => console.error(keyCreatedMessage(f)) });
  const audit = (data: Record<string, string | number | null>) => appendAuditEntries(path.join(workspace, AUDIT_FILE), [{ kind: 'note', actor: 'cli', data: { event: 'pull', ...data } }], key!);
  let last = 0;
  try {
    const r = await pullSnapshot(connection, connector, {
      workspace,
      retry: o.retry,
      log: (line) => console.error(`pull ${connection.name}: ${line}`),
      progress: (p) => {
        const now = Date.now();
        if (now - last < 1000) return;
        last = now;
        console.error(`pull ${connection.name}: ${p.note ?? `${p.records} records`}`);
      },
    });
    for (const n of r.notes) console.error(`pull ${connection.name}: note: ${n}`);
    await audit({ connection: connection.name, connector: connector.kind, status: 'ok', snapshot: r.id, rows: r.meta.rows, fingerprint: r.meta.fingerprint, table: r.meta.table ?? null });
    console.log(
      `Pulled ${r.meta.rows.toLocaleString('en-US')} rows from "${connection.name}" into ${path.relative(process.cwd(), path.join(r.dir, 'data.csv')) || r.dir}\n` +
        `Use it in a pipeline as dataset "snapshot:${connection.name}/${r.id}" (this pull) or "snapshot:${connection.name}/latest" (run with --data ${workspace}).`,
    );
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    console.error(e.message);
    await audit({ connection: connection.name, connector: connector.kind, status: 'failed', reason: e.code }).catch((err: Error) => console.error(`The failed pull could not be recorded in the audit log: ${err.message}`));
    return e.code === 'settings' ? EXIT.usage : EXIT.nodeFailed;
  }
}
