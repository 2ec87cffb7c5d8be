import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { countMissing, type Column, type ColumnSchema, type Table } from '../../src/core/table/table.ts';
import { mean, median, mostFrequent } from '../../src/ml/preprocess/column-stats.ts';

type Strategy = 'mean' | 'median' | 'most-frequent' | 'constant';
const SKIP_ROLES = new Set(['target', 'identifier', 'score', 'prediction']);

/** The columns to fill: the chosen ones, or every column except target/identifier roles. */
function chosenColumns<C extends Pick<ColumnSchema, 'name' | 'type' | 'role'>>(columns: C[], chosen: string[], strategy: Strategy): C[] {
  if (chosen.length > 0) return chosen.map((n) => columns.find((c) => c.name === n)).filter((c): c is C => !!c);
  const numericOnly = strategy === 'mean' || strategy === 'median';
  return columns.filter(
    (c) => !(c.role && SKIP_ROLES.has(c.role)) && (!numericOnly || c.type === 'number' || c.type === 'integer' || c.type === 'date'),
  );
}

/** Mean/median of integers or yes/no values are fractions: those columns become numbers. */
function outputType(type: ColumnSchema['type'], strategy: Strategy): ColumnSchema['type'] {
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

function fillColumn(c: Column, nRows: number, strategy: Strategy, fillValue: string): { column: Column; filled: string } {
  if (c.type === 'category' || c.type === 'text') {
    if (strategy === 'mean' || strategy === 'median') {
      throw new NodeError(
        `Column "${c.name}" holds ${c.type === 'text' ? 'text' : 'categories'}, which have no ${strategy}. Use "most frequent" or "constant" for it, or leave it out.`,
        { column: c.name, field: 'strategy' },
      );
    }
    const value = strategy === 'constant' ? fillValue : mostFrequent(c, nRows);
    if (value === undefined) throw new NodeError(`Column "${c.name}" has no values at all, so there is nothing to fill with.`, { column: c.name });
    if (c.type === 'text') return { column: { ...c, values: c.values.map((v) => v ?? value) }, filled: value };
    let code = c.categories.indexOf(value);
    const categories = code >= 0 ? c.categories : [...c.categories, value];
    if (code < 0) code = categories.length - 1;
    const codes = c.codes.map((k) => (k < 0 ? code : k));
    return { column: { ...c, codes, categories }, filled: value };
  }
  let v: number;
  if (strategy === 'constant') v = parseConstant(fillValue, c);
  else if (strategy === 'mean') v = mean(c.values);
  else if (strategy === 'median') v = median(c.values);
  else v = Number(mostFrequent(c, nRows));
  if (Number.isNaN(v)) throw new NodeError(`Column "${c.name}" has no values at all, so there is nothing to fill with.`, { column: c.name });
  if (c.type === 'date') v = Math.round(v);
  const values = c.values.map((x) => (Number.isNaN(x) ? v : x));
  const label = c.type === 'date' ? new Date(v).toISOString().slice(0, 10) : String(Math.round(v * 1e6) / 1e6);
  return { column: { ...c, type: outputType(c.type, strategy) as 'number', values }, filled: label };
}

export const imputeMissing = defineNode({
  type: 'impute-missing',
  version: 1,
  title: 'Impute missing',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Fill empty cells with the mean, median, most frequent value or a constant.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    columns: param.columns({
      from: 'table',
      label: 'Columns',
      help: 'Columns to fill. Empty: every column except the target and identifiers (only numeric ones for mean and median).',
    }),
    strategy: param.enum({
      options: ['mean', 'median', 'most-frequent', 'constant'],
      optionLabels: { mean: 'Mean', median: 'Median', 'most-frequent': 'Most frequent', constant: 'Constant' },
      default: 'median',
      label: 'Fill with',
      help: 'Median resists outliers; most frequent also works for categories and text; constant uses the value below.',
    }),
    fillValue: param.string({ default: '', label: 'Constant value', help: 'Used when Fill with is Constant (e.g. 0 or Unknown).', visibleWhen: { param: 'strategy', equals: 'constant' } }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const change = new Set(chosenColumns(inputs.table.columns, params.columns, params.strategy).map((c) => c.name));
    const columns = inputs.table.columns.map((c) => {
      if (!change.has(c.name)) return c;
      const out: ColumnSchema = { ...c, type: outputType(c.type, params.strategy) };
      if (c.type === 'category' && c.categories && params.strategy === 'constant' && !c.categories.includes(params.fillValue)) {
        out.categories = [...c.categories, params.fillValue];
      }
      return out;
    });
    return { table: { ...inputs.table, columns } };
  },
  async run({ inputs, params, ctx }) {
    const t = inputs.table;
    for (const name of params.columns) {
      if (!t.columns.some((c) => c.name === name)) {
        throw new NodeError(`Column "${name}" is not in the table (columns: ${t.columns.map((c) => c.name).join(', ')}).`, {
          column: name,
          field: 'columns',
        });
      }
    }
    if (params.strategy === 'constant' && params.fillValue.trim() === '') {
      throw new NodeError('Enter the constant value to fill empty cells with.', { field: 'fillValue' });
    }
    const targets = new Set(chosenColumns(t.columns, params.columns, params.strategy).map((c) => c.name));
    const reports: string[] = [];
    const columns = t.columns.map((c) => {
      if (!targets.has(c.name)) return c;
      const missing = countMissing(c, t.nRows);
      // Fit the value even when nothing is missing here, so the output type is what schema() promised.
      if (missing === 0 && params.columns.length === 0) {
        return c.type === 'category' || c.type === 'text' ? c : { ...c, type: outputType(c.type, params.strategy) as 'number' };
      }
      const { column, filled } = fillColumn(c, t.nRows, params.strategy, params.fillValue);
      reports.push(`${c.name}: ${missing} filled with ${filled}`);
      return column;
    });
    ctx.log(reports.length ? `Filled (${params.strategy}): ${reports.join('; ')}.` : 'No missing values in the chosen columns.');
    const out: Table = { ...t, columns };
    return { table: out };
  },
});
