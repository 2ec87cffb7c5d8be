import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';

export function numericFeatures(columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>, exclude: string[]): string[] {
  return suggestFeatureColumns(columns, exclude).filter((n) => {
    const t = columns.find((c) => c.name === n)!.type;
    return t === 'number' || t === 'integer';
  });
}

export const description = describeNode({
  type: 'disparate-impact-remover',
  version: 1,
  title: 'Disparate impact remover',
  phase: 'data-preparation',
  category: 'Fairness',
  summary: 'Edits numeric features so their distributions match across groups, keeping the order within each group.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Repaired table' }, report: { type: 'report', label: 'Repair summary' } },
  params: {
    protected: param.columns({ from: 'table', types: ['category', 'integer', 'boolean', 'text'], label: 'Protected columns', minItems: 1 }),
    features: param.columns({
      from: 'table',
      types: ['number', 'integer'],
      label: 'Features to repair',
      help: 'Numeric columns to repair. Empty: every numeric feature column (not the target, identifiers or protected columns).',
    }),
    repairLevel: param.number({
      default: 1,
      min: 0,
      max: 1,
      step: 0.05,
      label: 'Repair level',
      help: '0 leaves the data unchanged; 1 makes each feature’s distribution identical across groups; in between moves part of the way.',
    }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    // Integer columns can become fractional after repair.
    const chosen = new Set(params.features.length ? params.features : numericFeatures(inputs.table.columns, params.protected));
    const columns = inputs.table.columns.map((c) => (chosen.has(c.name) && c.type === 'integer' ? { ...c, type: 'number' as const } : c));
    return { table: { ...inputs.table, columns }, report: { kind: 'disparate-impact-repair' } };
  },
});

export const disparateImpactRemover = withLazyRun(description, () => import('./run.ts'));
