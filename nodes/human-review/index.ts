import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { byGroup, byReviewer, checkDecisions, overrideRates, reviewedTable } from './decisions.ts';
import { buildItems, fairnessContext } from './review-items.ts';
import type { ReviewDecisions, ReviewRequest } from './types.ts';

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
export const humanReview = defineNode({
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
  async run({ inputs, params, ctx }) {
    const given = ctx.decisions as ReviewDecisions | undefined;
    if (given?.halted) {
      const h = given.halted;
      throw new NodeError(`Use of this pipeline was stopped by ${h.by} on ${h.at.slice(0, 10)}: ${h.reason}. Its recommendations must not be used until it is released.`, {
        field: 'decisions',
      });
    }
    const predictions = inputs.predictions;
    let groupColumn = params.groupColumn;
    if (!groupColumn && inputs.fairness && predictions.columns.some((c) => c.name === inputs.fairness!.attribute)) groupColumn = inputs.fairness.attribute;
    const { items, groupColumn: usedGroup } = buildItems(
      predictions,
      { itemColumn: params.itemColumn, groupColumn, threshold: params.threshold, scope: params.scope, topDrivers: params.topDrivers },
      inputs.explanation,
    );
    const decided = checkDecisions(given?.decisions ?? [], items, params.fourEyes);
    if (decided.size < items.length || items.length === 0) {
      if (items.length === 0) ctx.log('No rows to review (none reached the threshold).', 'warn');
      else {
        const fairness = fairnessContext(inputs.fairness);
        const request: ReviewRequest = {
          kind: 'review-request',
          nodeId: ctx.nodeId,
          title: 'Review recommendations',
          itemColumn: params.itemColumn,
          ...(usedGroup ? { groupColumn: usedGroup } : {}),
          threshold: params.threshold,
          hideScore: params.hideScore,
          fourEyes: params.fourEyes,
          items,
          ...(fairness ? { fairness } : {}),
          decided: [...decided.keys()],
        };
        return ctx.suspend(request);
      }
    }
    const decisions = items.map((i) => decided.get(i.itemId)!);
    const overridden = decisions.filter((d) => d.decision === 'override').length;
    ctx.progress(1);
    return {
      decisions: reviewedTable(predictions, items, decided),
      review: {
        kind: 'review-decisions',
        title: `${decisions.length} reviewed, ${overridden} overridden`,
        data: {
          items: decisions.length,
          accepted: decisions.length - overridden,
          overridden,
          overrideRate: decisions.length ? overridden / decisions.length : 0,
          perReviewer: overrideRates(decisions, byReviewer),
          perGroup: overrideRates(decisions, byGroup(items)),
          decisions,
        },
      },
    };
  },
});
