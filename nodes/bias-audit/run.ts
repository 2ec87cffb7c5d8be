import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { buildBiasAudit } from '../../src/ml/fairness/bias-audit.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.data;
  const cols = predictionColumns(t);
  const outcomeColumn = params.outcomeColumn || (params.outcome === 'score' ? cols.score : cols.predicted);
  if (!outcomeColumn) throw new NodeError('Choose the outcome column (the input has no model predictions to default to).', { field: 'outcomeColumn' });
  const audit = buildBiasAudit(t, {
    sexColumn: params.sexColumn || undefined,
    raceColumn: params.raceColumn || undefined,
    outcome: params.outcome,
    outcomeColumn,
    selectedValue: params.selectedValue,
    unknownValues: params.unknownValues.split(','),
    excludeSmall: params.excludeSmall,
    justification: params.justification,
    title: params.title,
  });
  for (const tb of audit.tables) {
    for (const r of tb.rows) if (r.fourFifthsFlag) ctx.log(`${tb.dimension}: "${r.category}" impact ratio ${r.impactRatio!.toFixed(3)} is below 0.80.`, 'warn');
  }
  const { html, csv, ...data } = audit;
  return { report: { kind: 'bias-audit', title: audit.title, data: { ...data, csv }, html } };
}
