/**
 * Review decisions: validating a batch (all rows or none), override rates per reviewer and per group,
 * and the table of reviewed decisions that flows downstream.
 */
import { NodeError } from '../../src/core/errors.ts';
import { takeRows, type Column, type Table } from '../../src/core/table/table.ts';
import { flip, type DecisionKind, type RateRow, type ReviewDecision, type ReviewItem, type ReviewRequest } from './types.ts';

/** A decisions file row as read (text cells), with its 1-based line number in the file. */
export interface DecisionRow {
  line: number;
  item_id?: string;
  decision?: string;
  reason?: string;
  reviewer?: string;
}

export interface BatchResult {
  /** Set only when every row is valid. */
  decisions?: ReviewDecision[];
  errors: string[];
}

const clean = (s: unknown) => (typeof s === 'string' ? s.trim() : '');

/**
 * Checks a whole batch against the queue: known item ids, not already decided, accept|override, a
 * reason for every override, a reviewer name, no item twice (four-eyes: exactly two rows per item from
 * two different reviewers who agree). Any error rejects the whole batch.
 */
export function validateDecisionBatch(rows: DecisionRow[], request: ReviewRequest, at = new Date().toISOString()): BatchResult {
  const errors: string[] = [];
  const items = new Map(request.items.map((it) => [it.itemId, it]));
  const decided = new Set(request.decided);
  const byItem = new Map<string, Array<{ row: DecisionRow; decision: DecisionKind; reason: string; reviewer: string }>>();
  for (const row of rows) {
    const where = `Row ${row.line}`;
    const itemId = clean(row.item_id);
    const kind = clean(row.decision).toLowerCase();
    const reason = clean(row.reason);
    const reviewer = clean(row.reviewer);
    let ok = true;
    const fail = (m: string) => {
      errors.push(`${where}${itemId ? ` (item "${itemId}")` : ''}: ${m}`);
      ok = false;
    };
    if (!itemId) fail('item_id is empty.');
    else if (!items.has(itemId)) fail(`item_id "${itemId}" is not in this review queue (see review-queue.csv).`);
    else if (decided.has(itemId)) fail('this item was already decided in an earlier batch.');
    if (kind !== 'accept' && kind !== 'override') fail(`decision must be "accept" or "override", not "${clean(row.decision)}".`);
    if (kind === 'override' && !reason) fail('an override needs a reason (say why the recommendation is wrong for this person).');
    if (!reviewer) fail('reviewer is empty: every decision must name who made it.');
    if (!ok) continue;
    const list = byItem.get(itemId) ?? [];
    list.push({ row, decision: kind as DecisionKind, reason, reviewer });
    byItem.set(itemId, list);
  }
  const decisions: ReviewDecision[] = [];
  for (const [itemId, list] of byItem) {
    const item = items.get(itemId)!;
    const lines = list.map((x) => x.row.line).join(', ');
    if (!request.fourEyes) {
      if (list.length > 1) {
        errors.push(`Rows ${lines} (item "${itemId}"): the item appears more than once; decide each item once.`);
        continue;
      }
      const d = list[0];
      decisions.push({ itemId, decision: d.decision, reason: d.reason, reviewer: d.reviewer, finalDecision: finalOf(item, d.decision), at });
      continue;
    }
    if (list.length !== 2) {
      errors.push(`Row${list.length > 1 ? 's' : ''} ${lines} (item "${itemId}"): four-eyes review needs exactly two rows per item, from two different reviewers.`);
      continue;
    }
    const [a, b] = list;
    if (a.reviewer.toLowerCase() === b.reviewer.toLowerCase()) {
      errors.push(`Rows ${lines} (item "${itemId}"): both rows are by "${a.reviewer}"; four-eyes review needs a second, different reviewer.`);
      continue;
    }
    if (a.decision !== b.decision) {
      errors.push(`Rows ${lines} (item "${itemId}"): the two reviewers disagree (${a.decision} vs ${b.decision}); agree on one decision first.`);
      continue;
    }
    decisions.push({
      itemId,
      decision: a.decision,
      reason: [a.reason, b.reason].filter(Boolean).join(' / '),
      reviewer: a.reviewer,
      secondReviewer: b.reviewer,
      finalDecision: finalOf(item, a.decision),
      at,
    });
  }
  return errors.length > 0 ? { errors } : { decisions, errors: [] };
}

export function finalOf(item: Pick<ReviewItem, 'recommendation'>, decision: DecisionKind) {
  return decision === 'accept' ? item.recommendation : flip(item.recommendation);
}

/** Override rate per key (reviewer or group); four-eyes decisions count for both reviewers. */
export function overrideRates(decisions: ReviewDecision[], keyOf: (d: ReviewDecision) => Array<string | undefined>): RateRow[] {
  const acc = new Map<string, { decided: number; overridden: number }>();
  for (const d of decisions) {
    for (const key of keyOf(d)) {
      if (key === undefined) continue;
      const a = acc.get(key) ?? { decided: 0, overridden: 0 };
      a.decided++;
      if (d.decision === 'override') a.overridden++;
      acc.set(key, a);
    }
  }
  return [...acc.entries()]
    .map(([key, a]) => ({ key, ...a, overrideRate: a.decided ? a.overridden / a.decided : 0 }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

export const byReviewer = (d: ReviewDecision) => [d.reviewer, d.secondReviewer];

export function byGroup(items: ReviewItem[]) {
  const groupOf = new Map(items.map((i) => [i.itemId, i.group]));
  return (d: ReviewDecision) => [groupOf.get(d.itemId)];
}

/** Checks decisions handed to the node (from the designer or a run-state file) against its items. */
export function checkDecisions(decisions: ReviewDecision[], items: ReviewItem[], fourEyes: boolean): Map<string, ReviewDecision> {
  const known = new Map(items.map((i) => [i.itemId, i]));
  const out = new Map<string, ReviewDecision>();
  for (const d of decisions) {
    const item = known.get(d.itemId);
    if (!item) {
      throw new NodeError(`A review decision names item "${d.itemId}", which is not in this review queue. The data changed since the review: review the new queue.`, {
        field: 'decisions',
      });
    }
    if (out.has(d.itemId)) throw new NodeError(`Item "${d.itemId}" was decided twice. Keep one decision per item.`, { field: 'decisions' });
    if (d.decision === 'override' && !d.reason?.trim()) {
      throw new NodeError(`The override of item "${d.itemId}" has no reason. Every override needs one.`, { field: 'decisions' });
    }
    if (fourEyes && (!d.secondReviewer || d.secondReviewer.toLowerCase() === d.reviewer.toLowerCase())) {
      throw new NodeError(`Item "${d.itemId}" has one reviewer, but four-eyes mode needs two different reviewers to agree.`, { field: 'decisions' });
    }
    // The outcome follows from the item and the decision, whatever the caller wrote.
    out.set(d.itemId, { ...d, finalDecision: finalOf(item, d.decision) });
  }
  return out;
}

function categoryColumn(name: string, values: string[]): Column {
  const categories = [...new Set(values)].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  return { name, type: 'category', codes: Int32Array.from(values, (v) => index.get(v)!), categories };
}

export const DECISION_COLUMNS = ['model_recommendation', 'review_decision', 'final_decision', 'decided_by', 'reason'] as const;

/** The reviewed rows of the predictions, with the decision columns appended (replacing same-named ones). */
export function reviewedTable(predictions: Table, items: ReviewItem[], decided: Map<string, ReviewDecision>): Table {
  const rows = items.map((i) => i.row);
  const base = takeRows(predictions, rows);
  const ds = items.map((i) => decided.get(i.itemId)!);
  const extra: Column[] = [
    categoryColumn('model_recommendation', items.map((i) => i.recommendation)),
    categoryColumn('review_decision', ds.map((d) => d.decision)),
    categoryColumn('final_decision', ds.map((d) => d.finalDecision)),
    { name: 'decided_by', type: 'text', values: ds.map((d) => (d.secondReviewer ? `${d.reviewer} + ${d.secondReviewer}` : d.reviewer)) },
    { name: 'reason', type: 'text', values: ds.map((d) => d.reason || null) },
  ];
  const names = new Set(extra.map((c) => c.name));
  const kept = base.columns.filter((c) => !names.has(c.name));
  return { ...base, columns: [...kept, ...extra] };
}
