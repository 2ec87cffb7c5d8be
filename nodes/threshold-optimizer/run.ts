import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { withColumns, type Table } from '../../src/core/table/table.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import { applyThresholds, fitThresholds } from '../../src/ml/fairness/threshold-optimizer.ts';
import { type description, LEGAL_WARNING } from './index.ts';

function scoreColumn(t: Table, which: 'fit' | 'apply'): Float64Array {
  const name = predictionColumns(t).score;
  const c = name ? t.columns.find((x) => x.name === name) : undefined;
  if (!c || c.type === 'category' || c.type === 'text') {
    throw new NodeError(
      `The ${which === 'fit' ? '"Predictions"' : '"Apply to"'} input has no numeric "score" column. Connect the predictions output of a model.`,
      { field: which },
    );
  }
  return c.values;
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  ctx.log(LEGAL_WARNING, 'warn');
  const fitTable = inputs.data;
  const groups = encodeGroups(fitTable, params.protected);
  const actualName = predictionColumns(fitTable).actual;
  if (!actualName) throw new NodeError('The predictions have no "actual" column with known outcomes, which fitting needs.', { field: 'data' });
  const actual = binaryOutcome(fitTable, actualName, '1', 'actual');
  const fit = fitThresholds(groups.codes, groups.labels, scoreColumn(fitTable, 'fit'), actual, params.constraint);
  const target = inputs.apply ?? fitTable;
  let codes = groups.codes;
  if (inputs.apply) {
    const g2 = encodeGroups(inputs.apply, params.protected);
    const map = g2.labels.map((l) => groups.labels.indexOf(l));
    const unseen = g2.labels.filter((_, k) => map[k] < 0);
    if (unseen.length) {
      throw new NodeError(`Group(s) ${unseen.map((u) => `"${u}"`).join(', ')} do not occur in the fitting data, so no threshold exists for them.`);
    }
    codes = g2.codes.map((c) => (c < 0 ? -1 : map[c]));
  }
  const { probability, predicted } = applyThresholds(fit, codes, scoreColumn(target, 'apply'), ctx.rng);
  let missing = 0;
  for (let i = 0; i < predicted.length; i++) if (Number.isNaN(predicted[i])) missing++;
  if (missing) ctx.log(`${missing} row(s) without a protected value or score get no decision.`, 'warn');
  for (const r of fit.rules) {
    ctx.log(`${r.group}: select when score ≥ ${r.tA.toFixed(4)} (weight ${r.w.toFixed(3)}) / ≥ ${r.tB.toFixed(4)} (${(1 - r.w).toFixed(3)}), random share ${r.q.toFixed(3)}.`);
  }
  const predName = predictionColumns(target).predicted ?? 'predicted';
  const out = withColumns(target, [
    { name: predName, type: 'integer', role: 'prediction', values: predicted },
    { name: 'selection_probability', type: 'number', values: probability },
  ]);
  return {
    predictions: out,
    report: {
      kind: 'threshold-optimizer',
      title: 'Group-specific thresholds',
      data: { ...fit, protected: params.protected, warning: LEGAL_WARNING },
    },
  };
}
