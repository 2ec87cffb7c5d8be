import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { readAuditLog, verifyAuditDb } from './audit-db.ts';
import { submitBulkDecisions, undoDecision } from './review-mode-store.ts';
import { decisionsForRun, listDecisions, markQueueDone, openQueue, ReviewConflict, statesByItem, submitDecision } from './review-store.ts';

let n = 0;
const freshDb = () => openCrispflowDb(`review-mode-test-${++n}`);

const items: ReviewItem[] = Array.from({ length: 14 }, (_, i) => ({
  itemId: `E${i + 1}`,
  row: i,
  recommendation: 'recommend',
  score: 0.5 + i * 0.03,
  group: i % 2 ? 'B' : 'A',
}));

const request = (over: Partial<ReviewRequest> = {}): ReviewRequest => ({
  kind: 'review-request',
  nodeId: 'panel',
  title: 'Review',
  itemColumn: 'employee_id',
  groupColumn: 'group',
  threshold: 0.5,
  hideScore: false,
  fourEyes: false,
  items,
  decided: [],
  ...over,
});

describe('review mode store', () => {
  it('records a four-eyes bulk override in one transaction, in the single-decision format plus bulk fields', async () => {
    const db = await freshDb();
    const req = request();
    const q = await openQueue(db, 'p', req);
    const base = { queueId: q.id, pipelineName: 'Promotion', request: req };
    await submitDecision(db, { ...base, item: items[0], reviewer: 'Ana', decision: 'accept', reason: '' });

    const eleven = items.slice(1, 12);
    // More than 10 overrides: refused without a second reviewer, and with the same name in other case.
    await expect(submitBulkDecisions(db, { ...base, items: eleven, action: 'override', reason: 'Borderline: next cycle', reviewer: 'Ana' })).rejects.toThrow(
      /needs a second reviewer \(four-eyes\) because it overrides 11 cases/,
    );
    await expect(submitBulkDecisions(db, { ...base, items: eleven, action: 'override', reason: 'Borderline: next cycle', reviewer: 'Ana', secondReviewer: 'ANA' })).rejects.toThrow(
      /someone other than Ana/,
    );
    expect(await listDecisions(db, q.id)).toHaveLength(1);

    const { bulkId, records } = await submitBulkDecisions(db, { ...base, items: eleven, action: 'override', reason: 'Borderline: next cycle', reviewer: 'Ana', secondReviewer: 'Bo' });
    expect(records).toHaveLength(11);
    expect(records.every((r) => r.bulkId === bulkId && r.confirmedBy === 'Bo' && r.finalDecision === 'not-recommend' && r.round === 1)).toBe(true);

    const log = await readAuditLog(db);
    expect(log).toHaveLength(12);
    const single = log[0].data as Record<string, unknown>;
    const bulk = log[1].data as Record<string, unknown>;
    // The same keys as a single decision, plus `bulk`.
    expect(Object.keys(bulk).sort()).toEqual([...Object.keys(single), 'bulk'].sort());
    expect(bulk).toMatchObject({ itemId: 'E2', decision: 'override', finalDecision: 'not-recommend', reason: 'Borderline: next cycle', reviewer: 'Ana', round: 1 });
    expect(bulk.bulk).toEqual({ id: bulkId, size: 11, index: 0, action: 'override', confirmedBy: 'Bo', fourEyesRequired: true, fourEyesRule: 'it overrides 11 cases (more than 10)' });
    expect(log.map((e) => e.seq)).toEqual([...Array(12).keys()]);
    expect(records.map((r) => r.auditSeq)).toEqual([...Array(11).keys()].map((i) => i + 1));
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, count: 12, anchored: true });

    // The confirmer shows as second reviewer in what resumes the run.
    await submitBulkDecisions(db, { ...base, items: items.slice(12), action: 'accept', reason: 'High scores, drivers checked', reviewer: 'Ana' });
    const run = decisionsForRun(req, await listDecisions(db, q.id))!;
    expect(run.decisions).toHaveLength(14);
    expect(run.decisions[1]).toMatchObject({ itemId: 'E2', reviewer: 'Ana', secondReviewer: 'Bo', decision: 'override' });
    expect(run.decisions[13]).toMatchObject({ itemId: 'E14', reviewer: 'Ana', decision: 'accept', reason: 'High scores, drivers checked' });
    expect(run.decisions[13].secondReviewer).toBeUndefined();
  });

  it('writes nothing when one case of the bulk was decided meanwhile', async () => {
    const db = await freshDb();
    const req = request();
    const q = await openQueue(db, 'p', req);
    const base = { queueId: q.id, pipelineName: 'P', request: req };
    await submitDecision(db, { ...base, item: items[3], reviewer: 'Cy', decision: 'accept', reason: '' });
    await expect(submitBulkDecisions(db, { ...base, items: items.slice(0, 5), action: 'accept', reason: 'Clear', reviewer: 'Ana' })).rejects.toBeInstanceOf(ReviewConflict);
    expect(await listDecisions(db, q.id)).toHaveLength(1);
    expect(await readAuditLog(db)).toHaveLength(1);
  });

  it('refuses bulk decisions in hide-score mode', async () => {
    const db = await freshDb();
    const req = request({ hideScore: true });
    const q = await openQueue(db, 'p', req);
    await expect(submitBulkDecisions(db, { queueId: q.id, pipelineName: 'P', request: req, items: items.slice(0, 2), action: 'accept', reason: 'r', reviewer: 'Ana' })).rejects.toThrow(
      /Bulk decisions are off/,
    );
  });

  it('undo takes back the reviewer’s latest decision, audited, and the case can be decided again', async () => {
    const db = await freshDb();
    const req = request();
    const q = await openQueue(db, 'p', req);
    const base = { queueId: q.id, pipelineName: 'P', request: req };
    const first = await submitDecision(db, { ...base, item: items[0], reviewer: 'Ana', decision: 'override', reason: 'Wrong team data' });
    await expect(undoDecision(db, { ...base, item: items[0], reviewer: 'Bo' })).rejects.toThrow('The last decision on case E1 was made by Ana; only they can undo it.');
    await undoDecision(db, { ...base, item: items[0], reviewer: 'ana' });
    expect(statesByItem(req, await listDecisions(db, q.id)).get('E1')!.status).toBe('open');
    const log = await readAuditLog(db);
    expect(log).toHaveLength(2);
    expect(log[1].data).toMatchObject({ itemId: 'E1', decision: 'undo', finalDecision: null, undoes: { auditSeq: first.auditSeq, decision: 'override', round: 1 } });
    await expect(undoDecision(db, { ...base, item: items[0], reviewer: 'Ana' })).rejects.toThrow('Case E1 has no decision to undo.');

    await submitDecision(db, { ...base, item: items[0], reviewer: 'Ana', decision: 'accept', reason: '' });
    expect(statesByItem(req, await listDecisions(db, q.id)).get('E1')!.final).toMatchObject({ decision: 'accept', auditSeq: 2 });
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, count: 3 });

    // Once the run continued with the decisions, they stay.
    await markQueueDone(db, q.id);
    await expect(undoDecision(db, { ...base, item: items[0], reviewer: 'Ana' })).rejects.toThrow(/can no longer be undone/);
  });
});
