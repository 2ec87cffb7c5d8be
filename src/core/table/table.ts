/**
 * The columnar table that flows between nodes.
 *
 * Missing values are encoded in the column itself (NaN for numeric kinds, code -1 for categories,
 * null for text) so there is a single source of truth; `isMissing` reads it and `nullMask` derives a
 * mask when a kernel wants one.
 */
import { takePackedTextRows } from './transfer.ts';

export type ColumnType = 'number' | 'integer' | 'boolean' | 'date' | 'category' | 'text';

/** What a column means to the pipeline; trainers and fairness nodes use roles for sensible defaults. */
export type ColumnRole =
  | 'feature'
  | 'target'
  | 'protected'
  | 'identifier'
  | 'text'
  | 'time'
  | 'weight'
  | 'score'
  | 'prediction'
  | 'group';

interface ColumnBase {
  name: string;
  role?: ColumnRole;
}

/** number/integer/boolean/date values in a Float64Array. Dates are UTC milliseconds since epoch, booleans 0/1. */
export interface NumericColumn extends ColumnBase {
  type: 'number' | 'integer' | 'boolean' | 'date';
  values: Float64Array;
}

/** Dictionary-encoded categories: `codes[i]` indexes `categories`, -1 is missing. */
export interface CategoryColumn extends ColumnBase {
  type: 'category';
  codes: Int32Array;
  categories: string[];
}

export interface TextColumn extends ColumnBase {
  type: 'text';
  values: Array<string | null>;
}

export type Column = NumericColumn | CategoryColumn | TextColumn;

/** A sparse feature block in CSR form (e.g. TF-IDF), one row per table row. */
export interface SparseBlock {
  name: string;
  /** The text column it was derived from, so explanations can group tokens back to it. */
  source?: string;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  featureNames: string[];
}

export interface Table {
  nRows: number;
  columns: Column[];
  /** Optional row weights (e.g. from reweighing); trainers honour them. */
  weights?: Float64Array;
  sparse?: SparseBlock;
}

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  role?: ColumnRole;
  /** Known categories, when the schema step can tell them. */
  categories?: string[];
}

export interface TableSchema {
  columns: ColumnSchema[];
  weighted?: boolean;
  sparse?: { name: string; source?: string; nCols?: number };
}

export function isNumericColumn(c: Column): c is NumericColumn {
  return c.type !== 'category' && c.type !== 'text';
}

export function isMissing(c: Column, i: number): boolean {
  if (c.type === 'category') return c.codes[i] < 0;
  if (c.type === 'text') return c.values[i] == null;
  return Number.isNaN(c.values[i]);
}

export function nullMask(c: Column, nRows: number): Uint8Array {
  const mask = new Uint8Array(nRows);
  for (let i = 0; i < nRows; i++) if (isMissing(c, i)) mask[i] = 1;
  return mask;
}

export function countMissing(c: Column, nRows: number): number {
  let n = 0;
  for (let i = 0; i < nRows; i++) if (isMissing(c, i)) n++;
  return n;
}

export function findColumn(t: Table | TableSchema, name: string): (Column & ColumnSchema) | undefined {
  return (t.columns as Array<Column & ColumnSchema>).find((c) => c.name === name);
}

/** The column or a clear error naming it and the columns that exist. */
export function getColumn(t: Table, name: string): Column {
  const c = t.columns.find((col) => col.name === name);
  if (!c) {
    throw new Error(
      `Column "${name}" is not in the table. Available columns: ${t.columns.map((x) => x.name).join(', ') || '(none)'}.`,
    );
  }
  return c;
}

export function schemaOf(t: Table): TableSchema {
  const schema: TableSchema = {
    columns: t.columns.map((c) => {
      const s: ColumnSchema = { name: c.name, type: c.type };
      if (c.role) s.role = c.role;
      if (c.type === 'category') s.categories = c.categories.slice();
      return s;
    }),
  };
  if (t.weights) schema.weighted = true;
  if (t.sparse) schema.sparse = { name: t.sparse.name, source: t.sparse.source, nCols: t.sparse.nCols };
  return schema;
}

/** Value of a cell as a plain JS value (for previews and exports; not for hot loops). */
export function cellValue(c: Column, i: number): number | string | boolean | null {
  if (c.type === 'category') return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
  if (c.type === 'text') return c.values[i];
  const v = c.values[i];
  if (Number.isNaN(v)) return null;
  if (c.type === 'boolean') return v !== 0;
  if (c.type === 'date') return new Date(v).toISOString().slice(0, 10);
  return v;
}

/** Rows `idx` of every column (and weights and sparse block) as a new table. */
export function takeRows(t: Table, idx: ArrayLike<number>): Table {
  const n = idx.length;
  const columns: Column[] = t.columns.map((c): Column => {
    if (c.type === 'category') {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[idx[i]];
      return { ...c, codes, categories: c.categories };
    }
    if (c.type === 'text') {
      // A column still in its packed form (a step's input) has its bytes gathered, nothing decoded.
      const packed = takePackedTextRows(c, idx);
      if (packed) return packed;
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) values[i] = c.values[idx[i]];
      return { ...c, values };
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = c.values[idx[i]];
    return { ...c, values };
  });
  const out: Table = { nRows: n, columns };
  if (t.weights) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = t.weights[idx[i]];
    out.weights = w;
  }
  if (t.sparse) out.sparse = takeSparseRows(t.sparse, idx);
  return out;
}

export function takeSparseRows(s: SparseBlock, idx: ArrayLike<number>): SparseBlock {
  const n = idx.length;
  const indptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    nnz += s.indptr[idx[i] + 1] - s.indptr[idx[i]];
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    const a = s.indptr[idx[i]];
    const b = s.indptr[idx[i] + 1];
    indices.set(s.indices.subarray(a, b), indptr[i]);
    values.set(s.values.subarray(a, b), indptr[i]);
  }
  return { ...s, indptr, indices, values };
}

/** The schema with `added` columns replacing same-named ones or appended (schema() of column-adding nodes). */
export function withColumnSchemas(schema: TableSchema, added: ColumnSchema[]): TableSchema {
  const byName = new Map(added.map((c) => [c.name, c]));
  const columns = schema.columns.map((c) => byName.get(c.name) ?? c);
  for (const c of added) if (!schema.columns.some((x) => x.name === c.name)) columns.push(c);
  return { ...schema, columns };
}

/** Replace or append columns by name, keeping order. */
export function withColumns(t: Table, cols: Column[]): Table {
  const byName = new Map(cols.map((c) => [c.name, c]));
  const columns = t.columns.map((c) => byName.get(c.name) ?? c);
  for (const c of cols) if (!t.columns.some((x) => x.name === c.name)) columns.push(c);
  return { ...t, columns };
}
