import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { byGroup, byReviewer, checkDecisions, overrideRates, reviewedTable } from './decisions.ts';
import { buildItems, fairnessContext } from './review-items.ts';
import type { ReviewDecisions, ReviewRequest } from './types.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
