/**
 * The runner's cache of step results, keyed by each step's cache key and held within a memory budget:
 * each entry's size is estimated when it is stored (src/core/table/value-bytes.ts), and the least
 * recently used entries are dropped while the total is over the budget (or there are more entries
 * than `maxEntries`). An entry larger than the whole budget is not kept at all.
 */
import { estimateBytes } from '../core/table/value-bytes.ts';

export interface ResultCacheOptions {
  /** Bytes the cached results may hold (estimated); Infinity for no limit. */
  maxBytes?: number;
  maxEntries?: number;
}

export interface ResultCache {
  /** The entry for a key, which becomes the most recently used. */
  get(key: string): Record<string, unknown> | undefined;
  set(key: string, outputs: Record<string, unknown>): void;
  /** Makes an entry (if any) the most recently used. */
  touch(key: string): void;
  clear(): void;
  /** Number of entries. */
  size(): number;
  /** Estimated bytes the entries hold. */
  bytes(): number;
  budget(): number;
  /** A new budget; entries beyond it are dropped at once. */
  setBudget(maxBytes: number): void;
  /** Keys from least to most recently used (for tests and diagnostics). */
  keys(): string[];
}

export function createResultCache(options: ResultCacheOptions = {}): ResultCache {
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  const entries = new Map<string, { outputs: Record<string, unknown>; bytes: number }>();
  let maxBytes = checkedBudget(options.maxBytes ?? Infinity);
  const maxEntries = options.maxEntries ?? 500;
  let total = 0;

  const evict = () => {
    while (entries.size > 0 && (total > maxBytes || entries.size > maxEntries)) {
      const [key, entry] = entries.entries().next().value as [string, { bytes: number }];
      entries.delete(key);
      total -= entry.bytes;
    }
  };

  function touch(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    entries.set(key, entry);
  }

  return {
    get(key) {
      touch(key);
      return entries.get(key)?.outputs;
    },
    touch,
    set(key, outputs) {
      const old = entries.get(key);
      if (old) {
        entries.delete(key);
        total -= old.bytes;
      }
      const bytes = estimateBytes(outputs);
      entries.set(key, { outputs, bytes });
      total += bytes;
      evict();
    },
    clear() {
      entries.clear();
      total = 0;
    },
    size: () => entries.size,
    bytes: () => total,
    budget: () => maxBytes,
    setBudget(bytes) {
      maxBytes = checkedBudget(bytes);
      evict();
    },
    keys: () => [...entries.keys()],
  };
}

function checkedBudget(bytes: number): number {
  if (!(bytes > 0)) throw new RangeError(`The memory budget must be a positive number of bytes (got ${bytes}).`);
  return bytes;
}
