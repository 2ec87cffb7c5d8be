import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
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
});

export const reweighing = withLazyRun(description, () => import('./run.ts'));
