/**
 * Snapshots: every pull is a dated, immutable folder `<workspace>/snapshots/<connection>/<timestamp>/`
 * holding data.csv and meta.json (rows, columns, content fingerprint, the mapping used). A pull writes into
 * a hidden temp folder beside them (data.csv streamed and fsynced, meta.json with writeFileAtomic), makes the
 * files read-only and renames the folder into place at the very end: a failed, cancelled or killed pull never
 * shows up as a snapshot, and never touches the last good one. Temp folders of pulls that died are removed
 * by the next pull. A snapshot counts only when its meta.json is there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { quoteCsvField } from '../core/escape.ts';
import { parseSnapshotName } from '../core/dataset-refs.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { FieldMapping } from './mapping.ts';
import { ConnectorError } from './types.ts';

export const SNAPSHOTS_DIR = 'snapshots';
export const SNAPSHOT_DATA = 'data.csv';
export const SNAPSHOT_META = 'meta.json';
/** 2026-12-07T19-46-36-123Z: an ISO time with ":" and "." replaced, so it sorts and is a safe folder name. */
export const SNAPSHOT_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const TEMP_PREFIX = '.pull-';

export interface SnapshotMeta {
  format: 'crispflow-snapshot/1';
  connection: string;
  connector: string;
  snapshot: string;
  /** ISO time the pull finished. */
  createdAt: string;
  startedAt: string;
  rows: number;
  columns: string[];
  /** sha256 of data.csv. */
  fingerprint: string;
  bytes: number;
  /** The canonical table the mapping fills, when mapped. */
  table?: string;
  mapping?: FieldMapping;
  source: { records: number; pages: number; requests: number; retries: number };
  /** Values that did not fit the mapping (left empty) and records left out for a missing required value. */
  problems: { count: number; recordsLeftOut: number; first: Array<{ record: number; column: string; field: string; message: string }> };
}

export function snapshotIdOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export function snapshotsRoot(workspace: string, connection: string): string {
  return path.join(workspace, SNAPSHOTS_DIR, connection);
}

/** Snapshot ids of a connection, oldest first (complete snapshots only: those with a meta.json). */
export async function listSnapshots(workspace: string, connection: string): Promise<string[]> {
  const root = snapshotsRoot(workspace, connection);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const ids = names.filter((n) => SNAPSHOT_ID.test(n)).sort();
  const out: string[] = [];
  for (const id of ids) {
    const s = await stat(path.join(root, id, SNAPSHOT_META)).catch(() => undefined);
    if (s?.isFile()) out.push(id);
  }
  return out;
}

export async function readSnapshotMeta(workspace: string, connection: string, id: string): Promise<SnapshotMeta> {
  return JSON.parse(await readFile(path.join(snapshotsRoot(workspace, connection), id, SNAPSHOT_META), 'utf8')) as SnapshotMeta;
}

/**
 * The data file a `snapshot:<connection>/<latest|id>` dataset name points to inside `workspace`, or
 * undefined (no such snapshot, or not a snapshot name).
 */
export async function resolveSnapshotFile(workspace: string, name: string): Promise<string | undefined> {
  const ref = parseSnapshotName(name);
  if (!ref || 'problem' in ref) return undefined;
  let id = ref.snapshot;
  if (id === 'latest') {
    const all = await listSnapshots(workspace, ref.connection);
    if (all.length === 0) return undefined;
    id = all[all.length - 1];
  }
  const file = path.join(snapshotsRoot(workspace, ref.connection), id, SNAPSHOT_DATA);
  const meta = await stat(path.join(path.dirname(file), SNAPSHOT_META)).catch(() => undefined);
  const data = await stat(file).catch(() => undefined);
  return meta?.isFile() && data?.isFile() ? file : undefined;
}

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes temp folders of pulls whose process is gone (killed mid-pull). */
export async function removeStalePulls(workspace: string, connection: string): Promise<string[]> {
  const root = snapshotsRoot(workspace, connection);
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const n of names) {
    const m = /^\.pull-(\d+)-[0-9a-f]+$/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && processAlive(pid)) continue;
    if (pid === process.pid) continue; // one of ours may still be running
    await rm(path.join(root, n), { recursive: true, force: true });
    removed.push(n);
  }
  return removed;
}

/** Writes one snapshot: rows streamed to a temp folder, committed by a rename at the end. */
export class SnapshotWriter {
  private out!: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  rows = 0;
  private closed = false;
  private failed: Error | undefined;

  columns: string[] = [];

  private constructor(
    readonly workspace: string,
    readonly connection: string,
    /** The pull's private folder; callers may keep scratch files there (removed with it). */
    readonly tempDir: string,
  ) {}

  /** A temp folder for a new snapshot; `columns` now, or later with start() (when they are known only at the end). */
  static async begin(workspace: string, connection: string, columns?: string[]): Promise<SnapshotWriter> {
    const root = snapshotsRoot(workspace, connection);
    await mkdir(root, { recursive: true });
    await removeStalePulls(workspace, connection);
    const tempDir = path.join(root, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    await mkdir(tempDir);
    const w = new SnapshotWriter(workspace, connection, tempDir);
    if (columns) await w.start(columns);
    return w;
  }

  /** Opens data.csv and writes the header line. */
  async start(columns: string[]): Promise<void> {
    this.columns = columns;
    this.out = createWriteStream(path.join(this.tempDir, SNAPSHOT_DATA), { flags: 'wx', mode: 0o644 });
    this.out.on('error', (e) => (this.failed = e));
    await this.write(`${columns.map((c) => quoteCsvField(c)).join(',')}\n`);
  }

  private async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.hash.update(text);
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await new Promise<void>((resolve, reject) => {
      const onErr = (e: Error) => reject(e);
      this.out.once('error', onErr);
      this.out.once('drain', () => {
        this.out.off('error', onErr);
        resolve();
      });
    });
  }

  /** Rows of cell text (null = missing), in the writer's column order. */
  async writeRows(rows: ReadonlyArray<ReadonlyArray<string | null>>): Promise<void> {
    if (rows.length === 0) return;
    const parts: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      parts[i] = csvLine(r);
    }
    this.rows += rows.length;
    await this.write(`${parts.join('\n')}\n`);
  }

  /** CSV text already in the writer's column order (whole lines), and how many rows it holds. */
  async appendCsv(text: string, rows: number): Promise<void> {
    this.rows += rows;
    if (text) await this.write(text);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.out) throw new ConnectorError('The snapshot was committed before its columns were known.', 'snapshot');
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }

  /** fsync, meta.json, read-only files, rename into place; returns the snapshot id. */
  async commit(meta: Omit<SnapshotMeta, 'format' | 'snapshot' | 'fingerprint' | 'bytes' | 'rows' | 'columns' | 'createdAt'>): Promise<{ id: string; meta: SnapshotMeta; dir: string }> {
    await this.close();
    if (this.failed) throw this.failed;
    const dataFile = path.join(this.tempDir, SNAPSHOT_DATA);
    const h = await open(dataFile, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    const root = snapshotsRoot(this.workspace, this.connection);
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      const id = snapshotIdOf(now);
      const full: SnapshotMeta = {
        format: 'crispflow-snapshot/1',
        snapshot: id,
        createdAt: now.toISOString(),
        rows: this.rows,
        columns: this.columns,
        fingerprint: `sha256:${this.hash.copy().digest('hex')}`,
        bytes: this.bytes,
        ...meta,
      };
      await writeFileAtomic(path.join(this.tempDir, SNAPSHOT_META), `${JSON.stringify(full, null, 2)}\n`);
      await chmod(dataFile, 0o444);
      await chmod(path.join(this.tempDir, SNAPSHOT_META), 0o444);
      const dir = path.join(root, id);
      try {
        // rename(2) onto an existing non-empty folder fails: an earlier snapshot is never replaced.
        await rename(this.tempDir, dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && attempt < 5) {
          await chmod(path.join(this.tempDir, SNAPSHOT_META), 0o644);
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        throw new ConnectorError(`Could not put the snapshot in place (${(e as Error).message}); nothing was saved.`, 'snapshot');
      }
      await syncDir(root);
      return { id, meta: full, dir };
    }
  }

  /** Drops everything written (a failed or cancelled pull). */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.out?.destroy();
    }
    await rm(this.tempDir, { recursive: true, force: true });
  }
}

/** One CSV line (no line break); null is an empty cell. Values are kept as they are (no formula prefix):
 * snapshots are read by Crispflow, not opened in a spreadsheet. */
export function csvLine(r: ReadonlyArray<string | null>): string {
  let line = '';
  for (let j = 0; j < r.length; j++) {
    const v = r[j];
    line += (j ? ',' : '') + (v === null ? '' : quoteCsvField(v));
  }
  return line;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some platforms cannot open a folder; the rename itself is still atomic.
  }
}
