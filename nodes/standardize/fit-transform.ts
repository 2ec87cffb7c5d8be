/**
 * Standardisation split into fit (each column's mean and scale, from the training rows) and transform
 * (subtract and divide): the node's run is transform(fit(table)), and a scoring pipeline re-applies the
 * saved fit to new rows with the very same code (see the node's `replay`).
 */
import { NodeError } from '../../src/core/errors.ts';
import type { FittedReplay } from '../../src/core/node-definition.ts';
import type { Column, ColumnSchema, Table } from '../../src/core/table/table.ts';
import { mean, std } from '../../src/ml/preprocess/column-stats.ts';

const SKIP_ROLES = new Set(['target', 'identifier', 'protected', 'weight', 'score', 'prediction']);

/** The columns to rescale: the named ones, else every number column except target, identifiers, protected attributes… */
export function chosenColumns<C extends Pick<ColumnSchema, 'name' | 'type' | 'role'>>(columns: C[], names: string[]): C[] {
  if (names.length > 0) return names.map((n) => columns.find((c) => c.name === n)).filter((c): c is C => !!c);
  return columns.filter((c) => (c.type === 'number' || c.type === 'integer') && !(c.role && SKIP_ROLES.has(c.role)));
}

export interface ColumnScale {
  column: string;
  mean: number;
  /** The standard deviation, or 1 for a constant column (as scikit-learn: it becomes all zeros, not NaN). */
  scale: number;
  sd: number;
}

/** Mean and scale of each numeric column named in `targets` (in table order). */
export function fitScales(t: Table, targets: ReadonlySet<string>): ColumnScale[] {
  const out: ColumnScale[] = [];
  for (const c of t.columns) {
    if (!targets.has(c.name) || c.type === 'category' || c.type === 'text') continue;
    const mu = mean(c.values);
    const sd = std(c.values, mu);
    out.push({ column: c.name, mean: mu, scale: sd > 0 ? sd : 1, sd });
  }
  return out;
}

/** The table with each fitted column rescaled; a fitted column the table lacks, or holds as categories, is refused by name. */
export function applyScales(t: Table, scales: readonly ColumnScale[]): Table {
  const by = new Map(scales.map((s) => [s.column, s]));
  for (const s of scales) {
    const c = t.columns.find((x) => x.name === s.column);
    if (!c) throw new NodeError(`Column "${s.column}" was standardised in training but is not in this table. Add it (same name), or retrain without it.`, { column: s.column });
    if (c.type === 'category' || c.type === 'text') throw new NodeError(`Column "${s.column}" was numeric in training but is ${c.type} here; fix its values so they are numbers.`, { column: s.column });
  }
  const columns = t.columns.map((c): Column => {
    const s = by.get(c.name);
    if (!s || c.type === 'category' || c.type === 'text') return c;
    return { ...c, type: 'number', values: c.values.map((v) => (v - s.mean) / s.scale) };
  });
  return { ...t, columns };
}

export const standardizeReplay: FittedReplay<{ columns: string[] }> = {
  fit({ inputs, params }) {
    const t = inputs.table as Table;
    const scales = fitScales(t, new Set(chosenColumns(t.columns, params.columns).map((c) => c.name)));
    return { state: scales, reads: scales.map((s) => s.column) };
  },
  apply({ table, state }) {
    return applyScales(table, state as ColumnScale[]);
  },
};
