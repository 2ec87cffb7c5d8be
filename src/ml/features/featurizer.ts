/**
 * Turns table columns into a numeric design matrix, the same way at training and at scoring time.
 *
 * `fitFeaturizer` learns a small serialisable spec (which columns, the category list of each one-hot
 * column, whether the table's sparse text block is included); `applyFeaturizer` rebuilds the matrix
 * from any table with those columns. The logical matrix is [dense | sparse]: `X` holds the dense part
 * row-major (n × d) and `sparse` the CSR block, so TF-IDF features never get densified.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, ColumnRole, ColumnSchema, ColumnType, SparseBlock, Table } from '../../core/table/table.ts';

/** Dates enter models as fractional years since 1970 (milliseconds would wreck the solver's scaling). */
const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

export type FeatureColumnSpec =
  | { name: string; kind: 'numeric'; type: 'number' | 'integer' | 'boolean' | 'date' }
  | { name: string; kind: 'one-hot'; categories: string[]; dropFirst: boolean };

export interface FeaturizerSpec {
  version: 1;
  columns: FeatureColumnSpec[];
  /** The table's sparse block (e.g. TF-IDF) as it was at fit time; scoring tables must carry the same one. */
  sparse?: { name: string; nCols: number; featureNames: string[] };
}

export interface FeaturizerOptions {
  /** Include the table's sparse block (default: true when the table has one). */
  includeSparse?: boolean;
  /** Leave out the first category of each one-hot column (default false: models here are regularised). */
  dropFirst?: boolean;
  /** Refuse category columns with more distinct values than this (default 200). */
  maxCategories?: number;
}

/** Compressed sparse rows. */
export interface CsrMatrix {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface FeatureMatrix {
  /** Rows. */
  n: number;
  /** Dense columns (the width of X). The total width is d + (sparse?.nCols ?? 0). */
  d: number;
  /** Dense part, row-major n × d. */
  X: Float64Array;
  sparse?: CsrMatrix;
  /** All feature names, dense first then sparse, in weight order. */
  names: string[];
}

/** Roles that never make sense as model inputs by default. */
const NON_FEATURE_ROLES: ReadonlySet<ColumnRole> = new Set([
  'target',
  'identifier',
  'protected',
  'weight',
  'score',
  'prediction',
  'text',
  'time',
]);
const FEATURE_TYPES: ReadonlySet<ColumnType> = new Set(['number', 'integer', 'boolean', 'category']);

/**
 * The default feature columns: every number/integer/boolean/category column except `exclude`
 * (e.g. the target) and columns whose role says they are not features (identifier, protected, …).
 */
export function suggestFeatureColumns(
  columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>,
  exclude: Iterable<string> = [],
): string[] {
  const ex = new Set(exclude);
  return columns
    .filter((c) => !ex.has(c.name) && FEATURE_TYPES.has(c.type) && !(c.role && NON_FEATURE_ROLES.has(c.role)))
    .map((c) => c.name);
}

function findOrThrow(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `Feature column "${name}" is not in the table (columns: ${t.columns.map((x) => x.name).join(', ') || 'none'}). ` +
        'Choose other features or make sure the column arrives here.',
      { column: name },
    );
  }
  return c;
}

/** Learns the feature spec from a (training) table. */
export function fitFeaturizer(table: Table, featureColumns: string[], options: FeaturizerOptions = {}): FeaturizerSpec {
  const maxCategories = options.maxCategories ?? 200;
  const columns: FeatureColumnSpec[] = featureColumns.map((name): FeatureColumnSpec => {
    const c = findOrThrow(table, name);
    if (c.type === 'text') {
      throw new NodeError(
        `Column "${name}" holds free text, which a model cannot use directly. Add a TF-IDF node for it, or leave it out of the features.`,
        { column: name },
      );
    }
    if (c.type === 'category') {
      // Only categories that occur in the table: a dictionary can carry unused entries after a filter or split.
      const seen = new Uint8Array(c.categories.length);
      for (let i = 0; i < table.nRows; i++) if (c.codes[i] >= 0) seen[c.codes[i]] = 1;
      const categories = c.categories.filter((_, k) => seen[k] === 1);
      if (categories.length > maxCategories) {
        throw new NodeError(
          `Column "${name}" has ${categories.length} different values, more than the ${maxCategories} allowed for one-hot features. ` +
            'Leave it out of the features, or group rare values first.',
          { column: name },
        );
      }
      return { name, kind: 'one-hot', categories, dropFirst: options.dropFirst ?? false };
    }
    return { name, kind: 'numeric', type: c.type };
  });
  const spec: FeaturizerSpec = { version: 1, columns };
  if (table.sparse && options.includeSparse !== false) {
    spec.sparse = { name: table.sparse.name, nCols: table.sparse.nCols, featureNames: table.sparse.featureNames.slice() };
  }
  return spec;
}

/** Feature names in weight order (dense first, then sparse). */
export function featureNames(spec: FeaturizerSpec): string[] {
  const names: string[] = [];
  for (const c of spec.columns) {
    if (c.kind === 'numeric') names.push(c.name);
    else for (let k = c.dropFirst ? 1 : 0; k < c.categories.length; k++) names.push(`${c.name}=${c.categories[k]}`);
  }
  if (spec.sparse) for (const f of spec.sparse.featureNames) names.push(`${spec.sparse.name}:${f}`);
  return names;
}

/**
 * featureNames(spec), built once per spec object: a trainer applies its spec to the training and the
 * test table, and with TF-IDF that is tens of thousands of strings each time. The matrices share the
 * array, so it is read-only by convention (no code here writes to a matrix's names).
 */
const namesBySpec = new WeakMap<FeaturizerSpec, string[]>();
function sharedFeatureNames(spec: FeaturizerSpec): string[] {
  let names = namesBySpec.get(spec);
  if (!names) {
    names = featureNames(spec);
    namesBySpec.set(spec, names);
  }
  return names;
}

/** Number of dense columns the spec produces. */
export function denseWidth(spec: FeaturizerSpec): number {
  let d = 0;
  for (const c of spec.columns) d += c.kind === 'numeric' ? 1 : c.categories.length - (c.dropFirst ? 1 : 0);
  return d;
}

function missingError(column: string, row: number): NodeError {
  return new NodeError(
    `Column "${column}" has a missing value in row ${row + 1}. Models need complete data: add an Impute missing node ` +
      '(or filter those rows out) before this one.',
    { column, row },
  );
}

function checkSparse(spec: NonNullable<FeaturizerSpec['sparse']>, block: SparseBlock | undefined): SparseBlock {
  if (!block) {
    throw new NodeError(
      `The model was trained with the text features "${spec.name}" (${spec.nCols} terms) but this table has none. ` +
        'Apply the same TF-IDF step to this table before scoring it.',
    );
  }
  const sameVocabulary =
    block.nCols === spec.nCols &&
    (spec.nCols === 0 ||
      (block.featureNames[0] === spec.featureNames[0] && block.featureNames[spec.nCols - 1] === spec.featureNames[spec.nCols - 1]));
  if (!sameVocabulary) {
    throw new NodeError(
      `The text features of this table (${block.nCols} terms) do not match the ones the model was trained with ` +
        `(${spec.nCols} terms). Use the TF-IDF vocabulary fitted on the training data for both tables.`,
    );
  }
  return block;
}

export interface ApplyFeaturizerOptions {
  /**
   * Keep missing values instead of refusing them, for models that handle them natively (gradient
   * boosting learns a direction for them): a missing number stays NaN in X, a missing category gets
   * all-zero indicators (like an unseen one). Default false: linear models need complete data.
   */
  keepMissing?: boolean;
}

/** Builds the design matrix of `table` for a fitted spec. Unseen categories give all-zero indicators. */
export function applyFeaturizer(spec: FeaturizerSpec, table: Table, options: ApplyFeaturizerOptions = {}): FeatureMatrix {
  const keepMissing = options.keepMissing === true;
  const n = table.nRows;
  const d = denseWidth(spec);
  const X = new Float64Array(n * d);
  let offset = 0;
  for (const cs of spec.columns) {
    const c = findOrThrow(table, cs.name);
    if (cs.kind === 'numeric') {
      if (c.type === 'category' || c.type === 'text') {
        throw new NodeError(
          `Column "${cs.name}" was numeric when the model was trained but is ${c.type} here. Convert it, or retrain.`,
          { column: cs.name },
        );
      }
      const v = c.values;
      const scale = c.type === 'date' ? 1 / MS_PER_YEAR : 1;
      for (let i = 0, p = offset; i < n; i++, p += d) {
        const x = v[i];
        if (x !== x && !keepMissing) throw missingError(cs.name, i);
        X[p] = x * scale;
      }
      offset += 1;
    } else {
      if (c.type !== 'category') {
        throw new NodeError(
          `Column "${cs.name}" was a category column when the model was trained but is ${c.type} here. Convert it, or retrain.`,
          { column: cs.name },
        );
      }
      // Map this table's dictionary onto the fitted category positions (dictionaries may differ).
      const first = cs.dropFirst ? 1 : 0;
      const fitted = new Map(cs.categories.map((k, j) => [k, j - first]));
      const slot = new Int32Array(c.categories.length);
      for (let k = 0; k < c.categories.length; k++) slot[k] = fitted.get(c.categories[k]) ?? -1;
      const codes = c.codes;
      for (let i = 0, p = offset; i < n; i++, p += d) {
        const code = codes[i];
        if (code < 0) {
          if (keepMissing) continue;
          throw missingError(cs.name, i);
        }
        const s = slot[code];
        if (s >= 0) X[p + s] = 1;
      }
      offset += cs.categories.length - first;
    }
  }
  const out: FeatureMatrix = { n, d, X, names: sharedFeatureNames(spec) };
  if (spec.sparse) {
    const b = checkSparse(spec.sparse, table.sparse);
    out.sparse = { nRows: n, nCols: b.nCols, indptr: b.indptr, indices: b.indices, values: b.values };
  }
  return out;
}

/** Total number of features (dense + sparse). */
export function featureCount(m: FeatureMatrix): number {
  return m.d + (m.sparse?.nCols ?? 0);
}
