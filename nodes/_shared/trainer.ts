/**
 * What every binary classifier node shares: the inputs (train + optional test), outputs (model +
 * predictions), the params target / positive class / features / threshold, target encoding, feature
 * selection, the predictions table, and `runTrainer`, which wires them around a kind-specific fit.
 *
 * Predictions table (team convention): every input column passes through (sparse block dropped, row
 * weights kept) plus `score` (role score, probability of the positive class), `predicted` (integer
 * 0/1, role prediction, score ≥ threshold) and `actual` (integer 0/1, role target, NaN when unknown).
 * Pass-through columns lose the roles target/score/prediction so those three stay unambiguous.
 */
import { NodeError } from '../../src/core/errors.ts';
import type { NodeContext } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Model, ModelSchema } from '../../src/core/ports.ts';
import type { Column, ColumnSchema, NumericColumn, Table, TableSchema } from '../../src/core/table/table.ts';
import {
  applyFeaturizer,
  fitFeaturizer,
  suggestFeatureColumns,
  type FeatureMatrix,
  type FeaturizerOptions,
  type FeaturizerSpec,
} from '../../src/ml/features/featurizer.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';
import { scoreMatrix } from '../../src/ml/models/scorers.ts';

export const trainerInputs = {
  train: { type: 'table', label: 'Training data', help: 'The rows the model learns from.' },
  test: {
    type: 'table',
    label: 'Test data',
    optional: true,
    help: 'Optional held-out rows; when connected, the predictions are for these rows.',
  },
} as const;

export const trainerOutputs = {
  model: { type: 'model', label: 'Model' },
  predictions: { type: 'predictions', label: 'Predictions' },
} as const;

export const trainerParams = {
  target: param.column({
    from: 'train',
    role: 'target',
    label: 'Target column',
    help: 'The outcome to predict, e.g. promoted or label. It must have two values (or pick the positive one below).',
  }),
  positive: param.string({
    default: '',
    label: 'Positive class',
    help: 'The target value that counts as "yes" (e.g. 1, Yes, Interview). Empty: 1/true/yes if present, otherwise the rarer value.',
  }),
  features: param.columns({
    from: 'train',
    label: 'Features',
    help: 'Columns the model may use. Empty: every number, category and yes/no column except the target, identifiers and protected attributes.',
  }),
  threshold: param.number({
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.01,
    label: 'Decision threshold',
    help: 'A row is predicted positive when its score is at least this.',
  }),
};

/** For trainers that accept a text feature block (TF-IDF): train on the words alone. */
export const textFeatureParams = {
  textOnly: param.boolean({
    default: false,
    label: 'Text features only',
    help: 'Use only the text features (from a TF-IDF node) and ignore the table columns.',
  }),
};

export interface TrainerParamValues {
  target: string;
  positive: string;
  features: string[];
  threshold: number;
  textOnly?: boolean;
}

const YES = /^(1|1\.0|true|yes|y)$/i;

function targetColumn(table: Table, name: string): Column {
  if (!name) throw new NodeError('Choose the target column (the outcome to predict).', { field: 'target' });
  const c = table.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `Target column "${name}" is not in the training data (columns: ${table.columns.map((x) => x.name).join(', ')}). Choose another target.`,
      { column: name, field: 'target' },
    );
  }
  return c;
}

/** Distinct present values of a column as strings, with counts. */
function valueCounts(c: Column, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  if (c.type === 'category') {
    const byCode = new Float64Array(c.categories.length);
    for (let i = 0; i < n; i++) if (c.codes[i] >= 0) byCode[c.codes[i]]++;
    c.categories.forEach((k, j) => byCode[j] > 0 && counts.set(k, byCode[j]));
  } else if (c.type === 'text') {
    for (let i = 0; i < n; i++) if (c.values[i] != null) add(c.values[i] as string);
  } else {
    for (let i = 0; i < n; i++) {
      const v = c.values[i];
      if (!Number.isNaN(v)) add(c.type === 'boolean' ? (v !== 0 ? 'true' : 'false') : String(v));
    }
  }
  return counts;
}

/**
 * The positive class as a string: the one given (checked against the values present), else
 * 1/true/yes when present, else the rarer value (ties: the later one in sorted order).
 */
export function resolvePositiveClass(table: Table, target: string, given: string): string {
  const c = targetColumn(table, target);
  const counts = valueCounts(c, table.nRows);
  const values = [...counts.keys()];
  if (given.trim() !== '') {
    const g = given.trim();
    if (counts.has(g)) return g;
    if (c.type === 'boolean' && (YES.test(g) || /^(0|false|no|n)$/i.test(g))) return YES.test(g) ? 'true' : 'false';
    if (isNumericType(c) && counts.has(String(Number(g)))) return String(Number(g));
    const ci = values.filter((v) => v.toLowerCase() === g.toLowerCase());
    if (ci.length === 1) return ci[0];
    throw new NodeError(
      `Positive class "${g}" does not occur in target "${target}" (values: ${values.slice(0, 20).join(', ')}). Choose one of them.`,
      { column: target, field: 'positive' },
    );
  }
  if (values.length < 2) {
    throw new NodeError(
      `Target "${target}" has ${values.length === 0 ? 'no values' : `only the value "${values[0]}"`} in the training data; a classifier needs two outcomes.`,
      { column: target, field: 'target' },
    );
  }
  const yes = values.filter((v) => YES.test(v));
  if (yes.length === 1) return yes[0];
  const sorted = values.slice().sort((a, b) => (isNumericType(c) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  let best = sorted[sorted.length - 1];
  for (let k = sorted.length - 1; k >= 0; k--) if (counts.get(sorted[k])! < counts.get(best)!) best = sorted[k];
  return best;
}

function isNumericType(c: Column): c is NumericColumn {
  return c.type !== 'category' && c.type !== 'text';
}

/** The target as 0/1 per row (NaN where missing, or where the table lacks the column entirely). */
export function encodeTarget(table: Table, target: string, positive: string): Float64Array {
  const n = table.nRows;
  const out = new Float64Array(n).fill(NaN);
  const c = table.columns.find((x) => x.name === target);
  if (!c) return out;
  if (c.type === 'category') {
    const pos = c.categories.indexOf(positive);
    for (let i = 0; i < n; i++) out[i] = c.codes[i] < 0 ? NaN : c.codes[i] === pos ? 1 : 0;
  } else if (c.type === 'text') {
    for (let i = 0; i < n; i++) out[i] = c.values[i] == null ? NaN : c.values[i] === positive ? 1 : 0;
  } else {
    const p = c.type === 'boolean' ? (positive === 'true' ? 1 : 0) : Number(positive);
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(c.values[i]) ? NaN : c.values[i] === p ? 1 : 0;
  }
  return out;
}

/** The chosen feature columns, or the suggested ones when none are chosen; never the target. */
export function resolveFeatureColumns(
  columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>,
  chosen: string[],
  target: string,
): string[] {
  if (chosen.length === 0) {
    const suggested = suggestFeatureColumns(columns, [target]);
    if (suggested.length === 0) {
      throw new NodeError(
        'No usable feature columns: the table has no number, category or yes/no columns besides the target, identifiers and protected attributes. Choose features explicitly.',
        { field: 'features' },
      );
    }
    return suggested;
  }
  if (chosen.includes(target)) {
    throw new NodeError(`The target "${target}" is also listed as a feature. Remove it from the features.`, {
      field: 'features',
      column: target,
    });
  }
  return chosen;
}

export interface TrainingData {
  features: FeatureMatrix;
  /** 0/1 labels. */
  y: Uint8Array;
  /** The table's row weights, if any (class weights are the trainer's business). */
  rowWeights?: Float64Array;
  spec: FeaturizerSpec;
  featureColumns: string[];
  positive: string;
}

/** Features and labels of the training table; a clear error for rows without a label. */
export function prepareTraining(train: Table, params: TrainerParamValues, options: FeaturizerOptions = {}): TrainingData {
  const positive = resolvePositiveClass(train, params.target, params.positive);
  const labels = encodeTarget(train, params.target, positive);
  const y = new Uint8Array(train.nRows);
  let n1 = 0;
  for (let i = 0; i < train.nRows; i++) {
    if (Number.isNaN(labels[i])) {
      throw new NodeError(
        `Target "${params.target}" is missing in training row ${i + 1}. Filter out rows without a target (Filter rows: "is not missing") first.`,
        { column: params.target, row: i },
      );
    }
    y[i] = labels[i];
    n1 += y[i];
  }
  if (n1 === 0 || n1 === train.nRows) {
    throw new NodeError(
      `Every training row has the same outcome for "${params.target}" (positive class "${positive}"); a classifier needs both outcomes.`,
      { column: params.target },
    );
  }
  if (params.textOnly && !train.sparse) {
    throw new NodeError('"Text features only" is on, but the table has no text features. Add a TF-IDF node before this one.', {
      field: 'textOnly',
    });
  }
  const featureColumns = params.textOnly ? [] : resolveFeatureColumns(train.columns, params.features, params.target);
  const spec = fitFeaturizer(train, featureColumns, options);
  const features = applyFeaturizer(spec, train);
  return { features, y, rowWeights: train.weights, spec, featureColumns, positive };
}

const RESERVED_ROLES = new Set(['target', 'score', 'prediction']);

/** The predictions table: input columns (sparse dropped, weights kept) + score, predicted, actual. */
export function buildPredictions(table: Table, scores: Float64Array, actual: Float64Array, threshold: number): Table {
  const n = table.nRows;
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) predicted[i] = scores[i] >= threshold ? 1 : 0;
  const added: Column[] = [
    { name: 'score', type: 'number', role: 'score', values: scores },
    { name: 'predicted', type: 'integer', role: 'prediction', values: predicted },
    { name: 'actual', type: 'integer', role: 'target', values: actual },
  ];
  const addedNames = new Set(added.map((c) => c.name));
  const columns: Column[] = table.columns
    .filter((c) => !addedNames.has(c.name))
    .map((c) => (c.role && RESERVED_ROLES.has(c.role) ? { ...c, role: undefined } : c));
  const out: Table = { nRows: n, columns: [...columns, ...added] };
  if (table.weights) out.weights = table.weights;
  return out;
}

export function predictionsSchema(input: TableSchema): TableSchema {
  const added: ColumnSchema[] = [
    { name: 'score', type: 'number', role: 'score' },
    { name: 'predicted', type: 'integer', role: 'prediction' },
    { name: 'actual', type: 'integer', role: 'target' },
  ];
  const columns = input.columns
    .filter((c) => !added.some((a) => a.name === c.name))
    .map((c) => (c.role && RESERVED_ROLES.has(c.role) ? { ...c, role: undefined } : c));
  const out: TableSchema = { columns: [...columns, ...added] };
  if (input.weighted) out.weighted = true;
  return out;
}

/** schema() of a trainer node: model features and the predictions table, without running. */
export function trainerSchema(
  kind: string,
  inputs: { train: TableSchema | undefined; test?: TableSchema | undefined },
  params: TrainerParamValues,
): { model?: ModelSchema; predictions?: TableSchema } {
  const train = inputs.train;
  if (!train) return {};
  const out: { model?: ModelSchema; predictions?: TableSchema } = {};
  if (params.target) {
    const names = params.textOnly ? [] : resolveFeatureColumnsSafe(train.columns, params.features, params.target);
    out.model = {
      kind,
      target: params.target,
      features: names.flatMap((n) => train.columns.filter((c) => c.name === n)),
    };
  }
  out.predictions = predictionsSchema(inputs.test ?? train);
  return out;
}

function resolveFeatureColumnsSafe(columns: ColumnSchema[], chosen: string[], target: string): string[] {
  try {
    return resolveFeatureColumns(columns, chosen, target);
  } catch {
    return [];
  }
}

export interface FitResult {
  state: Record<string, unknown>;
  /** Training diagnostics (iterations, loss, …) stored on the model. */
  metrics?: Record<string, number>;
  /**
   * Scores of the rows to score (fit's second argument), when the trainer computed them on the way
   * (e.g. in its parallel tasks); they must equal what the model's scorer gives for those rows.
   */
  scores?: Float64Array;
}

/**
 * The whole trainer flow around a kind-specific `fit`: prepare features and labels, fit, wrap the
 * model (featurizer, names, target, fingerprint), and score the test table (or the training table).
 * The model kind must have a scorer, declared in the trainer node's definition (`scorers`).
 */
export async function runTrainer(args: {
  kind: string;
  inputs: { train: Table; test?: Table };
  params: TrainerParamValues;
  hyperParams: Record<string, unknown>;
  ctx: NodeContext;
  featurizerOptions?: FeaturizerOptions;
  /** `scoring`: the rows the predictions will hold (the test table's, else the training rows). */
  fit: (data: TrainingData, scoring: FeatureMatrix) => Promise<FitResult>;
}): Promise<{ model: Model; predictions: Table }> {
  const { kind, inputs, params, ctx } = args;
  const data = prepareTraining(inputs.train, params, args.featurizerOptions);
  ctx.log(
    `Training ${kind} on ${data.features.n} rows, ${data.features.names.length} features; positive class "${data.positive}".`,
  );
  const scored = inputs.test ?? inputs.train;
  const features = inputs.test ? applyFeaturizer(data.spec, inputs.test) : data.features;
  // The fit starts first: a parallel fit (the forest) hands its tasks to the pool at its first await, so
  // the fingerprint below is hashed while the other workers train, not after the last tree.
  const fitting = args.fit(data, features);
  fitting.catch(() => undefined); // awaited below; this only keeps a failed fit from counting as unhandled meanwhile
  const fingerprint = fingerprintTable(inputs.train, { kind, hyperParams: args.hyperParams, features: data.featureColumns, target: params.target, positive: data.positive });
  const fitted = await fitting;
  const model: Model = {
    kind,
    hyperParams: { ...args.hyperParams, threshold: params.threshold },
    featureNames: data.features.names,
    featurizer: data.spec,
    state: fitted.state,
    target: { column: params.target, positive: data.positive },
    fingerprint,
    trainedAt: new Date().toISOString(),
  };
  if (fitted.metrics) model.metrics = fitted.metrics;
  const scores = fitted.scores ?? scoreMatrix(model, features);
  const actual = encodeTarget(scored, params.target, data.positive);
  return { model, predictions: buildPredictions(scored, scores, actual, params.threshold) };
}
