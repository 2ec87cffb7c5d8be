import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { reweigh } from '../../src/ml/fairness/reweighing.ts';

export const reweighing = defineNode({
  type: 'reweighing',
  version: 1,
  title: 'Reweighing',
  phase: 'data-preparation',
  category: 'Fairness',
  summary: 'Weights rows so the label no longer depends on the protected group (Kamiran–Calders); trainers use the weights.',
  // Weights matter only to training; scoring passes every row through.
  replay: { kind: 'pass-through', input: 'table' },
  inputs: { table: { type: 'table', label: 'Training table' } },
  outputs: { table: { type: 'table', label: 'Weighted table' }, report: { type: 'report', label: 'Weights per group' } },
  params: {
    protected: param.columns({ from: 'table', types: ['category', 'integer', 'boolean', 'text', 'number'], label: 'Protected columns', minItems: 1 }),
    label: param.column({ from: 'table', label: 'Label column', role: 'target', help: 'The outcome the model will learn (e.g. promoted).' }),
    favorable: param.string({ default: '1', label: 'Favourable value', help: 'The label value that is the good outcome (e.g. 1, Yes).' }),
  },
  schema({ inputs }) {
    if (!inputs.table) return {};
    return { table: { ...inputs.table, weighted: true }, report: { kind: 'reweighing' } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
