import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { justificationProblem } from '../../src/ml/fairness/bias-audit-justification.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';

export const description = describeNode({
  type: 'bias-audit',
  version: 1,
  title: 'Bias audit (NYC LL 144)',
  phase: 'evaluation',
  category: 'Fairness',
  summary: 'Selection or scoring rates and impact ratios per sex, race/ethnicity and their intersections, as a printable report.',
  inputs: { data: { type: 'table', label: 'Decisions or scores' } },
  outputs: { report: { type: 'report', label: 'Audit report' } },
  params: {
    sexColumn: param.column({ from: 'data', optional: true, types: ['category', 'text', 'integer', 'boolean'], label: 'Sex column' }),
    raceColumn: param.column({ from: 'data', optional: true, types: ['category', 'text', 'integer'], label: 'Race/ethnicity column' }),
    outcome: param.enum({
      options: ['selection', 'score'],
      optionLabels: { selection: 'Selection rate (yes/no decisions)', score: 'Scoring rate (share above median score)' },
      default: 'selection',
      label: 'Rate',
      help: 'Selection rate for yes/no decisions; scoring rate when the tool gives scores.',
    }),
    outcomeColumn: param.column({
      from: 'data',
      optional: true,
      label: 'Outcome column',
      help: 'The decision (selection) or score column. Empty: "predicted" or "score" from a model’s predictions.',
    }),
    selectedValue: param.string({
      default: '1',
      label: 'Selected value',
      help: 'Selection rate only: the value meaning "selected" (e.g. 1, Yes, Interview).',
      visibleWhen: { param: 'outcome', equals: 'selection' },
    }),
    unknownValues: param.string({
      default: 'Unknown',
      label: 'Values meaning unknown',
      help: 'Comma-separated category values counted as unknown (missing values always are).',
    }),
    excludeSmall: param.boolean({
      default: false,
      label: 'Exclude categories under 2%',
      help: 'Leave categories with less than 2% of the data out of the impact ratios. Requires a written justification.',
    }),
    justification: param.string({ default: '', multiline: true, maxLength: 4000, label: 'Justification', help: 'Why small categories are excluded (required when excluding).' }),
    title: param.string({ default: 'Bias audit', maxLength: 200, label: 'Report title' }),
  },
  schema({ inputs, params }) {
    const problem = justificationProblem(params.excludeSmall, params.justification);
    if (problem) throw new Error(problem);
    if (!params.sexColumn && !params.raceColumn) throw new Error('Choose a sex column, a race/ethnicity column, or both.');
    if (inputs.data && !params.outcomeColumn) {
      const cols = predictionColumns(inputs.data);
      if (!(params.outcome === 'score' ? cols.score : cols.predicted)) {
        throw new Error('Choose the outcome column (the input has no model predictions to default to).');
      }
    }
    return { report: { kind: 'bias-audit' } };
  },
});

export const biasAudit = withLazyRun(description, () => import('./run.ts'));
