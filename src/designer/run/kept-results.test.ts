import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { withColumns } from '../../core/table/table.ts';
import type { PortOutput } from '../store/pipeline-store.ts';
import { keepResults } from './kept-results.ts';

const MB = 2 ** 20;

/** A table of `n` float64 columns of one MB each. */
function table(names: string[]): Table {
  const rows = MB / 8;
  return { nRows: rows, columns: names.map((name) => ({ name, type: 'number' as const, values: new Float64Array(rows) })) };
}

const out = (value: unknown, type: PortOutput['type'] = 'table'): Record<string, PortOutput> => ({ out: { type, value } });

describe('results kept in memory', () => {
  it('keeps the latest tables within the budget and replaces the others by their summary', () => {
    const a = table(['x', 'y']);
    const b = table(['z', 'w']);
    const c = table(['v', 'u']);
    const kept = keepResults(
      { a: out(a), b: out(b), c: out(c) },
      { budgetBytes: 4 * MB, order: ['a', 'b', 'c'], pinned: new Set(), terminal: new Set() },
    );
    expect(kept.outputs.c.out.value).toBe(c);
    expect(kept.outputs.b.out.value).toBe(b);
    expect(kept.dropped).toEqual(['a/out']);
    expect(kept.keptBytes).toBe(4 * MB);
    const summary = kept.outputs.a.out.value as Record<string, unknown>;
    expect(summary.rows).toBe(MB / 8);
    expect(summary.names).toEqual(['x', 'y']);
    expect(String(summary.notKept)).toContain('at most 4 MB');
    expect(String(summary.notKept)).toContain('Run to here');
  });

  it('counts a column passed on unchanged once, so a derived table costs only its new columns', () => {
    const base = table(['x', 'y', 'z']);
    // A step that added one column and passed the three others on (shared buffers).
    const derived = withColumns(base, table(['new']).columns);
    const kept = keepResults(
      { base: out(base), derived: out(derived) },
      { budgetBytes: 4 * MB, order: ['base', 'derived'], pinned: new Set(), terminal: new Set() },
    );
    expect(kept.dropped).toEqual([]);
    expect(kept.keptBytes).toBe(4 * MB);
  });

  it('keeps shown nodes first, then end results, and always keeps models and metrics', () => {
    const early = table(['a', 'b']);
    const last = table(['c', 'd']);
    const end = table(['e', 'f']);
    const model = { kind: 'gradient-boosting', featureNames: ['a'], weights: new Float64Array(MB / 8) };
    const kept = keepResults(
      { early: out(early), last: out(last), end: out(end), train: out(model, 'model') },
      { budgetBytes: 4 * MB, order: ['early', 'last', 'train', 'end'], pinned: new Set(['early']), terminal: new Set(['end']) },
    );
    expect(kept.outputs.early.out.value).toBe(early);
    expect(kept.outputs.end.out.value).toBe(end);
    expect(kept.outputs.train.out.value).toBe(model);
    expect(kept.dropped).toEqual(['last/out']);
  });
});
