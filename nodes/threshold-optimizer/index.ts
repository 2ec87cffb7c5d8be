import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { withColumns, type Table } from '../../src/core/table/table.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import { applyThresholds, fitThresholds } from '../../src/ml/fairness/threshold-optimizer.ts';

export const LEGAL_WARNING =
  'Group-specific cut-offs treat people differently according to a protected attribute. In employment decisions this can be ' +
  'unlawful in some jurisdictions: US Title VII §703(l) forbids adjusting scores or using different cut-off scores on the basis of ' +
  'race, color, religion, sex or national origin. Take legal advice before using these decisions.';

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

export const thresholdOptimizer = defineNode({
  type: 'threshold-optimizer',
  version: 1,
  title: 'Threshold optimizer',
  phase: 'evaluation',
  category: 'Fairness',
  summary: 'Per-group randomised thresholds for equalized odds or demographic parity (post-processing; see legal warning).',
  inputs: {
    data: { type: 'predictions', label: 'Predictions (to fit on)', help: 'Scored rows with known outcomes, e.g. a validation set.' },
    apply: { type: 'predictions', label: 'Apply to', optional: true, help: 'Optional: other scored rows to decide with the fitted rules (default: the fitting rows).' },
  },
  outputs: {
    predictions: { type: 'predictions', label: 'Adjusted predictions' },
    report: { type: 'report', label: 'Thresholds per group' },
  },
  params: {
    protected: param.columns({ from: 'data', types: ['category', 'integer', 'boolean', 'text'], label: 'Protected columns', minItems: 1 }),
    constraint: param.enum({
      options: ['equalized-odds', 'demographic-parity'],
      optionLabels: { 'equalized-odds': 'Equalized odds (same TPR and FPR)', 'demographic-parity': 'Demographic parity (same selection rate)' },
      default: 'equalized-odds',
      label: 'Fairness constraint',
    }),
  },
  schema({ inputs }) {
    const src = inputs.apply ?? inputs.data;
    if (!src) return {};
    const columns = src.columns.filter((c) => c.name !== 'selection_probability').concat({ name: 'selection_probability', type: 'number' });
    return { predictions: { ...src, columns }, report: { kind: 'threshold-optimizer' } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
