/**
 * The order in which the studio's workspace files are copied into the browser: at most `lanes` copies at
 * a time (each one a worker fetching and parsing a file; more than the spare cores would only take time
 * from the page's own thread), one job per key (asking again for a file being copied, or waiting, joins
 * that copy), and a file something is waiting for (a run, a schema lookup) goes before the rest.
 */
export interface CopyQueue<T> {
  /** Runs `job` on a free lane (0 … lanes-1), or joins the job already there for `key`. */
  run(key: string, job: (lane: number) => Promise<T>, o?: { urgent?: boolean }): Promise<T>;
}

interface Waiting<T> {
  key: string;
  job: (lane: number) => Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function createCopyQueue<T>(lanes: number): CopyQueue<T> {
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`A copy queue needs at least one lane (got ${lanes}).`);
  const pending = new Map<string, Promise<T>>();
  const queue: Array<Waiting<T>> = [];
  const free = Array.from({ length: lanes }, (_, i) => lanes - 1 - i);

  const pump = () => {
    while (free.length > 0 && queue.length > 0) {
      const lane = free.pop()!;
      const w = queue.shift()!;
      let started: Promise<T>;
      try {
        started = w.job(lane);
      } catch (e) {
        started = Promise.reject(e);
      }
      started
        .then(w.resolve, w.reject)
        .finally(() => {
          pending.delete(w.key);
          free.push(lane);
          pump();
        });
    }
  };

  return {
    run(key, job, o = {}) {
      const known = pending.get(key);
      if (known) {
        if (o.urgent) {
          const at = queue.findIndex((w) => w.key === key);
          if (at > 0) queue.unshift(...queue.splice(at, 1));
        }
        return known;
      }
      const p = new Promise<T>((resolve, reject) => {
        const w: Waiting<T> = { key, job, resolve, reject };
        if (o.urgent) queue.unshift(w);
        else queue.push(w);
      });
      pending.set(key, p);
      pump();
      return p;
    },
  };
}
