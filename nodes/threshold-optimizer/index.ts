import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const LEGAL_WARNING =
  'Group-specific cut-offs treat people differently according to a protected attribute. In employment decisions this can be ' +
  'unlawful in some jurisdictions: US Title VII §703(l) forbids adjusting scores or using different cut-off scores on the basis of ' +
  'race, color, religion, sex or national origin. Take legal advice before using these decisions.';

export const description = describeNode({
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
});

export const thresholdOptimizer = withLazyRun(description, () => import('./run.ts'));
