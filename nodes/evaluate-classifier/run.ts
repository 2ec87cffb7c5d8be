import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Metrics } from '../../src/core/ports.ts';
import type { Column, NumericColumn, Table } from '../../src/core/table/table.ts';
import { evaluateBinary } from '../../src/ml/metrics/classification.ts';
import { brierScore } from '../../src/ml/metrics/calibration.ts';
import type { description } from './index.ts';

/** The column with this name, else the first with this role. */
function pick(t: Table, name: string, role: Column['role']): Column | undefined {
  return t.columns.find((c) => c.name === name) ?? t.columns.find((c) => c.role === role);
}

function numeric(c: Column | undefined, what: string): NumericColumn {
  if (!c) {
    throw new NodeError(
      `The input has no ${what} column. Connect the Predictions output of a model or a Predict node.`,
    );
  }
  if (c.type === 'category' || c.type === 'text') {
    throw new NodeError(`Column "${c.name}" should hold numbers to be used as the ${what}, but it is ${c.type}.`, {
      column: c.name,
    });
  }
  return c;
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.predictions;
  const score = numeric(pick(t, 'score', 'score'), 'score');
  const actual = numeric(pick(t, 'actual', 'target'), 'actual outcome');
  // Rows without a known outcome cannot be evaluated; say how many were left out.
  const keep: number[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const y = actual.values[i];
    if (Number.isNaN(y)) continue;
    if (y !== 0 && y !== 1) {
      throw new NodeError(`Row ${i + 1} has outcome ${y} in "${actual.name}"; expected 0 or 1.`, {
        row: i,
        column: actual.name,
      });
    }
    if (Number.isNaN(score.values[i])) {
      throw new NodeError(`Row ${i + 1} has no score in "${score.name}".`, { row: i, column: score.name });
    }
    keep.push(i);
  }
  if (keep.length === 0) {
    throw new NodeError(
      `No row has a known outcome in "${actual.name}", so there is nothing to evaluate. Evaluate rows whose outcome is known (e.g. the test split).`,
    );
  }
  if (keep.length < t.nRows) ctx.log(`${t.nRows - keep.length} rows without a known outcome were left out.`, 'warn');
  const n = keep.length;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  let weights: Float64Array | undefined;
  if (params.useWeights) {
    if (!t.weights) ctx.log('The table has no row weights; every row counts once.', 'warn');
    else weights = new Float64Array(n);
  }
  for (let k = 0; k < n; k++) {
    scores[k] = score.values[keep[k]];
    labels[k] = actual.values[keep[k]];
    if (weights) weights[k] = t.weights![keep[k]];
  }
  const ev = evaluateBinary(scores, labels, { threshold: params.threshold, weights });
  if (Number.isNaN(ev.auc)) ctx.log('Only one outcome occurs among the evaluated rows, so AUC is undefined.', 'warn');
  const metrics: Metrics = {
    kind: 'classification',
    values: {
      auc: ev.auc,
      precision: ev.precision,
      recall: ev.recall,
      f1: ev.f1,
      accuracy: ev.accuracy,
      threshold: ev.threshold,
      averagePrecision: ev.averagePrecision,
      logLoss: ev.logLoss,
      n,
      positives: ev.positives,
      negatives: ev.negatives,
    },
    threshold: ev.threshold,
    confusion: ev.confusion,
    roc: ev.roc,
    pr: ev.pr,
    scores,
    labels,
  };
  // The Brier score needs probabilities; scores of another scale (margins, ranks) have none.
  if (scores.every((v) => v >= 0 && v <= 1)) metrics.values!.brier = brierScore(scores, labels, weights);
  if (weights) metrics.extra = { weights };
  return { metrics };
}
