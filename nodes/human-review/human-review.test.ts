import { describe, expect, it } from 'vitest';
import type { Document, FairnessReport } from '../../src/core/ports.ts';
import { cellValue, type Table } from '../../src/core/table/table.ts';
import { SuspendSignal, testContext } from '../../src/runtime/testing/node-testing.ts';
import { validateDecisionBatch } from './decisions.ts';
import { humanReview } from './index.ts';
import type { ReviewDecisions, ReviewRequest } from './types.ts';

const predictions: Table = {
  nRows: 4,
  columns: [
    { name: 'employee_id', type: 'integer', values: new Float64Array([101, 102, 103, 104]), role: 'identifier' },
    { name: 'group', type: 'category', codes: new Int32Array([0, 1, 0, 1]), categories: ['A', 'B'] },
    { name: 'score', type: 'number', values: new Float64Array([0.9, 0.2, 0.55, 0.7]), role: 'score' },
    { name: 'predicted', type: 'integer', values: new Float64Array([1, 0, 1, 1]), role: 'prediction' },
    { name: 'actual', type: 'integer', values: new Float64Array([1, 0, 0, 1]), role: 'target' },
  ],
};
const explanation: Document = {
  kind: 'explanation',
  data: { featureNames: ['kpi', 'tenure', 'awards'], values: new Float64Array([0.5, -0.1, 0.2, -0.4, 0.05, 0, 0.1, 0.3, -0.2, 0.2, 0.2, 0.25]) },
};
const fairness = {
  attribute: 'group',
  privileged: 'A',
  groups: [
    { group: 'A', n: 2, selectionRate: 1, tpr: 1, fpr: 1 },
    { group: 'B', n: 2, selectionRate: 0.5, tpr: 1, fpr: 0 },
  ],
  disparateImpact: 0.5,
  statisticalParityDifference: -0.5,
  equalOpportunityDifference: 0,
  averageOddsDifference: -0.5,
  equalizedOddsDifference: 1,
  warnings: [],
} as FairnessReport;

const params = { itemColumn: 'employee_id', groupColumn: '', threshold: 0.5, scope: 'all' as 'all' | 'recommended', hideScore: true, fourEyes: false, topDrivers: 2 };

async function suspendRequest(p = params): Promise<ReviewRequest> {
  try {
    await humanReview.run({ inputs: { predictions, explanation, fairness }, params: p, ctx: testContext({ nodeId: 'review' }) });
  } catch (e) {
    if (e instanceof SuspendSignal) return e.request as ReviewRequest;
    throw e;
  }
  throw new Error('the node did not suspend');
}

describe('human-review node', () => {
  it('suspends with one item per person: recommendation, score, top drivers, group and fairness context', async () => {
    const req = await suspendRequest();
    expect(req.kind).toBe('review-request');
    expect(req.nodeId).toBe('review');
    expect(req.groupColumn).toBe('group');
    expect(req.hideScore).toBe(true);
    expect(req.items.map((i) => [i.itemId, i.recommendation, i.score, i.group])).toEqual([
      ['101', 'recommend', 0.9, 'A'],
      ['102', 'not-recommend', 0.2, 'B'],
      ['103', 'recommend', 0.55, 'A'],
      ['104', 'recommend', 0.7, 'B'],
    ]);
    expect(req.items[0].drivers).toEqual([
      { feature: 'kpi', contribution: 0.5 },
      { feature: 'awards', contribution: 0.2 },
    ]);
    expect(req.items[1].drivers).toEqual([
      { feature: 'kpi', contribution: -0.4 },
      { feature: 'tenure', contribution: 0.05 },
    ]);
    expect(req.fairness).toMatchObject({ attribute: 'group', disparateImpact: 0.5, groups: [{ group: 'A', selectionRate: 1 }, { group: 'B', selectionRate: 0.5 }] });
    const onlyRecommended = await suspendRequest({ ...params, scope: 'recommended' });
    expect(onlyRecommended.items.map((i) => i.itemId)).toEqual(['101', '103', '104']);
  });

  it('outputs only reviewed decisions with final_decision, decided_by and reason once all are decided', async () => {
    const req = await suspendRequest({ ...params, scope: 'recommended' });
    const batch = validateDecisionBatch(
      [
        { line: 2, item_id: '101', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 3, item_id: '103', decision: 'override', reason: 'KPI inflated by one project', reviewer: 'Ana' },
        { line: 4, item_id: '104', decision: 'accept', reason: '', reviewer: 'Bo' },
      ],
      req,
    );
    expect(batch.errors).toEqual([]);
    const decisions: ReviewDecisions = { decisions: batch.decisions! };
    const out = await humanReview.run({
      inputs: { predictions, explanation, fairness },
      params: { ...params, scope: 'recommended' },
      ctx: testContext({ nodeId: 'review', decisions }),
    });
    const t = out.decisions;
    expect(t.nRows).toBe(3);
    const col = (name: string) => {
      const c = t.columns.find((x) => x.name === name)!;
      return Array.from({ length: t.nRows }, (_, i) => cellValue(c, i));
    };
    expect(col('employee_id')).toEqual([101, 103, 104]);
    expect(col('final_decision')).toEqual(['recommend', 'not-recommend', 'recommend']);
    expect(col('review_decision')).toEqual(['accept', 'override', 'accept']);
    expect(col('decided_by')).toEqual(['Ana', 'Ana', 'Bo']);
    expect(col('reason')).toEqual([null, 'KPI inflated by one project', null]);
    expect(out.review.data).toMatchObject({ items: 3, accepted: 2, overridden: 1 });
    expect(out.review.data.perReviewer).toEqual([
      { key: 'Ana', decided: 2, overridden: 1, overrideRate: 0.5 },
      { key: 'Bo', decided: 1, overridden: 0, overrideRate: 0 },
    ]);
    expect(out.review.data.perGroup).toEqual([
      { key: 'A', decided: 2, overridden: 1, overrideRate: 0.5 },
      { key: 'B', decided: 1, overridden: 0, overrideRate: 0 },
    ]);
    // The schema step announces the same columns.
    const schema = humanReview.schema!({ inputs: { predictions: { columns: predictions.columns.map(({ name, type }) => ({ name, type })) }, explanation: undefined, fairness: undefined }, params, env: { datasetSchema: () => undefined } });
    expect(schema.decisions!.columns.map((c) => c.name)).toEqual(t.columns.map((c) => c.name));
  });

  it('waits again while some items are undecided, listing the decided ones', async () => {
    const req = await suspendRequest();
    const part = validateDecisionBatch([{ line: 2, item_id: '101', decision: 'accept', reason: '', reviewer: 'Ana' }], req);
    let again: ReviewRequest | undefined;
    try {
      await humanReview.run({ inputs: { predictions, explanation, fairness }, params, ctx: testContext({ nodeId: 'review', decisions: { decisions: part.decisions! } }) });
    } catch (e) {
      again = (e as SuspendSignal).request as ReviewRequest;
    }
    expect(again?.decided).toEqual(['101']);
  });

  it('rejects a bad batch whole, naming each bad row', async () => {
    const req = await suspendRequest();
    const r = validateDecisionBatch(
      [
        { line: 2, item_id: '101', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 3, item_id: '102', decision: 'override', reason: ' ', reviewer: 'Ana' },
        { line: 4, item_id: '999', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 5, item_id: '103', decision: 'maybe', reason: '', reviewer: 'Ana' },
        { line: 6, item_id: '104', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 7, item_id: '104', decision: 'accept', reason: '', reviewer: 'Bo' },
      ],
      req,
    );
    expect(r.decisions).toBeUndefined();
    expect(r.errors).toEqual([
      'Row 3 (item "102"): an override needs a reason (say why the recommendation is wrong for this person).',
      'Row 4 (item "999"): item_id "999" is not in this review queue (see review-queue.csv).',
      'Row 5 (item "103"): decision must be "accept" or "override", not "maybe".',
      'Rows 6, 7 (item "104"): the item appears more than once; decide each item once.',
    ]);
  });

  it('four-eyes: two different reviewers who agree', async () => {
    const req = { ...(await suspendRequest()), fourEyes: true };
    const ok = validateDecisionBatch(
      [
        { line: 2, item_id: '101', decision: 'override', reason: 'a', reviewer: 'Ana' },
        { line: 3, item_id: '101', decision: 'override', reason: 'b', reviewer: 'Bo' },
      ],
      req,
    );
    expect(ok.decisions).toEqual([expect.objectContaining({ itemId: '101', reviewer: 'Ana', secondReviewer: 'Bo', finalDecision: 'not-recommend', reason: 'a / b' })]);
    const same = validateDecisionBatch(
      [
        { line: 2, item_id: '101', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 3, item_id: '101', decision: 'accept', reason: '', reviewer: 'ana' },
      ],
      req,
    );
    expect(same.errors[0]).toMatch(/second, different reviewer/);
    const disagree = validateDecisionBatch(
      [
        { line: 2, item_id: '101', decision: 'accept', reason: '', reviewer: 'Ana' },
        { line: 3, item_id: '101', decision: 'override', reason: 'x', reviewer: 'Bo' },
      ],
      req,
    );
    expect(disagree.errors[0]).toMatch(/disagree/);
    await expect(
      humanReview.run({
        inputs: { predictions, explanation: undefined, fairness: undefined },
        params: { ...params, fourEyes: true },
        ctx: testContext({ nodeId: 'review', decisions: { decisions: [{ itemId: '101', decision: 'accept', reason: '', reviewer: 'Ana', finalDecision: 'recommend' }] } }),
      }),
    ).rejects.toThrow(/four-eyes mode needs two different reviewers/);
  });

  it('fails with who stopped it when the pipeline was halted, and names duplicate ids', async () => {
    await expect(
      humanReview.run({
        inputs: { predictions, explanation: undefined, fairness: undefined },
        params,
        ctx: testContext({ nodeId: 'review', decisions: { decisions: [], halted: { by: 'Dana', reason: 'bias drift found', at: '2025-03-01T10:00:00Z' } } }),
      }),
    ).rejects.toThrow(/stopped by Dana on 2025-03-01: bias drift found/);
    const dup: Table = { ...predictions, columns: predictions.columns.map((c) => (c.name === 'employee_id' ? { ...c, values: new Float64Array([1, 2, 1, 3]) } : c)) } as Table;
    await expect(
      humanReview.run({ inputs: { predictions: dup, explanation: undefined, fairness: undefined }, params, ctx: testContext({ nodeId: 'review' }) }),
    ).rejects.toThrow(/Item id "1" appears in rows 1 and 3/);
  });
});
