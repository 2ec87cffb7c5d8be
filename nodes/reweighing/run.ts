import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { reweigh } from '../../src/ml/fairness/reweighing.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const groups = encodeGroups(t, params.protected);
  const label = binaryOutcome(t, params.label, params.favorable);
  const res = reweigh(groups.codes, groups.labels.length, label, t.weights);
  const rows = groups.labels.map((g, k) => ({
    group: g,
    unfavourable: { rows: res.counts[k][0], weight: res.factors[k][0] },
    favourable: { rows: res.counts[k][1], weight: res.factors[k][1] },
  }));
  for (const r of rows) {
    ctx.log(`${r.group}: favourable rows weighted ×${r.favourable.weight.toFixed(3)}, unfavourable ×${r.unfavourable.weight.toFixed(3)}.`);
  }
  if (groups.missing > 0) ctx.log(`${groups.missing} row(s) without a protected value keep their weight.`, 'warn');
  return {
    table: { ...t, weights: res.weights },
    report: { kind: 'reweighing', title: 'Reweighing factors', data: { protected: params.protected, label: params.label, favorable: params.favorable, groups: rows } },
  };
}
