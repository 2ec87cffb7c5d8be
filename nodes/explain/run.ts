import { NodeError } from '../../src/core/errors.ts';
import type { NodeContext, RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import type { Model } from '../../src/core/ports.ts';
import { cellValue, takeRows, type Table } from '../../src/core/table/table.ts';
import type { FeatureMatrix, FeaturizerSpec } from '../../src/ml/features/featurizer.ts';
import { featurizeForModel, scoreMatrix } from '../../src/ml/models/scorers.ts';
import { featureGroups } from '../../src/ml/explain/feature-groups.ts';
import { defaultMethod, explainMatrix, treeEnsembleOf, type ExplainCoreResult, type ShapMethod } from '../../src/ml/explain/explain-model.ts';
import { expectedMargin } from '../../src/ml/explain/tree-shap.ts';
import type { TreeShapShared, TreeShapTask } from '../../src/ml/explain/tree-shap-kernel.ts';
import { globalImportance, type ShapExplanation } from '../../src/ml/explain/explanation.ts';
import { type description, TREE_SHAP_KERNEL } from './index.ts';

/** TreeSHAP over row blocks on the worker pool (dense features only). */
async function parallelTreeShap(ctx: NodeContext, model: Model, m: FeatureMatrix, groupOf: Int32Array, nOut: number): Promise<ExplainCoreResult> {
  const ensemble = treeEnsembleOf(model);
  if (!ensemble) throw new NodeError(`TreeSHAP needs a tree model; "${model.kind}" is not one. Choose Automatic or Sampling.`, { field: 'method' });
  const chunks = Math.max(1, Math.min(8, Math.ceil(m.n / 500)));
  const shared: TreeShapShared = { ensemble, groupOf, nOut, totalRows: m.n };
  const tasks: TreeShapTask[] = [];
  for (let c = 0; c < chunks; c++) {
    const a = Math.floor((c * m.n) / chunks);
    const b = Math.floor(((c + 1) * m.n) / chunks);
    tasks.push({ X: m.X.slice(a * m.d, b * m.d), n: b - a, d: m.d });
  }
  const blocks = await ctx.parallel<TreeShapTask, Float64Array, TreeShapShared>(TREE_SHAP_KERNEL, tasks, shared);
  const values = new Float64Array(m.n * nOut);
  let off = 0;
  for (const b of blocks) {
    values.set(b, off);
    off += b.length;
  }
  return { method: 'tree', outputScale: ensemble.link === 'logit' ? 'log-odds' : 'probability', values, expectedValue: expectedMargin(ensemble) };
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const { model } = inputs;
  const full = inputs.table;
  const table: Table = full.nRows > params.maxRows ? takeRows(full, Array.from({ length: params.maxRows }, (_, i) => i)) : full;
  if (full.nRows > params.maxRows) ctx.log(`Explaining the first ${params.maxRows} of ${full.nRows} rows.`, 'warn');
  const spec = model.featurizer as FeaturizerSpec;
  const m = featurizeForModel(model, table);
  const groups = featureGroups(spec, model.featureNames, params.group, table.sparse?.source);
  const method: ShapMethod = params.method === 'auto' ? defaultMethod(model) : params.method;
  let core: ExplainCoreResult;
  try {
    core =
      method === 'tree' && !m.sparse
        ? await parallelTreeShap(ctx, model, m, groups.groupOf, groups.names.length)
        : explainMatrix(model, m, groups.groupOf, groups.names.length, { method, rng: ctx.rng, timeBudgetMs: params.timeBudgetMs, backgroundRows: params.backgroundRows });
  } catch (e) {
    if (e instanceof NodeError) throw e;
    throw new NodeError((e as Error).message, { field: 'method' });
  }
  const k = groups.names.length;
  const n = table.nRows;
  const featureValues = new Float64Array(n * k).fill(NaN);
  const featureLabels: Array<Array<string | null> | null> = groups.columns.map(() => null);
  groups.columns.forEach((name, g) => {
    const c = name ? table.columns.find((x) => x.name === name) : undefined;
    if (!c) return;
    if (c.type === 'category' || c.type === 'text') {
      featureLabels[g] = Array.from({ length: n }, (_, i) => {
        const v = cellValue(c, i);
        return v === null ? null : String(v);
      });
    } else {
      const scale = c.type === 'date' ? 1 / (365.25 * 86_400_000) : 1;
      for (let i = 0; i < n; i++) featureValues[i * k + g] = c.values[i] * scale;
    }
  });
  const idCol = params.idColumn ? table.columns.find((c) => c.name === params.idColumn) : undefined;
  const rowIds = Array.from({ length: n }, (_, i) => (idCol ? String(cellValue(idCol, i) ?? `row ${i + 1}`) : `row ${i + 1}`));
  const scores = scoreMatrix(model, m);
  const importance = globalImportance(core.values, n, groups.names);
  ctx.log(`SHAP (${core.method}) for ${n} rows; top drivers: ${importance.slice(0, 3).map((x) => x.feature).join(', ')}.${core.note ? ' ' + core.note : ''}`);
  const explanation: ShapExplanation = {
    kind: 'shap',
    title: `SHAP explanation (${core.method})`,
    data: {
      method: core.method,
      outputScale: core.outputScale,
      features: groups.names,
      rows: n,
      expectedValue: core.expectedValue,
      shap: core.values,
      featureValues,
      featureLabels,
      rowIds,
      scores,
      importance,
      modelKind: model.kind,
      ...(core.note ? { note: core.note } : {}),
    },
  };
  return { explanation };
}
