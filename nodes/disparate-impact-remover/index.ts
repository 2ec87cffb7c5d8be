import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { type Column, type ColumnSchema } from '../../src/core/table/table.ts';
import { suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';
import { repairFeature } from '../../src/ml/fairness/disparate-impact-remover.ts';
import { encodeGroups } from '../../src/ml/fairness/groups.ts';

function numericFeatures(columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>, exclude: string[]): string[] {
  return suggestFeatureColumns(columns, exclude).filter((n) => {
    const t = columns.find((c) => c.name === n)!.type;
    return t === 'number' || t === 'integer';
  });
}

export const disparateImpactRemover = defineNode({
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
  async run({ inputs, params, ctx }) {
    const t = inputs.table;
    const groups = encodeGroups(t, params.protected);
    const features = params.features.length ? params.features : numericFeatures(t.columns, params.protected);
    if (features.length === 0) throw new NodeError('No numeric feature to repair: choose the features.', { field: 'features' });
    const repaired: Column[] = [];
    const summary: Array<{ feature: string; groups: Array<{ group: string; meanBefore: number; meanAfter: number }> }> = [];
    for (const [k, name] of features.entries()) {
      const c = t.columns.find((x) => x.name === name);
      if (!c) throw new NodeError(`Feature "${name}" is not in the table.`, { column: name, field: 'features' });
      if (c.type !== 'number' && c.type !== 'integer') {
        throw new NodeError(`"${name}" is ${c.type}; only numeric features can be repaired.`, { column: name, field: 'features' });
      }
      const { values, means } = repairFeature(c.values, groups.codes, groups.labels.length, params.repairLevel);
      repaired.push({ ...c, type: 'number', values });
      summary.push({ feature: name, groups: means.map((m, g) => ({ group: groups.labels[g], meanBefore: m.before, meanAfter: m.after })) });
      ctx.progress((k + 1) / features.length);
      await ctx.checkpoint();
    }
    if (groups.missing) ctx.log(`${groups.missing} row(s) without a protected value are left unrepaired.`, 'warn');
    const byName = new Map(repaired.map((c) => [c.name, c]));
    return {
      table: { ...t, columns: t.columns.map((c) => byName.get(c.name) ?? c) },
      report: {
        kind: 'disparate-impact-repair',
        title: 'Disparate impact repair',
        data: { protected: params.protected, repairLevel: params.repairLevel, features: summary },
      },
    };
  },
});
