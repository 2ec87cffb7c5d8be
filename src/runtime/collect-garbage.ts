/**
 * Full garbage collections between steps, when gc() is exposed: the CLI's heavy commands expose it
 * (bin/memory-settings.mjs); elsewhere, the browser included, nothing happens. The column buffers a
 * finished step let go of (tables in shared memory are freed once every thread holding them has collected)
 * are otherwise freed only at V8's next major collection, which in a thread that allocates little (the main
 * thread, an idle worker) can be far away. Measured on the resume template (10,000 resumes): peak RSS
 * 300 -> 230 MB (with the old malloc settings).
 *
 * A collection costs ~10-50 ms of a thread (the thread waits for it; more under load), about in proportion
 * to what is live, so callers say how much memory became garbage and the collection waits until that
 * reaches half of what the previous collection left live (JavaScript heap and buffers), at least
 * MIN_COLLECT_BYTES: a run on small data, where each step drops little next to the live heap, pays for few
 * collections, while a run on big tables still frees each one promptly. Resume 1x (A/B pairs, loaded
 * machine): a fixed 8 MB made 13-15 collections; half the live memory 10, at the same CPU time as a whole
 * one (7) and a lower peak (296 vs 310 MB median, 282 vs 306 in an earlier series; without the old malloc
 * settings, see bin/memory-settings.mjs).
 */
const MIN_COLLECT_BYTES = 8 * 2 ** 20;
/** The garbage that makes a collection worth it, as a share of the memory the last one left live. */
const COLLECT_AT_SHARE_OF_LIVE = 0.5;

/** JavaScript heap and buffers in use by this thread; 0 where unknown (no Node process object). */
function liveBytes(): number {
  const usage = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number; external: number } } }).process?.memoryUsage?.();
  return usage ? usage.heapUsed + usage.external : 0;
}

/** What the last collection left live (measured at the first request before any collection). */
let liveAfterCollection: number | undefined;

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
  if (scheduled) return;
  liveAfterCollection ??= liveBytes();
  if (pendingBytes < Math.max(MIN_COLLECT_BYTES, COLLECT_AT_SHARE_OF_LIVE * liveAfterCollection)) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    collect(gc);
  }, 0);
}

/** A full collection now (for a caller about to allocate a lot, with much garbage behind it). */
export function collectGarbageNow(): void {
  const gc = gcFunction();
  if (!gc) return;
  collect(gc);
}

function collect(gc: () => void): void {
  pendingBytes = 0;
  gc();
  liveAfterCollection = liveBytes();
}
