/**
 * One-hot encoding split into fit (the values each column takes in the training rows, in order) and
 * transform (one 0/1 column per fitted value). The node's run is transform(fit(table)); a scoring
 * pipeline re-applies the saved values to new rows with the same code, so a batch gets exactly the
 * training's indicator columns: a value training never saw gives 0 in every indicator, as a missing cell.
 */
import { NodeError } from '../../src/core/errors.ts';
import type { FittedReplay } from '../../src/core/node-definition.ts';
import type { Column, Table } from '../../src/core/table/table.ts';
import { groupCodes } from '../../src/ml/preprocess/group-codes.ts';

/** Indicator column name: department + Sales → department_Sales. */
export const indicatorName = (column: string, value: string) => `${column}_${value}`;

/** The values present in the column (category columns keep their dictionary order, others first seen). */
export function presentValues(c: Column, nRows: number): string[] {
  const { codes, labels } = groupCodes(c, nRows);
  const seen = new Uint8Array(labels.length);
  for (let i = 0; i < nRows; i++) if (codes[i] >= 0) seen[codes[i]] = 1;
  return labels.filter((_, k) => seen[k] === 1);
}

/** One 0/1 column per value (after the first, with dropFirst); cells of other values and missing cells give 0. */
export function indicatorColumns(c: Column, nRows: number, values: readonly string[], dropFirst: boolean): Column[] {
  const { codes, labels } = groupCodes(c, nRows);
  const position = new Map(values.map((v, k) => [v, k]));
  const valueOf = Int32Array.from(labels, (l) => position.get(l) ?? -1);
  const cols: Column[] = [];
  for (let k = dropFirst ? 1 : 0; k < values.length; k++) {
    const v = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) if (codes[i] >= 0 && valueOf[codes[i]] === k) v[i] = 1;
    cols.push({ name: indicatorName(c.name, values[k]), type: 'integer', values: v });
  }
  return cols;
}

/** The table with each encoded column replaced by its indicators (kept before them with keepOriginal); a name clash is refused. */
export function withIndicators(t: Table, encoded: ReadonlyMap<string, Column[]>, keepOriginal: boolean): Table {
  const columns: Column[] = [];
  for (const c of t.columns) {
    const cols = encoded.get(c.name);
    if (!cols) columns.push(c);
    else {
      if (keepOriginal) columns.push(c);
      columns.push(...cols);
    }
  }
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name)) throw new NodeError(`The new column "${c.name}" clashes with an existing column. Rename that column first.`, { column: c.name });
    names.add(c.name);
  }
  return { ...t, columns };
}

interface OneHotParams {
  columns: string[];
  dropFirst: boolean;
  keepOriginal: boolean;
}

export const oneHotReplay: FittedReplay<OneHotParams> = {
  fit({ inputs, params }) {
    const t = inputs.table as Table;
    const state: Record<string, string[]> = {};
    for (const name of params.columns) {
      const c = t.columns.find((x) => x.name === name);
      if (c) state[name] = presentValues(c, t.nRows);
    }
    return { state, reads: Object.keys(state) };
  },
  apply({ table, state, params }) {
    const encoded = new Map<string, Column[]>();
    for (const [name, values] of Object.entries(state as Record<string, string[]>)) {
      const c = table.columns.find((x) => x.name === name);
      if (!c) throw new NodeError(`Column "${name}" was one-hot encoded in training but is not in this table. Add it (same name), or retrain without it.`, { column: name });
      encoded.set(name, indicatorColumns(c, table.nRows, values, params.dropFirst));
    }
    return withIndicators(table, encoded, params.keepOriginal);
  },
};
