import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResultCache } from '../../runtime/result-cache.ts';
import {
  attachBudgetRunner,
  currentMemoryUse,
  DEFAULT_MEMORY_BUDGET_MB,
  formatMegabytes,
  loadMemoryBudgetMb,
  MEMORY_BUDGET_KEY,
  memoryBudgetProblem,
  saveMemoryBudgetMb,
} from './memory-budget.ts';

/** This browser's settings, in memory (the unit tests run in Node). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const MB = 2 ** 20;

describe('the designer memory budget', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: Storage }).localStorage = memoryStorage();
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
  });

  it('is 1 GB until one is saved, and reads back the saved value', () => {
    expect(loadMemoryBudgetMb()).toBe(DEFAULT_MEMORY_BUDGET_MB);
    localStorage.setItem(MEMORY_BUDGET_KEY, 'not a number');
    expect(loadMemoryBudgetMb()).toBe(1024);
    saveMemoryBudgetMb(512);
    expect(localStorage.getItem(MEMORY_BUDGET_KEY)).toBe('512');
    expect(loadMemoryBudgetMb()).toBe(512);
  });

  it('applies a saved budget to the attached runner at once, dropping results beyond it', () => {
    // The runner's cache holding two results of 40 MB each (5,242,880 float64 values).
    const cache = createResultCache({ maxBytes: 1024 * MB });
    const table = () => ({ t: { nRows: 5 * 2 ** 20, columns: [{ name: 'x', type: 'number', values: new Float64Array(5 * 2 ** 20) }] } });
    cache.set('a', table());
    cache.set('b', table());
    attachBudgetRunner({ cacheBytes: () => cache.bytes(), memoryBudget: () => cache.budget(), setMemoryBudget: (b) => cache.setBudget(b) });
    expect(formatMegabytes(currentMemoryUse().cacheBytes)).toBe('80 MB');
    expect(formatMegabytes(currentMemoryUse().budgetBytes)).toBe('1 GB');
    saveMemoryBudgetMb(64);
    expect(cache.keys()).toEqual(['b']);
    expect(currentMemoryUse()).toEqual({ cacheBytes: cache.bytes(), budgetBytes: 64 * MB });
    expect(formatMegabytes(currentMemoryUse().cacheBytes)).toBe('40 MB');
  });

  it('refuses budgets below 64 MB or not numbers, saying what to type', () => {
    expect(memoryBudgetProblem(32)).toBe('The budget must be at least 64 MB.');
    expect(memoryBudgetProblem(Number.NaN)).toBe('Type the budget as a number of megabytes, e.g. 1024.');
    expect(memoryBudgetProblem(2048)).toBeUndefined();
    expect(() => saveMemoryBudgetMb(10)).toThrow('at least 64 MB');
  });

  it('writes sizes the way the status bar shows them', () => {
    expect(formatMegabytes(412 * MB)).toBe('412 MB');
    expect(formatMegabytes(1024 * MB)).toBe('1 GB');
    expect(formatMegabytes(1536 * MB)).toBe('1.5 GB');
    expect(formatMegabytes(0)).toBe('0 MB');
  });
});
