/**
 * Crash-safe file writes for everything the CLI and the server write (Node only: src/core, src/ml,
 * src/governance and nodes/* must not import this).
 *
 * writeFileAtomic writes to a temp file in the target's folder, fsyncs it, renames it over the target
 * (atomic on one file system) and fsyncs the folder, so a kill at any moment leaves either the old file
 * or the new one, never an empty or half-written one. A kill before the rename leaves a temp file named
 * `.<name>.<pid>.<random>.tmp`; removeStaleTempFiles deletes those once the process that wrote them is gone.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of a newly created file (e.g. 0o600 for a secret); the default follows the umask. */
  mode?: number;
}

/** `.<name>.<pid>.<12 hex>.tmp`: hidden, names the writer, unique even for two writes in one millisecond. */
const TEMP_PATTERN = /^\.(.+)\.(\d+)\.([0-9a-f]{12})\.tmp$/;
/** The temp names written before this helper existed (`<name>.<pid>.tmp`, `<name>.<pid>.<ms>.tmp`). */
const LEGACY_TEMP_PATTERN = /^(.+)\.(\d+)(?:\.\d{13})?\.tmp$/;

export function tempFileFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** fsync a folder so a rename in it survives a power cut; some platforms (Windows) cannot open a folder, which is fine there. */
async function syncFolder(dir: string): Promise<void> {
  let h;
  try {
    h = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await h.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR' && code !== 'EBADF') throw e;
  } finally {
    await h.close();
  }
}

/**
 * Replaces `file` with `data` atomically: temp file in the same folder, write, fsync, rename, fsync folder.
 * On any failure the temp file is removed and the error rethrown; the old `file` is left as it was.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempFileFor(file);
  let renamed = false;
  try {
    const h = await open(tmp, 'wx', o.mode ?? 0o666);
    try {
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(tmp, file);
    renamed = true;
    await syncFolder(path.dirname(file));
  } finally {
    if (!renamed) await rm(tmp, { force: true });
  }
}

/**
 * Creates `file` with `data` only if it does not exist yet, atomically: the complete temp file is linked
 * to the name (link fails when the name exists), so nobody ever sees it half written and two creators
 * cannot overwrite each other. Returns false when the file already existed (it is left as it is).
 */
export async function createFileExclusive(file: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<boolean> {
  const tmp = tempFileFor(file);
  try {
    const h = await open(tmp, 'wx', o.mode ?? 0o666);
    try {
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
    try {
      await link(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    await syncFolder(path.dirname(file));
    return true;
  } finally {
    await rm(tmp, { force: true });
  }
}

const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** When this process started (ms since epoch): a temp file of our pid older than that was left by an earlier process. */
const processStartMs = Date.now() - process.uptime() * 1000;

export interface StaleTempOptions {
  /** A temp file older than this is stale even if its pid is alive (the pid may have been reused). Default one day. */
  maxAgeMs?: number;
  now?: number;
}

/**
 * Deletes temp files left in `dir` by interrupted atomic writes: ours whose writing process is gone (or
 * that are older than that process, or than maxAgeMs), and the older `<name>.<pid>[.<ms>].tmp` names of a
 * process that is gone. Returns the names removed. A missing folder has nothing to clean.
 */
export async function removeStaleTempFiles(dir: string, o: StaleTempOptions = {}): Promise<string[]> {
  const maxAgeMs = o.maxAgeMs ?? 24 * 3600_000;
  const now = o.now ?? Date.now();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const removed: string[] = [];
  for (const name of names) {
    const ours = TEMP_PATTERN.exec(name);
    const legacy = ours ? null : LEGACY_TEMP_PATTERN.exec(name);
    if (!ours && !legacy) continue;
    const pid = Number((ours ?? legacy)![2]);
    const full = path.join(dir, name);
    let mtimeMs: number;
    try {
      const s = await stat(full);
      if (!s.isFile()) continue;
      mtimeMs = s.mtimeMs;
    } catch {
      continue; // removed meanwhile
    }
    const gone = !processAlive(pid);
    const stale = ours
      ? gone || now - mtimeMs > maxAgeMs || (pid === process.pid && mtimeMs < processStartMs - 1000)
      : gone && pid !== process.pid;
    if (!stale) continue;
    await rm(full, { force: true });
    removed.push(name);
  }
  return removed;
}
