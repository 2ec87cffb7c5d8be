import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Column } from '../../src/core/table/table.ts';
import { repairFeature } from '../../src/ml/fairness/disparate-impact-remover.ts';
import { encodeGroups } from '../../src/ml/fairness/groups.ts';
import { type description, numericFeatures } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
