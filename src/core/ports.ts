import type { ColumnSchema, Table, TableSchema } from './table/table.ts';

/** Every kind of value that can travel along an edge. */
export type PortType =
  | 'table'
  | 'predictions'
  | 'model'
  | 'metrics'
  | 'fairness'
  | 'explanation'
  | 'review'
  | 'report';

export const PORT_TYPES: readonly PortType[] = [
  'table',
  'predictions',
  'model',
  'metrics',
  'fairness',
  'explanation',
  'review',
  'report',
];

/**
 * Can an output of type `from` feed an input of type `to`?
 * Predictions are a table (score, label, identifiers), so they may feed any table input.
 */
export function canConnect(from: PortType, to: PortType): boolean {
  return from === to || (from === 'predictions' && to === 'table');
}

/** A trained model: serialisable (structured clone / JSON with typed arrays), self-describing. */
export interface Model {
  /** e.g. 'logistic-regression', 'random-forest', 'gradient-boosting'. */
  kind: string;
  hyperParams: Record<string, unknown>;
  /** The featurizer's output names, in the order the weights use. */
  featureNames: string[];
  /** How to rebuild the design matrix from a table (see src/ml/features). */
  featurizer: unknown;
  /** Kind-specific learned parameters (typed arrays allowed). */
  state: Record<string, unknown>;
  target: { column: string; positive: string };
  /** Hash of the training data and params: versioning and audit. */
  fingerprint: string;
  trainedAt?: string;
  metrics?: Record<string, number>;
  /**
   * The fitted preprocessing between the raw dataset and this model's input (a scoring pipeline,
   * src/monitoring/scoring-pipeline.ts), attached when the model is registered so raw batches can be
   * scored and monitored; absent for models saved before, or trained outside a pipeline run.
   */
  scoring?: unknown;
}

export interface ModelSchema {
  kind: string;
  features: ColumnSchema[];
  target?: string;
}

/** Evaluation results; the CLI summary takes the scalar fields. */
export interface Metrics {
  kind: 'classification' | 'cross-validation' | 'clustering' | 'other';
  values: Record<string, number>;
  threshold?: number;
  confusion?: { tp: number; fp: number; tn: number; fn: number };
  roc?: Array<{ fpr: number; tpr: number; threshold: number }>;
  pr?: Array<{ recall: number; precision: number; threshold: number }>;
  /** Raw scores and labels for live threshold exploration in the viewer. */
  scores?: Float64Array;
  labels?: Uint8Array;
  folds?: Array<Record<string, number>>;
  extra?: Record<string, unknown>;
}

export interface GroupFairness {
  group: string;
  n: number;
  selectionRate: number;
  tpr: number;
  fpr: number;
  fnr?: number;
  precision?: number;
  [k: string]: unknown;
}

export interface FairnessReport {
  attribute: string;
  privileged?: string;
  favorable?: string;
  groups: GroupFairness[];
  disparateImpact: number;
  statisticalParityDifference: number;
  equalOpportunityDifference: number;
  averageOddsDifference: number;
  equalizedOddsDifference: number;
  warnings: string[];
  extra?: Record<string, unknown>;
}

/** Free-form structured results (explanations, review decisions, reports) until their issues refine them. */
export interface Document {
  kind: string;
  title?: string;
  data: Record<string, unknown>;
  html?: string;
}

export interface PortValueMap {
  table: Table;
  predictions: Table;
  model: Model;
  metrics: Metrics;
  fairness: FairnessReport;
  explanation: Document;
  review: Document;
  report: Document;
}

export interface PortSchemaMap {
  table: TableSchema;
  predictions: TableSchema;
  model: ModelSchema;
  metrics: Record<string, unknown>;
  fairness: Record<string, unknown>;
  explanation: Record<string, unknown>;
  review: Record<string, unknown>;
  report: Record<string, unknown>;
}

export type PortValue<T extends PortType> = PortValueMap[T];
export type PortSchema<T extends PortType> = PortSchemaMap[T];
