/**
 * One lock helper for the folders Crispflow keeps records in (the model registry, an output folder's
 * audit log): `<dir>/crispflow.lock`, created exclusively and holding the owner's pid. Registering a
 * model and appending to the audit log beside it take the same lock, so the two never interleave with
 * another process's. A lock whose process is gone (killed mid-write) is taken over.
 *
 * Re-entrant along one chain of calls (AsyncLocalStorage): code that holds a folder's lock may call code
 * that takes it again; two unrelated tasks of one process still wait for each other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'crispflow.lock';

/** The folder is locked by another live process for longer than the wait allowed. */
export class FolderLockedError extends Error {}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
/** A lock file with no pid yet: its writer was killed between creating and filling it, if it stays so this long. */
const EMPTY_LOCK_STALE_MS = 5_000;

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface FolderLockOptions {
  /** How long to wait for another process's lock (ms). Default 15 s. */
  waitMs?: number;
  /** What the folder is, for the message: "The model registry in <dir>". */
  what?: string;
}

/** Runs `fn` while holding `<dir>/crispflow.lock`. */
export async function withFolderLock<T>(dir: string, fn: () => Promise<T>, o: FolderLockOptions = {}): Promise<T> {
  const lock = path.resolve(dir, LOCK_FILE);
  const mine = held.getStore() ?? new Set<string>();
  if (mine.has(lock)) return fn();
  await acquire(lock, o.waitMs ?? 15_000, o.what ?? `The folder ${dir}`);
  try {
    return await held.run(new Set([...mine, lock]), fn);
  } finally {
    await rm(lock, { force: true });
  }
}

async function acquire(lock: string, waitMs: number, what: string): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const h = await open(lock, 'wx');
      try {
        await h.writeFile(String(process.pid));
      } finally {
        await h.close();
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const text = (await readFile(lock, 'utf8').catch(() => '')).trim();
      const holder = Number(text);
      const stale =
        Number.isInteger(holder) && holder > 0
          ? holder !== process.pid && !processAlive(holder)
          : Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now()) > EMPTY_LOCK_STALE_MS;
      if (stale) {
        // Re-read just before removing: another process may have taken the stale lock over meanwhile.
        if ((await readFile(lock, 'utf8').catch(() => '')).trim() === text) {
          await rm(lock, { force: true });
          continue;
        }
      }
      if (Date.now() > until) {
        throw new FolderLockedError(
          `${what} is locked by another crispflow run (${lock}, process ${holder || 'unknown'}). Wait for it to finish, or delete ${lock} if no run is using the folder.`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
