/**
 * Full garbage collections between steps, when the process was started with --expose-gc: the CLI's heavy
 * commands are (bin/memory-settings.mjs); elsewhere, the browser included, nothing happens. The column
 * buffers a finished step let go of (tables in shared memory are freed once every thread holding them has
 * collected) are otherwise freed only at V8's next major collection, which in a thread that allocates
 * little (the main thread, an idle worker) can be far away. Measured on the resume template (10,000
 * resumes): peak RSS 320 -> 230 MB at the same CPU time.
 *
 * A collection costs ~10-40 ms of a thread (more under load, and the thread waits for it), so callers say
 * how much memory became garbage: below COLLECT_FROM_BYTES it is remembered, and the collection waits until
 * that much has piled up (a step on a few thousand rows does not pay for one).
 */
const COLLECT_FROM_BYTES = 8 * 2 ** 20;

let scheduled = false;
let pendingBytes = 0;

const gcFunction = (): (() => void) | undefined => {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === 'function' ? gc : undefined;
};

/**
 * A full collection soon (once, however often asked before it runs), for about `releasedBytes` of garbage
 * (default: enough to collect at once).
 */
export function collectGarbageSoon(releasedBytes = Infinity): void {
  const gc = gcFunction();
  if (!gc) return;
  pendingBytes += releasedBytes;
  if (scheduled || pendingBytes < COLLECT_FROM_BYTES) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    pendingBytes = 0;
    gc();
  }, 0);
}

/** A full collection now (for a caller about to allocate a lot, with much garbage behind it). */
export function collectGarbageNow(): void {
  const gc = gcFunction();
  if (!gc) return;
  pendingBytes = 0;
  gc();
}
