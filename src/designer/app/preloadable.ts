/**
 * A code-split module that can be fetched ahead of need (when the browser is idle) and then read
 * synchronously with React's use(): once the promise carries status 'fulfilled', use() returns the
 * module without suspending, so the first render that needs it shows no fallback and does no
 * import work (React.lazy always suspends once, even for a loaded module).
 */
type Tracked<T> = Promise<T> & { status?: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown };

export interface Preloadable<T> {
  /** Starts the import (once) and returns its promise, for use(). */
  load(): Promise<T>;
  /** Starts the import when the main thread is idle, unless it has started already. */
  preloadWhenIdle(): void;
}

export function preloadable<T>(importer: () => Promise<T>): Preloadable<T> {
  let promise: Tracked<T> | undefined;
  let scheduled = false;
  const load = () => {
    if (!promise) {
      const p: Tracked<T> = importer();
      p.status = 'pending';
      p.then(
        (v) => {
          p.status = 'fulfilled';
          p.value = v;
        },
        (e: unknown) => {
          p.status = 'rejected';
          p.reason = e;
          // A later load() tries again (a prefetch that failed offline must not break the viewer for good).
          if (promise === p) promise = undefined;
        },
      );
      promise = p;
    }
    return promise;
  };
  return {
    load,
    preloadWhenIdle() {
      if (promise || scheduled) return;
      scheduled = true;
      const start = () => void load().catch(() => undefined); // the render that needs it loads again
      if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 3000 });
      else setTimeout(start, 200);
    },
  };
}
