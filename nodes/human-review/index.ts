import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';

const DECISION_SCHEMA: ColumnSchema[] = [
  { name: 'model_recommendation', type: 'category', categories: ['not-recommend', 'recommend'] },
  { name: 'review_decision', type: 'category', categories: ['accept', 'override'] },
  { name: 'final_decision', type: 'category', categories: ['not-recommend', 'recommend'] },
  { name: 'decided_by', type: 'text' },
  { name: 'reason', type: 'text' },
];

/**
 * Human review (GDPR Art. 22, EU AI Act Art. 14): the run stops here until people accept or override
 * each recommendation; downstream nodes get only reviewed decisions.
 */
export const description = describeNode({
  type: 'human-review',
  version: 1,
  title: 'Human review',
  phase: 'deployment',
  category: 'Oversight',
  summary: 'Stops the run until people accept or override each recommendation.',
  capabilities: { suspends: true },
  inputs: {
    predictions: { type: 'predictions', label: 'Predictions', help: 'A model’s predictions: one row per person to review.' },
    explanation: { type: 'explanation', label: 'Explanation', optional: true, help: 'Per-person explanations: the top drivers are shown to reviewers.' },
    fairness: { type: 'fairness', label: 'Fairness report', optional: true, help: 'Shown to reviewers as context (selection rates per group).' },
  },
  outputs: {
    decisions: { type: 'table', label: 'Reviewed decisions', help: 'The reviewed rows with final_decision, decided_by and reason.' },
    review: { type: 'review', label: 'Review record', help: 'The decisions and override rates per reviewer and per group.' },
  },
  params: {
    itemColumn: param.column({
      from: 'predictions',
      role: 'identifier',
      optional: true,
      label: 'Item id column',
      help: 'The column that identifies each person (e.g. employee_id). Empty: row numbers.',
    }),
    groupColumn: param.column({
      from: 'predictions',
      role: 'protected',
      optional: true,
      label: 'Group column',
      help: 'Protected attribute for override rates per group. Empty: the fairness report’s attribute, if connected.',
    }),
    threshold: param.number({ default: 0.5, min: 0, max: 1, step: 0.01, label: 'Recommendation threshold', help: 'Scores at or above it are shown as "recommend".' }),
    scope: param.enum({
      options: ['all', 'recommended'],
      optionLabels: { all: 'Everyone', recommended: 'Only people the model recommends' },
      default: 'all',
      label: 'Who is reviewed',
      help: 'Review every row, or only the rows the model recommends (the others do not go on).',
    }),
    hideScore: param.boolean({
      default: true,
      label: 'Hide score until assessment',
      help: 'Reviewers write their own assessment before they see the model’s score (against automation bias).',
    }),
    fourEyes: param.boolean({ default: false, label: 'Four-eyes review', help: 'Two different reviewers must agree on each decision.' }),
    topDrivers: param.integer({ default: 3, min: 0, max: 10, advanced: true, label: 'Drivers shown', help: 'How many explanation drivers to show per person.' }),
  },
  schema({ inputs }) {
    if (!inputs.predictions) return { review: {} };
    const names = new Set(DECISION_SCHEMA.map((c) => c.name));
    return {
      decisions: { ...inputs.predictions, columns: [...inputs.predictions.columns.filter((c) => !names.has(c.name)), ...DECISION_SCHEMA] },
      review: {},
    };
  },
});

export const humanReview = withLazyRun(description, () => import('./run.ts'));
