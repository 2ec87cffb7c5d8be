import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { TreeShapShared, TreeShapTask } from '../../src/ml/explain/tree-shap-kernel.ts';

/** The parallel kernel this node declares: TreeSHAP for a block of rows, the ensemble shared. */
export const TREE_SHAP_KERNEL = 'tree-shap-rows';

export const description = describeNode({
  type: 'explain',
  version: 1,
  title: 'Explain (SHAP)',
  phase: 'evaluation',
  category: 'Explain',
  summary: 'Why each person got their score: how much each column pushed it up or down (SHAP values).',
  // Loaded on first use, like run (explain's run code and kernels stay out of the designer's start-up bundle).
  kernels: {
    [TREE_SHAP_KERNEL]: (task: TreeShapTask, shared: TreeShapShared) =>
      import('../../src/ml/explain/tree-shap-kernel.ts').then((m) => m.runTreeShapBlock(task, shared)),
  },
  inputs: {
    model: { type: 'model', label: 'Model' },
    table: { type: 'table', label: 'Rows to explain', help: 'Needs the columns the model was trained on (e.g. the current snapshot).' },
  },
  outputs: { explanation: { type: 'explanation', label: 'Explanation' } },
  params: {
    method: param.enum({
      options: ['auto', 'tree', 'linear', 'sampling'],
      optionLabels: { auto: 'Automatic', tree: 'TreeSHAP (exact, tree models)', linear: 'Linear SHAP (exact, logistic regression)', sampling: 'Sampling (any model)' },
      default: 'auto',
      label: 'Method',
      help: 'Automatic uses the exact method for the model type and sampling for anything else.',
    }),
    group: param.boolean({ default: true, label: 'Group by source column', help: 'Add up the parts of a category (one-hot) or a text (words) into one contribution for that column.' }),
    idColumn: param.column({ from: 'table', optional: true, role: 'identifier', label: 'Row label column', help: 'e.g. employee_id, to recognise people in the views.' }),
    maxRows: param.integer({ default: 5000, min: 1, max: 1_000_000, label: 'Rows to explain (at most)', help: 'The first rows of the table, up to this many.' }),
    timeBudgetMs: param.integer({ default: 5000, min: 0, max: 600_000, label: 'Time budget for sampling (ms)', advanced: true, help: 'Sampling stops adding permutations after this long (each row gets at least one pair).' }),
    backgroundRows: param.integer({ default: 30, min: 1, max: 1000, label: 'Background rows for sampling', advanced: true }),
  },
  schema() {
    return { explanation: {} };
  },
});

export const explain = withLazyRun(description, () => import('./run.ts'));
