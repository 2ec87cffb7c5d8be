/**
 * Imputation split into fit (each column's fill value from the training rows: mean, median, most
 * frequent or the constant) and transform (fill the empty cells with it). The node's run is
 * transform(fit(column)); a scoring pipeline fills a new batch's empty cells with the saved training
 * values through the same code.
 */
import { NodeError } from '../../src/core/errors.ts';
import type { FittedReplay } from '../../src/core/node-definition.ts';
import type { Column, ColumnSchema, Table } from '../../src/core/table/table.ts';
import { mean, median, mostFrequent } from '../../src/ml/preprocess/column-stats.ts';

export type Strategy = 'mean' | 'median' | 'most-frequent' | 'constant';
const SKIP_ROLES = new Set(['target', 'identifier', 'score', 'prediction']);

/** The columns to fill: the chosen ones, or every column except target/identifier roles. */
export function chosenColumns<C extends Pick<ColumnSchema, 'name' | 'type' | 'role'>>(columns: C[], chosen: string[], strategy: Strategy): C[] {
  if (chosen.length > 0) return chosen.map((n) => columns.find((c) => c.name === n)).filter((c): c is C => !!c);
  const numericOnly = strategy === 'mean' || strategy === 'median';
  return columns.filter(
    (c) => !(c.role && SKIP_ROLES.has(c.role)) && (!numericOnly || c.type === 'number' || c.type === 'integer' || c.type === 'date'),
  );
}

/** Mean/median of integers or yes/no values are fractions: those columns become numbers. */
export function outputType(type: ColumnSchema['type'], strategy: Strategy): ColumnSchema['type'] {
  if ((strategy === 'mean' || strategy === 'median') && (type === 'integer' || type === 'boolean')) return 'number';
  return type;
}

function parseConstant(raw: string, c: Column): number {
  const s = raw.trim();
  if (c.type === 'boolean') {
    if (/^(true|yes|1)$/i.test(s)) return 1;
    if (/^(false|no|0)$/i.test(s)) return 0;
  } else if (c.type === 'date') {
    const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (!Number.isNaN(ms)) return ms;
  } else if (s !== '' && Number.isFinite(Number(s))) {
    return Number(s);
  }
  throw new NodeError(
    `Fill value "${raw}" does not fit column "${c.name}" (${c.type}). Enter a ${c.type === 'date' ? 'date as YYYY-MM-DD' : c.type === 'boolean' ? 'true or false' : 'number'}.`,
    { column: c.name, field: 'fillValue' },
  );
}

/** A fitted fill value: a label for categories and text, a number otherwise. */
export type FillValue = { column: string; text: string } | { column: string; number: number };

/** The value `strategy` fills column `c` with, from its present values. */
export function fitFill(c: Column, nRows: number, strategy: Strategy, fillValue: string): FillValue {
  if (c.type === 'category' || c.type === 'text') {
    if (strategy === 'mean' || strategy === 'median') {
      throw new NodeError(
        `Column "${c.name}" holds ${c.type === 'text' ? 'text' : 'categories'}, which have no ${strategy}. Use "most frequent" or "constant" for it, or leave it out.`,
        { column: c.name, field: 'strategy' },
      );
    }
    const value = strategy === 'constant' ? fillValue : mostFrequent(c, nRows);
    if (value === undefined) throw new NodeError(`Column "${c.name}" has no values at all, so there is nothing to fill with.`, { column: c.name });
    return { column: c.name, text: value };
  }
  let v: number;
  if (strategy === 'constant') v = parseConstant(fillValue, c);
  else if (strategy === 'mean') v = mean(c.values);
  else if (strategy === 'median') v = median(c.values);
  else v = Number(mostFrequent(c, nRows));
  if (Number.isNaN(v)) throw new NodeError(`Column "${c.name}" has no values at all, so there is nothing to fill with.`, { column: c.name });
  if (c.type === 'date') v = Math.round(v);
  return { column: c.name, number: v };
}

/** Column `c` with its empty cells filled with `fill`, and the fill value as people read it. */
export function applyFill(c: Column, fill: FillValue, strategy: Strategy): { column: Column; filled: string } {
  if (c.type === 'category' || c.type === 'text') {
    if (!('text' in fill)) throw new NodeError(`Column "${c.name}" was numeric in training but holds ${c.type === 'text' ? 'text' : 'categories'} here; fix its values so they are numbers.`, { column: c.name });
    const value = fill.text;
    if (c.type === 'text') return { column: { ...c, values: c.values.map((v) => v ?? value) }, filled: value };
    let code = c.categories.indexOf(value);
    const categories = code >= 0 ? c.categories : [...c.categories, value];
    if (code < 0) code = categories.length - 1;
    const codes = c.codes.map((k) => (k < 0 ? code : k));
    return { column: { ...c, codes, categories }, filled: value };
  }
  if (!('number' in fill)) throw new NodeError(`Column "${c.name}" held categories in training but is ${c.type} here; fix its values.`, { column: c.name });
  const v = fill.number;
  const values = c.values.map((x) => (Number.isNaN(x) ? v : x));
  const label = c.type === 'date' ? new Date(v).toISOString().slice(0, 10) : String(Math.round(v * 1e6) / 1e6);
  return { column: { ...c, type: outputType(c.type, strategy) as 'number', values }, filled: label };
}

interface ImputeParams {
  columns: string[];
  strategy: Strategy;
  fillValue: string;
}

export const imputeReplay: FittedReplay<ImputeParams> = {
  fit({ inputs, params }) {
    const t = inputs.table as Table;
    const fills = chosenColumns(t.columns, params.columns, params.strategy).map((c) => fitFill(c, t.nRows, params.strategy, params.fillValue));
    return { state: fills, reads: fills.map((f) => f.column) };
  },
  apply({ table, state, params }) {
    const fills = new Map((state as FillValue[]).map((f) => [f.column, f]));
    for (const name of fills.keys()) {
      if (!table.columns.some((c) => c.name === name)) throw new NodeError(`Column "${name}" had its empty cells filled in training but is not in this table. Add it (same name), or retrain without it.`, { column: name });
    }
    const columns = table.columns.map((c) => {
      const f = fills.get(c.name);
      return f ? applyFill(c, f, params.strategy).column : c;
    });
    return { ...table, columns };
  },
};
