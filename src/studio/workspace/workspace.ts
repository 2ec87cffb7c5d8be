/**
 * The studio's workspace folder, one per team or project (default ./crispflow-workspace):
 *
 *   crispflow-workspace.json    marks the folder as a workspace (format, created)
 *   datasets/                   uploaded and hand-copied CSV / XLSX files (dataset-source "upload" names)
 *   snapshots/                  dated, immutable pulls of HR-system connections (src/connectors)
 *   registry/                   the model registry, the SAME layout as `crispflow run --registry <dir>`
 *                               (registry.json, <model>/v<N>/…, its own audit.jsonl; src/cli/model-registry-folder.ts)
 *   runs/                       run records, <id>.json
 *   audit.jsonl (+ anchor)      the workspace's authenticated audit log: datasets saved or removed, runs recorded
 *
 * Every path is kept as its real path (symlinks resolved once, here), so the containment checks in
 * safe-path.ts compare like with like.
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createFileExclusive, removeStaleTempFiles } from '../../fs/atomic-write.ts';
import { AUDIT_FILE } from '../../cli/audit-command.ts';

export const WORKSPACE_MARKER = 'crispflow-workspace.json';
export const WORKSPACE_FORMAT = 'crispflow-workspace/1';
export const DEFAULT_WORKSPACE_DIR = 'crispflow-workspace';

export interface Workspace {
  /** Real path of the workspace folder. */
  root: string;
  /** The folder's name, shown in the designer ("Studio: <name>"). */
  name: string;
  datasets: string;
  snapshots: string;
  registry: string;
  runs: string;
  /** The workspace audit log (datasets and run records); the registry keeps its own in registry/. */
  auditLog: string;
}

/** A folder that cannot serve as a workspace: the message says which and what to do. */
export class WorkspaceError extends Error {}

/** Opens `dir` as a workspace, creating it and its folders when missing. */
export async function openWorkspace(dir: string): Promise<Workspace> {
  const wanted = path.resolve(dir);
  try {
    await mkdir(wanted, { recursive: true });
  } catch (e) {
    throw new WorkspaceError(`Cannot create the workspace folder ${wanted}: ${(e as Error).message}. Choose another with --workspace <dir>.`);
  }
  const s = await stat(wanted);
  if (!s.isDirectory()) throw new WorkspaceError(`${wanted} is not a folder. Choose a folder with --workspace <dir>.`);
  const root = await realpath(wanted);
  const sub = (name: string) => path.join(root, name);
  const ws: Workspace = {
    root,
    name: path.basename(root),
    datasets: sub('datasets'),
    snapshots: sub('snapshots'),
    registry: sub('registry'),
    runs: sub('runs'),
    auditLog: sub(AUDIT_FILE),
  };
  for (const folder of [ws.datasets, ws.snapshots, ws.registry, ws.runs]) {
    await mkdir(folder, { recursive: true });
    // A folder replaced by a symlink to elsewhere would take reads and writes out of the workspace.
    if ((await realpath(folder)) !== folder) {
      throw new WorkspaceError(`${folder} is a symbolic link; the workspace's folders must be real folders inside ${root}. Replace the link with a folder.`);
    }
  }
  // Uploads and records a crashed studio was writing (temp files of a process that is gone).
  for (const folder of [ws.datasets, ws.runs]) await removeStaleTempFiles(folder);
  await createFileExclusive(path.join(root, WORKSPACE_MARKER), JSON.stringify({ format: WORKSPACE_FORMAT, createdAt: new Date().toISOString() }, null, 2) + '\n');
  return ws;
}
