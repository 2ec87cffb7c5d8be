export { ReviewQueue, type ReviewQueueProps } from './ReviewQueue.tsx';
export { recordRunInAudit, verifyAuditDb, exportAuditCsv, exportAuditJsonLines, pruneAuditDb } from './audit-db.ts';
export { getHalt, listOpenQueues, onReviewMessages } from './review-store.ts';
