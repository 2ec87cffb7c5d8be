import { describe, expect, it } from 'vitest';
import type { Table } from '../core/table/table.ts';
import { estimateBytes } from '../core/table/value-bytes.ts';
import { createResultCache } from './result-cache.ts';

/** A step's outputs holding one table of `rows` float64 values (8 bytes a row). */
const outputs = (rows: number) => ({ table: { nRows: rows, columns: [{ name: 'x', type: 'number', values: new Float64Array(rows) }] } satisfies Table });

describe('the result cache within a memory budget', () => {
  it('counts the bytes of what it holds and drops the least recently used beyond the budget', () => {
    const a = outputs(5000); // 40,000 bytes of column
    const b = outputs(5000);
    const c = outputs(5000);
    const cache = createResultCache({ maxBytes: 100_000 });
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.bytes()).toBe(estimateBytes(a) + estimateBytes(b));
    expect(cache.bytes()).toBeGreaterThanOrEqual(80_000);
    expect(cache.get('a')).toBe(a); // a is now the most recently used
    cache.set('c', c); // 120,000 > 100,000: b, the least recently used, goes
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.bytes()).toBe(estimateBytes(a) + estimateBytes(c));
  });

  it('drops entries at once when the budget shrinks, oldest first', () => {
    const cache = createResultCache({ maxBytes: 1_000_000 });
    for (const k of ['a', 'b', 'c']) cache.set(k, outputs(10_000)); // 80,000 bytes each
    cache.get('a');
    cache.setBudget(170_000);
    expect(cache.keys()).toEqual(['c', 'a']);
    expect(cache.budget()).toBe(170_000);
    cache.setBudget(100_000);
    expect(cache.keys()).toEqual(['a']);
  });

  it('does not keep a result larger than the whole budget, nor more entries than allowed', () => {
    const cache = createResultCache({ maxBytes: 50_000, maxEntries: 2 });
    cache.set('huge', outputs(10_000));
    expect(cache.size()).toBe(0);
    expect(cache.bytes()).toBe(0);
    for (const k of ['a', 'b', 'c']) cache.set(k, outputs(10));
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('replaces an entry stored again under the same key without counting it twice', () => {
    const cache = createResultCache();
    cache.set('a', outputs(1000));
    const once = cache.bytes();
    cache.set('a', outputs(1000));
    expect(cache.bytes()).toBe(once);
    expect(cache.size()).toBe(1);
  });

  it('refuses a budget that is not a positive number of bytes', () => {
    expect(() => createResultCache({ maxBytes: 0 })).toThrow(/positive number of bytes/);
    expect(() => createResultCache().setBudget(Number.NaN)).toThrow(/positive number of bytes/);
  });
});
