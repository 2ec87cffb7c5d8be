/**
 * The review queue's persistence, without UI (unit-tested with fake-indexeddb):
 * - each decision is written together with its audit entry in one strict-durability transaction, and
 *   only then reported back (a reload or tab crash loses nothing the UI confirmed);
 * - decisions are keyed [queueId, itemId, round] and added with `add`, which fails when the key exists:
 *   two tabs can never decide the same item (round) twice; the loser gets a ReviewConflict;
 * - a BroadcastChannel tells other tabs to refresh.
 */
import { hashValue } from '../../core/hash.ts';
import { finalOf, overrideRates, byReviewer } from '../../../nodes/human-review/decisions.ts';
import type { DecisionKind, RateRow, ReviewDecision, ReviewDecisions, ReviewHalt, ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { CrispflowDatabase, StoredReviewDecision, StoredReviewQueue } from '../persistence/db.ts';
import { appendAudit, AuditAbort } from './audit-db.ts';

export const REVIEW_CHANNEL = 'crispflow-review';

export type ReviewMessage = { type: 'decided'; queueId: string; itemId: string } | { type: 'halt'; pipelineId: string };

export class ReviewConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewConflict';
  }
}

/** A queue's id: pipeline, node and the exact items (new data or a new model ⇒ a new queue). */
export function queueIdOf(pipelineId: string, request: ReviewRequest): string {
  const items = request.items.map((i) => [i.itemId, i.recommendation, i.score]);
  return `${pipelineId}:${request.nodeId}:${hashValue(items)}`;
}

export async function openQueue(db: CrispflowDatabase, pipelineId: string, request: ReviewRequest): Promise<StoredReviewQueue> {
  const id = queueIdOf(pipelineId, request);
  const existing = await db.get('reviewQueues', id);
  if (existing) return existing;
  const record: StoredReviewQueue = { id, pipelineId, nodeId: request.nodeId, createdAt: Date.now(), request, status: 'open' };
  try {
    await db.add('reviewQueues', record);
  } catch {
    // Another tab created it at the same moment.
  }
  return (await db.get('reviewQueues', id)) ?? record;
}

/** Open queues of a pipeline, newest first: after a reload the app shows them without re-running. */
export async function listOpenQueues(db: CrispflowDatabase, pipelineId: string): Promise<StoredReviewQueue[]> {
  const all = await db.getAllFromIndex('reviewQueues', 'pipelineId', pipelineId);
  return all.filter((q) => q.status === 'open').sort((a, b) => b.createdAt - a.createdAt);
}

/** The run was resumed with this queue's decisions. */
export async function markQueueDone(db: CrispflowDatabase, queueId: string): Promise<void> {
  const tx = db.transaction('reviewQueues', 'readwrite');
  const q = await tx.store.get(queueId);
  if (q) await tx.store.put({ ...q, status: 'done' });
  await tx.done;
}

export async function listDecisions(db: CrispflowDatabase, queueId: string): Promise<StoredReviewDecision[]> {
  return db.getAllFromIndex('reviewDecisions', 'queueId', queueId);
}

export type ItemStatus = 'open' | 'needs-second' | 'disputed' | 'decided';

export interface ItemState {
  status: ItemStatus;
  records: StoredReviewDecision[];
  final?: StoredReviewDecision;
}

/**
 * Where an item stands. Single review: decided by round 1. Four-eyes: round 2 by another reviewer;
 * if the two agree it is decided, if not it is disputed until a third reviewer settles it (round 3).
 */
export function itemState(records: StoredReviewDecision[], fourEyes: boolean): ItemState {
  const rs = records.slice().sort((a, b) => a.round - b.round);
  if (rs.length === 0) return { status: 'open', records: rs };
  if (!fourEyes) return { status: 'decided', records: rs, final: rs[0] };
  if (rs.length === 1) return { status: 'needs-second', records: rs };
  if (rs[0].decision === rs[1].decision) return { status: 'decided', records: rs, final: rs[1] };
  if (rs.length >= 3) return { status: 'decided', records: rs, final: rs[2] };
  return { status: 'disputed', records: rs };
}

export function statesByItem(request: ReviewRequest, records: StoredReviewDecision[]): Map<string, ItemState> {
  const by = new Map<string, StoredReviewDecision[]>();
  for (const r of records) by.set(r.itemId, [...(by.get(r.itemId) ?? []), r]);
  return new Map(request.items.map((i) => [i.itemId, itemState(by.get(i.itemId) ?? [], request.fourEyes)]));
}

export interface SubmitArgs {
  queueId: string;
  pipelineName: string;
  request: ReviewRequest;
  item: ReviewItem;
  reviewer: string;
  decision: DecisionKind;
  reason: string;
  assessment?: string;
  now?: Date;
}

/** The data of a decision's audit entry (review mode's bulk decisions add their own fields to it). */
export function decisionAuditData(a: Omit<SubmitArgs, 'reviewer' | 'reason' | 'now'>, round: number, reviewer: string, reason: string): Record<string, unknown> {
  return {
    pipeline: a.pipelineName,
    queueId: a.queueId,
    nodeId: a.request.nodeId,
    itemId: a.item.itemId,
    round,
    fourEyes: a.request.fourEyes,
    recommendation: a.item.recommendation,
    score: a.item.score,
    group: a.item.group ?? null,
    decision: a.decision,
    finalDecision: finalOf(a.item, a.decision),
    reason,
    reviewer,
    assessment: a.assessment?.trim() || null,
    scoreHiddenUntilAssessment: a.request.hideScore,
  };
}

/** Records one reviewer's decision and its audit entry atomically; throws ReviewConflict when someone was first. */
export async function submitDecision(db: CrispflowDatabase, a: SubmitArgs): Promise<StoredReviewDecision> {
  const reviewer = a.reviewer.trim();
  const reason = a.reason.trim();
  if (!reviewer) throw new Error('Enter your name as reviewer first: every decision must say who made it.');
  if (a.decision === 'override' && !reason) throw new Error('An override needs a reason: say why the recommendation is wrong for this person.');
  if (a.request.hideScore && !a.assessment?.trim()) throw new Error('Write your own assessment first; the score is shown after that.');
  const before = itemState(
    (await listDecisions(db, a.queueId)).filter((r) => r.itemId === a.item.itemId),
    a.request.fourEyes,
  );
  if (before.status === 'decided') throw new ReviewConflict(`Item ${a.item.itemId} was already decided by ${before.final!.reviewer}.`);
  if (before.records.some((r) => r.reviewer.toLowerCase() === reviewer.toLowerCase())) {
    throw new ReviewConflict(`You already reviewed item ${a.item.itemId}; four-eyes review needs a different second reviewer.`);
  }
  const round = before.records.length + 1;
  const at = (a.now ?? new Date()).getTime();
  let stored: StoredReviewDecision | undefined;
  await appendAudit(
    db,
    {
      kind: 'decision',
      actor: reviewer,
      at: new Date(at),
      data: decisionAuditData(a, round, reviewer, reason),
    },
    async (tx, entry) => {
      const store = tx.objectStore('reviewDecisions');
      const key: [string, string, number] = [a.queueId, a.item.itemId, round];
      // The check-and-set: inside the transaction, nobody else can have taken this round.
      if (await store.get(key)) throw new AuditAbort(`Item ${a.item.itemId} was just decided in another tab.`, 'conflict');
      if (round > 1) {
        const earlier = await store.get([a.queueId, a.item.itemId, round - 1]);
        if (earlier && earlier.reviewer.toLowerCase() === reviewer.toLowerCase()) throw new AuditAbort('Four-eyes review needs a different second reviewer.', 'conflict');
      }
      stored = {
        queueId: a.queueId,
        itemId: a.item.itemId,
        round,
        reviewer,
        decision: a.decision,
        finalDecision: finalOf(a.item, a.decision),
        reason,
        ...(a.assessment?.trim() ? { assessment: a.assessment.trim() } : {}),
        ...(a.item.group !== undefined ? { group: a.item.group } : {}),
        at,
        auditSeq: entry.seq,
      };
      await store.add(stored);
    },
  ).catch((e: unknown) => {
    if (e instanceof AuditAbort || (e as Error)?.name === 'ConstraintError') throw new ReviewConflict((e as Error).message || `Item ${a.item.itemId} was already decided.`);
    throw e;
  });
  broadcast({ type: 'decided', queueId: a.queueId, itemId: a.item.itemId });
  return stored!;
}

/** The final decisions, in the node's format, once every item is decided (else undefined). */
export function decisionsForRun(request: ReviewRequest, records: StoredReviewDecision[]): ReviewDecisions | undefined {
  const states = statesByItem(request, records);
  const out: ReviewDecision[] = [];
  for (const item of request.items) {
    const s = states.get(item.itemId)!;
    if (s.status !== 'decided') return undefined;
    const f = s.final!;
    // Four-eyes: the two who agreed (after a dispute, the tie-breaker and the one they sided with).
    let first = s.records[0];
    let second: StoredReviewDecision | undefined;
    if (request.fourEyes) {
      second = s.records.length >= 3 ? s.records[2] : s.records[1];
      if (s.records.length >= 3) first = s.records.slice(0, 2).find((r) => r.decision === f.decision) ?? s.records[0];
    }
    out.push({
      itemId: item.itemId,
      decision: f.decision,
      reason: [first.reason, second?.reason].filter(Boolean).join(' / '),
      reviewer: first.reviewer,
      // A bulk decision confirmed by a second person (review mode's four-eyes) names both.
      ...(second ? { secondReviewer: second.reviewer } : f.confirmedBy ? { secondReviewer: f.confirmedBy } : {}),
      finalDecision: finalOf(item, f.decision),
      ...(f.assessment ? { assessment: f.assessment } : {}),
      at: new Date(f.at).toISOString(),
    });
  }
  return { decisions: out };
}

/** Override rates per reviewer (every review counts) and per group (final decisions). */
export function reviewRates(request: ReviewRequest, records: StoredReviewDecision[]): { perReviewer: RateRow[]; perGroup: RateRow[] } {
  const asDecision = (r: StoredReviewDecision): ReviewDecision => ({ itemId: r.itemId, decision: r.decision, reason: r.reason, reviewer: r.reviewer, finalDecision: r.finalDecision as ReviewDecision['finalDecision'] });
  const perReviewer = overrideRates(records.map(asDecision), byReviewer);
  const finals = [...statesByItem(request, records).values()].filter((s) => s.final).map((s) => s.final!);
  const perGroup = overrideRates(finals.map(asDecision), (d) => [finals.find((f) => f.itemId === d.itemId)?.group]);
  return { perReviewer, perGroup };
}

const HALT_PREFIX = 'halt:';

export async function getHalt(db: CrispflowDatabase, pipelineId: string): Promise<ReviewHalt | undefined> {
  const rec = await db.get('meta', `${HALT_PREFIX}${pipelineId}`);
  return rec?.halt as ReviewHalt | undefined;
}

/** The stop control: halts the pipeline's use (recorded in the audit log) until someone releases it. */
export async function haltPipeline(db: CrispflowDatabase, a: { pipelineId: string; pipelineName: string; by: string; reason: string; now?: Date }): Promise<ReviewHalt> {
  if (!a.by.trim()) throw new Error('Enter your name first: stopping the pipeline is recorded with who did it.');
  if (!a.reason.trim()) throw new Error('Say why the pipeline is stopped.');
  const halt: ReviewHalt = { by: a.by.trim(), reason: a.reason.trim(), at: (a.now ?? new Date()).toISOString() };
  await appendAudit(db, { kind: 'stop', actor: halt.by, at: halt.at, data: { pipeline: a.pipelineName, pipelineId: a.pipelineId, reason: halt.reason } }, async (tx) => {
    await tx.objectStore('meta').put({ id: `${HALT_PREFIX}${a.pipelineId}`, halt });
  });
  broadcast({ type: 'halt', pipelineId: a.pipelineId });
  return halt;
}

export async function releasePipeline(db: CrispflowDatabase, a: { pipelineId: string; pipelineName: string; by: string; reason: string }): Promise<void> {
  if (!a.by.trim() || !a.reason.trim()) throw new Error('Enter your name and why the pipeline may be used again.');
  await appendAudit(db, { kind: 'resume', actor: a.by.trim(), data: { pipeline: a.pipelineName, pipelineId: a.pipelineId, reason: a.reason.trim() } }, async (tx) => {
    await tx.objectStore('meta').delete(`${HALT_PREFIX}${a.pipelineId}`);
  });
  broadcast({ type: 'halt', pipelineId: a.pipelineId });
}

/** Tells other tabs to refresh (review mode's bulk decisions and undos use it too). */
export function broadcast(message: ReviewMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(REVIEW_CHANNEL);
  ch.postMessage(message);
  ch.close();
}

/** Listens for other tabs' decisions and halts; returns the unsubscribe function. */
export function onReviewMessages(listener: (m: ReviewMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(REVIEW_CHANNEL);
  ch.onmessage = (e: MessageEvent<ReviewMessage>) => listener(e.data);
  return () => ch.close();
}
