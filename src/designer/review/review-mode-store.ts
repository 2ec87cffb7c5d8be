/**
 * Review mode's writes, beside review-store.ts's single decisions:
 * - a bulk decision records every case's decision and its audit entry (the same record format as a
 *   single decision, plus a `bulk` object: its id, size, shared reason and four-eyes confirmation) in
 *   ONE transaction: all of them or none;
 * - an undo deletes the reviewer's latest record on a case and appends an audit entry that says so
 *   (decision "undo", naming the entry it takes back): the log keeps both.
 */
import { finalOf } from '../../../nodes/human-review/decisions.ts';
import type { ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { CrispflowDatabase, StoredReviewDecision } from '../persistence/db.ts';
import { AuditAbort, appendAudit, appendAuditBatch } from './audit-db.ts';
import { bulkFourEyesRule, bulkProblem, undoTarget, type BulkAction } from './review-mode-state.ts';
import { broadcast, decisionAuditData, itemState, listDecisions, ReviewConflict } from './review-store.ts';

export interface BulkDecisionArgs {
  queueId: string;
  pipelineName: string;
  request: ReviewRequest;
  items: readonly ReviewItem[];
  action: BulkAction;
  reason: string;
  reviewer: string;
  /** Four-eyes: the colleague who confirms (required when bulkFourEyesRule says so). */
  secondReviewer?: string;
  now?: Date;
}

export interface BulkResult {
  bulkId: string;
  records: StoredReviewDecision[];
}

const byItem = (records: StoredReviewDecision[]) => {
  const m = new Map<string, StoredReviewDecision[]>();
  for (const r of records) m.set(r.itemId, [...(m.get(r.itemId) ?? []), r]);
  return m;
};

/** Records a bulk decision atomically; throws (nothing written) when any case was decided meanwhile. */
export async function submitBulkDecisions(db: CrispflowDatabase, a: BulkDecisionArgs): Promise<BulkResult> {
  const reviewer = a.reviewer.trim();
  const reason = a.reason.trim();
  const second = a.secondReviewer?.trim() ?? '';
  // The rules are checked here again: the store never trusts the form that called it.
  const fourEyes = bulkFourEyesRule(a.action, a.items, a.request);
  const problem = bulkProblem(
    { action: a.action, items: [...a.items], skipped: [], fourEyes, ...(a.request.hideScore ? { blocked: 'Bulk decisions are off for this queue: every person needs your own assessment before the score is shown.' } : {}) },
    { reviewer, reason, secondReviewer: second },
  );
  if (problem) throw new Error(problem);
  // A colleague named without the rule asking for one still confirmed it: recorded, and never oneself.
  const confirmedBy = second || null;
  if (confirmedBy && confirmedBy.toLowerCase() === reviewer.toLowerCase()) throw new Error(`The second reviewer must be someone other than ${reviewer}: four-eyes means two different people.`);

  const existing = byItem(await listDecisions(db, a.queueId));
  const rounds = a.items.map((item) => {
    const before = itemState(existing.get(item.itemId) ?? [], a.request.fourEyes);
    if (before.status === 'decided') throw new ReviewConflict(`Case ${item.itemId} was already decided by ${before.final!.reviewer}; select again.`);
    if (before.records.some((r) => r.reviewer.toLowerCase() === reviewer.toLowerCase())) {
      throw new ReviewConflict(`You already reviewed case ${item.itemId}; four-eyes review needs a different second reviewer.`);
    }
    return before.records.length + 1;
  });

  const bulkId = crypto.randomUUID();
  const at = (a.now ?? new Date()).getTime();
  const bulk = (index: number) => ({ id: bulkId, size: a.items.length, index, action: a.action, confirmedBy, fourEyesRequired: fourEyes.required, fourEyesRule: fourEyes.why });
  const inputs = a.items.map((item, i) => ({
    kind: 'decision' as const,
    actor: reviewer,
    at: new Date(at),
    data: { ...decisionAuditData({ queueId: a.queueId, pipelineName: a.pipelineName, request: a.request, item, decision: a.action }, rounds[i], reviewer, reason), bulk: bulk(i) },
  }));
  const records: StoredReviewDecision[] = [];
  await appendAuditBatch(db, inputs, async (tx, entries) => {
    const store = tx.objectStore('reviewDecisions');
    const keys = a.items.map((item, i): [string, string, number] => [a.queueId, item.itemId, rounds[i]]);
    // The check-and-set: inside the transaction nobody else can have taken any of these rounds. The
    // requests go out together (one round trip each way instead of one per case).
    const taken = await Promise.all(keys.map((key) => store.get(key)));
    const first = taken.findIndex(Boolean);
    if (first >= 0) throw new AuditAbort(`Case ${a.items[first].itemId} was just decided in another tab; nothing of this bulk decision was recorded.`, 'conflict');
    for (const [i, item] of a.items.entries()) {
      records.push({
        queueId: a.queueId,
        itemId: item.itemId,
        round: rounds[i],
        reviewer,
        decision: a.action,
        finalDecision: finalOf(item, a.action),
        reason,
        ...(item.group !== undefined ? { group: item.group } : {}),
        at,
        auditSeq: entries[i].seq,
        bulkId,
        ...(confirmedBy ? { confirmedBy } : {}),
      });
    }
    await Promise.all(records.map((r) => store.add(r)));
  }).catch((e: unknown) => {
    if (e instanceof AuditAbort || (e as Error)?.name === 'ConstraintError') throw new ReviewConflict((e as Error).message || 'A case of this bulk decision was decided meanwhile.');
    throw e;
  });
  // One message for the whole bulk: listeners re-read the queue, and 500 messages would mean 500 reads.
  broadcast({ type: 'decided', queueId: a.queueId, itemId: a.items[0].itemId });
  return { bulkId, records };
}

export interface UndoArgs {
  queueId: string;
  pipelineName: string;
  request: ReviewRequest;
  item: ReviewItem;
  reviewer: string;
  now?: Date;
}

/** Takes back this reviewer's latest decision on a case (while the queue is still open). */
export async function undoDecision(db: CrispflowDatabase, a: UndoArgs): Promise<StoredReviewDecision> {
  const reviewer = a.reviewer.trim();
  const records = (await listDecisions(db, a.queueId)).filter((r) => r.itemId === a.item.itemId);
  const target = undoTarget(a.item.itemId, itemState(records, a.request.fourEyes), reviewer);
  if ('problem' in target) throw new Error(target.problem);
  const r = target.record;
  const queue = await db.get('reviewQueues', a.queueId);
  if (queue?.status === 'done') throw new Error('The run already continued with these decisions; they can no longer be undone.');
  await appendAudit(
    db,
    {
      kind: 'decision',
      actor: reviewer,
      at: a.now ?? new Date(),
      data: {
        ...decisionAuditData({ queueId: a.queueId, pipelineName: a.pipelineName, request: a.request, item: a.item, decision: r.decision }, r.round, reviewer, r.reason),
        decision: 'undo',
        finalDecision: null,
        undoes: { auditSeq: r.auditSeq, decision: r.decision, round: r.round, ...(r.bulkId ? { bulkId: r.bulkId } : {}) },
      },
    },
    async (tx) => {
      const store = tx.objectStore('reviewDecisions');
      const key: [string, string, number] = [a.queueId, a.item.itemId, r.round];
      const now = await store.get(key);
      if (!now || now.auditSeq !== r.auditSeq) throw new AuditAbort(`Case ${a.item.itemId} changed in another tab; look again before undoing.`, 'conflict');
      if (await store.get([a.queueId, a.item.itemId, r.round + 1])) throw new AuditAbort(`Someone reviewed case ${a.item.itemId} after you; your decision can no longer be undone.`, 'conflict');
      await store.delete(key);
    },
  ).catch((e: unknown) => {
    if (e instanceof AuditAbort) throw new ReviewConflict(e.message);
    throw e;
  });
  broadcast({ type: 'decided', queueId: a.queueId, itemId: a.item.itemId });
  return r;
}
