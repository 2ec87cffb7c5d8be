import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { scoreTable } from '../../src/ml/models/scorers.ts';
import { buildPredictions, encodeTarget } from '../_shared/trainer.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const { model, table } = inputs;
  const modelThreshold = typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5;
  const threshold = params.thresholdFrom === 'custom' ? params.threshold : modelThreshold;
  const scores = scoreTable(model, table);
  const actual = encodeTarget(table, model.target.column, model.target.positive);
  ctx.log(`Scored ${table.nRows} rows with the ${model.kind} model (threshold ${threshold}).`);
  return { predictions: buildPredictions(table, scores, actual, threshold) };
}
