import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ReviewRequest } from '../../../nodes/human-review/types.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { exportAuditCsv, exportAuditJsonLines, readAuditLog, verifyAuditDb } from './audit-db.ts';
import { decisionsForRun, getHalt, haltPipeline, listDecisions, openQueue, releasePipeline, reviewRates, ReviewConflict, statesByItem, submitDecision } from './review-store.ts';

let dbCounter = 0;
/** Two connections to one fresh database: two tabs. */
async function twoTabs() {
  const name = `review-test-${++dbCounter}`;
  return [await openCrispflowDb(name), await openCrispflowDb(name)] as const;
}

const request = (over: Partial<ReviewRequest> = {}): ReviewRequest => ({
  kind: 'review-request',
  nodeId: 'review',
  title: 'Review',
  itemColumn: 'employee_id',
  groupColumn: 'group',
  threshold: 0.5,
  hideScore: false,
  fourEyes: false,
  items: [
    { itemId: '1', row: 0, recommendation: 'recommend', score: 0.8, group: 'A' },
    { itemId: '2', row: 1, recommendation: 'recommend', score: 0.6, group: 'B' },
    { itemId: '3', row: 2, recommendation: 'not-recommend', score: 0.2, group: 'B' },
  ],
  decided: [],
  ...over,
});

describe('review store (IndexedDB)', () => {
  it('records decisions durably with chained audit entries; two tabs never decide one item twice', async () => {
    const [tab1, tab2] = await twoTabs();
    const req = request();
    const q = await openQueue(tab1, 'p1', req);
    expect((await openQueue(tab2, 'p1', req)).id).toBe(q.id);
    const base = { queueId: q.id, pipelineName: 'Promotion', request: req };

    // Both tabs decide item 1 at the same moment: exactly one wins.
    const results = await Promise.allSettled([
      submitDecision(tab1, { ...base, item: req.items[0], reviewer: 'Ana', decision: 'accept', reason: '' }),
      submitDecision(tab2, { ...base, item: req.items[0], reviewer: 'Bo', decision: 'override', reason: 'no' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ReviewConflict);
    expect((await listDecisions(tab1, q.id)).filter((d) => d.itemId === '1')).toHaveLength(1);

    // Deciding an already decided item later is refused too.
    await expect(submitDecision(tab2, { ...base, item: req.items[0], reviewer: 'Cy', decision: 'accept', reason: '' })).rejects.toThrow(/already decided/);
    // An override without a reason is refused before anything is written.
    await expect(submitDecision(tab1, { ...base, item: req.items[1], reviewer: 'Ana', decision: 'override', reason: '  ' })).rejects.toThrow(/needs a reason/);

    await submitDecision(tab2, { ...base, item: req.items[1], reviewer: 'Bo', decision: 'override', reason: 'Only one strong quarter' });
    expect(decisionsForRun(req, await listDecisions(tab1, q.id))).toBeUndefined();
    await submitDecision(tab1, { ...base, item: req.items[2], reviewer: 'Ana', decision: 'accept', reason: '' });

    const records = await listDecisions(tab1, q.id);
    const run = decisionsForRun(req, records)!;
    expect(run.decisions.map((d) => [d.itemId, d.decision, d.finalDecision])).toEqual([
      ['1', results[0].status === 'fulfilled' ? 'accept' : 'override', results[0].status === 'fulfilled' ? 'recommend' : 'not-recommend'],
      ['2', 'override', 'not-recommend'],
      ['3', 'accept', 'not-recommend'],
    ]);
    const rates = reviewRates(req, records);
    expect(rates.perGroup.find((r) => r.key === 'B')).toMatchObject({ decided: 2, overridden: 1, overrideRate: 0.5 });

    // Each decision is in the audit log, chained, with its seq on the decision record.
    const log = await readAuditLog(tab2);
    expect(log.map((e) => e.kind)).toEqual(['decision', 'decision', 'decision']);
    expect(log.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(records.map((r) => r.auditSeq).sort()).toEqual([0, 1, 2]);
    expect(await verifyAuditDb(tab1)).toMatchObject({ ok: true, count: 3, anchored: true });
    expect((await exportAuditJsonLines(tab1)).trim().split('\n')).toHaveLength(3);
    expect((await exportAuditCsv(tab1)).split('\r\n')[0]).toMatch(/^seq,at,kind,actor,item_id/);
  });

  it('detects a tampered or deleted stored entry', async () => {
    const [db] = await twoTabs();
    const req = request();
    const q = await openQueue(db, 'p1', req);
    for (const item of req.items) await submitDecision(db, { queueId: q.id, pipelineName: 'P', request: req, item, reviewer: 'Ana', decision: 'accept', reason: '' });
    const entry = await db.get('audit', 1);
    await db.put('audit', { ...entry!, data: { ...(entry!.data as object), reason: 'edited in devtools' } });
    expect(await verifyAuditDb(db)).toMatchObject({ ok: false, seq: 1 });
    await db.put('audit', entry!);
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true });
    await db.delete('audit', 2);
    const r = await verifyAuditDb(db);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toMatch(/last 1 entry was deleted/);
  });

  it('four-eyes: a second, different reviewer; disagreement waits for a third', async () => {
    const [db] = await twoTabs();
    const req = request({ fourEyes: true });
    const q = await openQueue(db, 'p4', req);
    const base = { queueId: q.id, pipelineName: 'P', request: req };
    await submitDecision(db, { ...base, item: req.items[0], reviewer: 'Ana', decision: 'accept', reason: '' });
    await expect(submitDecision(db, { ...base, item: req.items[0], reviewer: 'ana', decision: 'accept', reason: '' })).rejects.toThrow(/different second reviewer/);
    expect(statesByItem(req, await listDecisions(db, q.id)).get('1')!.status).toBe('needs-second');
    await submitDecision(db, { ...base, item: req.items[0], reviewer: 'Bo', decision: 'accept', reason: '' });
    await submitDecision(db, { ...base, item: req.items[1], reviewer: 'Ana', decision: 'accept', reason: '' });
    await submitDecision(db, { ...base, item: req.items[1], reviewer: 'Bo', decision: 'override', reason: 'Peer ratings contradict KPI' });
    expect(statesByItem(req, await listDecisions(db, q.id)).get('2')!.status).toBe('disputed');
    await submitDecision(db, { ...base, item: req.items[1], reviewer: 'Cy', decision: 'override', reason: 'Agree with Bo' });
    await submitDecision(db, { ...base, item: req.items[2], reviewer: 'Ana', decision: 'accept', reason: '' });
    await submitDecision(db, { ...base, item: req.items[2], reviewer: 'Cy', decision: 'accept', reason: '' });
    const run = decisionsForRun(req, await listDecisions(db, q.id))!;
    expect(run.decisions[0]).toMatchObject({ reviewer: 'Ana', secondReviewer: 'Bo', decision: 'accept' });
    expect(run.decisions[1]).toMatchObject({ reviewer: 'Bo', secondReviewer: 'Cy', decision: 'override', reason: 'Peer ratings contradict KPI / Agree with Bo', finalDecision: 'not-recommend' });
  });

  it('hide-score mode needs an assessment; the stop control halts and is audited', async () => {
    const [db] = await twoTabs();
    const req = request({ hideScore: true });
    const q = await openQueue(db, 'p5', req);
    await expect(submitDecision(db, { queueId: q.id, pipelineName: 'P', request: req, item: req.items[0], reviewer: 'Ana', decision: 'accept', reason: '' })).rejects.toThrow(/assessment first/);
    const d = await submitDecision(db, { queueId: q.id, pipelineName: 'P', request: req, item: req.items[0], reviewer: 'Ana', decision: 'accept', reason: '', assessment: 'Solid track record' });
    expect(d.assessment).toBe('Solid track record');
    await expect(haltPipeline(db, { pipelineId: 'p5', pipelineName: 'P', by: 'Dana', reason: '' })).rejects.toThrow(/why/);
    await haltPipeline(db, { pipelineId: 'p5', pipelineName: 'P', by: 'Dana', reason: 'Selection rate for group B dropped' });
    expect(await getHalt(db, 'p5')).toMatchObject({ by: 'Dana', reason: 'Selection rate for group B dropped' });
    await releasePipeline(db, { pipelineId: 'p5', pipelineName: 'P', by: 'Eve', reason: 'Model retrained and re-audited' });
    expect(await getHalt(db, 'p5')).toBeUndefined();
    const log = await readAuditLog(db);
    expect(log.map((e) => e.kind)).toEqual(['decision', 'stop', 'resume']);
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, count: 3 });
  });
});
