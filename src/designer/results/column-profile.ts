/**
 * Column profiles for the table viewer: type, role, missing share, a histogram (numbers, dates) or
 * the top categories (categories, booleans, text).
 *
 * A profile is computed by a resumable job: `step(rows)` processes the next block of rows with plain
 * typed-array loops and returns true when done. The viewer runs it in small time slices between
 * frames (see `runProfileInSlices`), so a 1,000,000-row column never blocks the main thread. Numeric
 * columns need two passes (range first, then bins).
 */
import type { Column, ColumnRole, ColumnType } from '../../core/table/table.ts';

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

export interface CategoryCount {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role?: ColumnRole;
  n: number;
  missing: number;
  /** 0..100 */
  missingPct: number;
  /** Numbers and dates: range and mean of the present values. */
  min?: number;
  max?: number;
  mean?: number;
  histogram?: HistogramBin[];
  /** Categories, booleans and text: most frequent values, largest first. */
  top?: CategoryCount[];
  /** Number of distinct present values, when known (capped for text, see `distinctCapped`). */
  distinct?: number;
  distinctCapped?: boolean;
}

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORIES = 10;
/** Text columns stop counting new distinct values past this (memory stays bounded on free text). */
export const TEXT_DISTINCT_CAP = 50_000;

export interface ProfileJob {
  /** Process up to `rows` more rows; true when the profile is complete. */
  step(rows: number): boolean;
  result(): ColumnProfile;
}

function base(c: Column, n: number): ColumnProfile {
  const p: ColumnProfile = { name: c.name, type: c.type, n, missing: 0, missingPct: 0 };
  if (c.role) p.role = c.role;
  return p;
}

function finishMissing(p: ColumnProfile): void {
  p.missingPct = p.n === 0 ? 0 : (100 * p.missing) / p.n;
}

function topOf(counts: ArrayLike<number>, label: (k: number) => string, limit = TOP_CATEGORIES): CategoryCount[] {
  const order: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) order.push(k);
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  return order.slice(0, limit).map((k) => ({ value: label(k), count: counts[k] }));
}

/**
 * Equal-width bins over [min, max]; integer columns with a small range get one bin per value so
 * counts of e.g. ratings 1–5 are not split across fractional edges.
 */
export function binEdges(type: ColumnType, min: number, max: number): { lo: number; width: number; bins: number } {
  if (!(max > min)) return { lo: min, width: 1, bins: 1 };
  if (type === 'integer' && max - min + 1 <= HISTOGRAM_BINS) {
    return { lo: min - 0.5, width: 1, bins: max - min + 1 };
  }
  return { lo: min, width: (max - min) / HISTOGRAM_BINS, bins: HISTOGRAM_BINS };
}

function numericJob(c: Column & { values: Float64Array }, n: number): ProfileJob {
  const p = base(c, n);
  const v = c.values;
  let pass = 0;
  let i = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let missing = 0;
  let lo = 0;
  let width = 1;
  let counts = new Float64Array(1);
  let zeros = 0;
  return {
    step(rows) {
      const end = Math.min(n, i + rows);
      if (pass === 0) {
        for (; i < end; i++) {
          const x = v[i];
          if (x !== x) {
            missing++;
            continue;
          }
          if (x < min) min = x;
          if (x > max) max = x;
          if (x === 0) zeros++;
          sum += x;
        }
        if (i < n) return false;
        p.missing = missing;
        finishMissing(p);
        const present = n - missing;
        if (present === 0) return true;
        p.min = min;
        p.max = max;
        p.mean = sum / present;
        if (c.type === 'boolean') {
          p.top = topOf([zeros, present - zeros], (k) => (k === 1 ? 'true' : 'false'));
          p.distinct = (zeros > 0 ? 1 : 0) + (present - zeros > 0 ? 1 : 0);
          return true;
        }
        const e = binEdges(c.type, min, max);
        lo = e.lo;
        width = e.width;
        counts = new Float64Array(e.bins);
        pass = 1;
        i = 0;
        return false;
      }
      const last = counts.length - 1;
      const inv = 1 / width;
      for (; i < end; i++) {
        const x = v[i];
        if (x !== x) continue;
        let b = Math.floor((x - lo) * inv);
        if (b > last) b = last; // max lands in the last bin
        if (b < 0) b = 0;
        counts[b]++;
      }
      if (i < n) return false;
      p.histogram = Array.from(counts, (count, b) => ({ x0: lo + b * width, x1: lo + (b + 1) * width, count }));
      if (counts.length === 1) p.histogram[0] = { x0: min, x1: max, count: counts[0] };
      return true;
    },
    result: () => p,
  };
}

function categoryJob(c: Column & { codes: Int32Array; categories: string[] }, n: number): ProfileJob {
  const p = base(c, n);
  const counts = new Float64Array(c.categories.length);
  let missing = 0;
  let i = 0;
  return {
    step(rows) {
      const end = Math.min(n, i + rows);
      const codes = c.codes;
      for (; i < end; i++) {
        const k = codes[i];
        if (k < 0) missing++;
        else counts[k]++;
      }
      if (i < n) return false;
      p.missing = missing;
      finishMissing(p);
      p.top = topOf(counts, (k) => c.categories[k]);
      let distinct = 0;
      for (let k = 0; k < counts.length; k++) if (counts[k] > 0) distinct++;
      p.distinct = distinct;
      return true;
    },
    result: () => p,
  };
}

function textJob(c: Column & { values: Array<string | null> }, n: number): ProfileJob {
  const p = base(c, n);
  const counts = new Map<string, number>();
  let capped = false;
  let missing = 0;
  let i = 0;
  return {
    step(rows) {
      const end = Math.min(n, i + rows);
      const v = c.values;
      for (; i < end; i++) {
        const s = v[i];
        if (s == null) {
          missing++;
          continue;
        }
        const prev = counts.get(s);
        if (prev !== undefined) counts.set(s, prev + 1);
        else if (counts.size < TEXT_DISTINCT_CAP) counts.set(s, 1);
        else capped = true;
      }
      if (i < n) return false;
      p.missing = missing;
      finishMissing(p);
      const keys = [...counts.keys()];
      const vals = Float64Array.from(counts.values());
      p.top = topOf(vals, (k) => keys[k]);
      p.distinct = counts.size;
      if (capped) p.distinctCapped = true;
      return true;
    },
    result: () => p,
  };
}

export function createProfileJob(column: Column, nRows: number): ProfileJob {
  if (column.type === 'category') return categoryJob(column, nRows);
  if (column.type === 'text') return textJob(column, nRows);
  return numericJob(column, nRows);
}

/** The whole profile at once (small tables, tests). */
export function profileColumn(column: Column, nRows: number): ColumnProfile {
  const job = createProfileJob(column, nRows);
  while (!job.step(nRows + 1));
  return job.result();
}

export interface SliceOptions {
  /** Milliseconds of work per slice before yielding (well under the 50 ms long-task limit). */
  budgetMs?: number;
  /** Rows per step between clock checks. */
  rowsPerStep?: number;
  signal?: AbortSignal;
  /** How to wait for the next slice; defaults to requestIdleCallback when present, else a macrotask. */
  yieldFn?: () => Promise<void>;
}

function defaultYield(): Promise<void> {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
    .requestIdleCallback;
  if (ric) return new Promise((resolve) => ric(() => resolve(), { timeout: 50 }));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs a profile job in time slices so the main thread stays free; rejects with AbortError when
 * aborted. The first slice also waits for a yield: callers start profiles from effects, and a slice
 * run there would lengthen the task that mounts the viewer (a 1,000,000-row preview's first frame).
 */
export async function runProfileInSlices(column: Column, nRows: number, options: SliceOptions = {}): Promise<ColumnProfile> {
  const { budgetMs = 8, rowsPerStep = 25_000, signal, yieldFn = defaultYield } = options;
  const job = createProfileJob(column, nRows);
  for (;;) {
    await yieldFn();
    if (signal?.aborted) throw new DOMException('Profile cancelled', 'AbortError');
    const start = performance.now();
    let done = job.step(rowsPerStep); // at least one step per slice, so progress is guaranteed
    while (!done && performance.now() - start < budgetMs) done = job.step(rowsPerStep);
    if (done) return job.result();
  }
}
