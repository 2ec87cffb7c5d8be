/** A tiny benchmark harness: each bench/*.bench.ts default-exports a function that records results. */
export interface BenchResult {
  name: string;
  /** Median wall time of the measured runs, in ms. */
  ms: number;
  /** The target from the issue, in ms (≤). */
  targetMs?: number;
  notes?: string;
  extra?: Record<string, number | string>;
}

export type Bench = (record: (r: BenchResult) => void) => Promise<void>;

/** Median time of `runs` calls after `warmup` calls. */
export async function timeIt(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
