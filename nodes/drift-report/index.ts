import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Model } from '../../src/core/ports.ts';
import type { Table, TableSchema } from '../../src/core/table/table.ts';
import { DEFAULT_BINS } from '../../src/ml/drift/drift-defaults.ts';
import type { ColumnDrift, DriftThresholds, PeriodDrift } from '../../src/ml/drift/feature-drift.ts';
import { GRANULARITIES } from '../../src/ml/drift/periods.ts';
import type { FeaturizerSpec } from '../../src/ml/features/featurizer.ts';

/** The data of a drift report (Document kind 'drift-report'): what viewers and monitoring records read. */
export interface DriftReportData {
  referenceRows: number;
  currentRows: number;
  bins: number;
  thresholds: DriftThresholds;
  /** Every compared column, features first and the score column last (role 'score'). */
  columns: ColumnDrift[];
  /** With a period column: the current table's periods (time order) and PSI / JS per column and period. */
  periodColumn?: string;
  periods?: string[];
  byPeriod?: Array<{ column: string; role: 'feature' | 'score'; values: PeriodDrift[] }>;
  drifted: string[];
  moderate: string[];
  /** Per period: the column/period cells at or above the major PSI threshold. */
  driftedPeriods: Array<{ column: string; period: string; psi: number }>;
  scoreDrifted: boolean | null;
  warnings: string[];
}

/** Roles that are never model inputs, so "all columns" leaves them out. */
const NOT_FEATURES = new Set(['identifier', 'target', 'prediction', 'score', 'weight', 'text', 'time']);

function modelInputColumns(model: Model): string[] | undefined {
  const spec = model.featurizer as Partial<FeaturizerSpec> | undefined;
  return Array.isArray(spec?.columns) ? spec.columns.map((c) => c.name) : undefined;
}

export function chooseFeatures(reference: Table | TableSchema, chosen: string[], model: Model | undefined, exclude: Set<string>): string[] {
  if (chosen.length > 0) return chosen;
  const fromModel = model ? modelInputColumns(model) : undefined;
  if (fromModel) return fromModel;
  return reference.columns.filter((c) => !exclude.has(c.name) && !(c.role && NOT_FEATURES.has(c.role))).map((c) => c.name);
}

export const description = describeNode({
  type: 'drift-report',
  version: 1,
  title: 'Drift report',
  phase: 'deployment',
  category: 'Monitoring',
  summary: 'How far a new batch has moved from the reference data: PSI, Kolmogorov–Smirnov and Jensen–Shannon per feature and for the model score.',
  inputs: {
    reference: { type: 'table', label: 'Reference', help: 'The data the model was trained or validated on (or an earlier, trusted batch).' },
    current: { type: 'table', label: 'Current batch', help: 'The new data (or its predictions) to check against the reference.' },
    model: { type: 'model', label: 'Model', optional: true, help: 'Optional: compare exactly the columns this model reads, and fail when the batch lacks one.' },
  },
  outputs: { report: { type: 'report', label: 'Drift report' } },
  params: {
    features: param.columns({
      from: 'reference',
      label: 'Features',
      help: 'Columns to compare. Empty: the model’s input columns when a model is connected, else every column except identifiers, targets, predictions, scores, weights, text and time columns.',
    }),
    score: param.column({
      from: 'current',
      optional: true,
      types: ['number', 'integer'],
      role: 'score',
      label: 'Score column',
      help: 'The model score to check for drift. Empty: the column named "score" (or with the score role) when both tables have it.',
    }),
    period: param.column({
      from: 'current',
      optional: true,
      label: 'Period column',
      help: 'Optional: a column of the current table that names its period (e.g. quarter), or a date column cut into periods by Granularity. Gives drift per period (the heat map).',
    }),
    granularity: param.enum({
      options: GRANULARITIES,
      optionLabels: { month: 'Month', quarter: 'Quarter', 'half-year': 'Half-year', year: 'Year' },
      default: 'quarter',
      label: 'Granularity',
      help: 'When the period column is a date: the length of a period.',
    }),
    bins: param.integer({ default: DEFAULT_BINS, min: 2, max: 50, label: 'Bins', help: 'Numeric columns are cut at the reference’s quantiles into this many bins (fewer where values repeat).', advanced: true }),
    psiModerate: param.number({ default: 0.1, min: 0, label: 'PSI: moderate from', help: 'PSI at or above this is a moderate shift (amber).', advanced: true }),
    psiMajor: param.number({ default: 0.25, min: 0, label: 'PSI: drift from', help: 'PSI at or above this flags the column as drifted (red).', advanced: true }),
    ksAlpha: param.number({ default: 0.05, min: 0, max: 1, exclusiveMin: true, label: 'KS significance level', advanced: true }),
    ksMinStatistic: param.number({
      default: 0.1,
      min: 0,
      max: 1,
      label: 'KS: smallest D that flags',
      help: 'With large batches even a negligible shift is significant, so KS flags a column only when p < the level AND D is at least this.',
      advanced: true,
    }),
    jsThreshold: param.number({ default: 0.1, min: 0, max: 1, label: 'Jensen–Shannon distance that flags', advanced: true }),
    minPeriodRows: param.integer({ default: 50, min: 1, label: 'Fewest rows per period', help: 'Periods with fewer rows get no drift figures (a warning says so).', advanced: true }),
  },
  schema({ inputs, params }) {
    if (!inputs.reference || !inputs.current) return {};
    return { report: { kind: 'drift-report', features: chooseFeatures(inputs.reference, params.features, undefined, new Set([params.score, params.period])) } };
  },
});

export const driftReport = withLazyRun(description, () => import('./run.ts'));
