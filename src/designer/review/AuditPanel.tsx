/** The review audit log: verify the hash chain, export it (JSON Lines, CSV) and set how long entries are kept. */
import { useEffect, useState } from 'react';
import { describeVerifyResult, type VerifyResult } from '../../governance/audit/chain.ts';
import { MIN_RETENTION_DAYS, DEFAULT_RETENTION_DAYS } from '../../governance/audit/chain.ts';
import type { CrispflowDatabase } from '../persistence/db.ts';
import { saveBlob } from '../results/download.ts';
import { exportAuditCsv, exportAuditJsonLines, getRetentionDays, pruneAuditDb, setRetentionDays, verifyAuditDb } from './audit-db.ts';

export function AuditPanel({ db }: { db: CrispflowDatabase }) {
  const [result, setResult] = useState<VerifyResult>();
  const [days, setDays] = useState<number>(DEFAULT_RETENTION_DAYS);
  const [note, setNote] = useState<string>();
  useEffect(() => {
    void getRetentionDays(db).then((d) => d && setDays(d));
  }, [db]);
  const stamp = () => new Date().toISOString().slice(0, 10);
  return (
    <details className="cf-review-audit">
      <summary>Audit log</summary>
      <div className="cf-review-buttons">
        <button type="button" className="cf-btn" onClick={() => void verifyAuditDb(db).then(setResult)} data-testid="audit-verify">
          Verify
        </button>
        <button type="button" className="cf-btn" onClick={() => void exportAuditJsonLines(db).then((t) => saveBlob(new Blob([t], { type: 'application/x-ndjson' }), `crispflow-audit-${stamp()}.jsonl`))}>
          Export JSON Lines
        </button>
        <button type="button" className="cf-btn" onClick={() => void exportAuditCsv(db).then((t) => saveBlob(new Blob([t], { type: 'text/csv' }), `crispflow-audit-${stamp()}.csv`))}>
          Export CSV
        </button>
      </div>
      {result && (
        <p role="status" data-testid="audit-result" className={result.ok && result.authenticated ? 'cf-review-saved' : 'cf-review-error'}>
          {describeVerifyResult(result)}
        </p>
      )}
      <label className="cf-field">
        <span className="cf-field-label">Keep entries for (days, at least {MIN_RETENTION_DAYS})</span>
        <input type="number" min={MIN_RETENTION_DAYS} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      <button
        type="button"
        className="cf-btn"
        onClick={async () => {
          if (!(days >= MIN_RETENTION_DAYS)) {
            setNote(`Audit records must be kept at least ${MIN_RETENTION_DAYS} days.`);
            return;
          }
          await setRetentionDays(db, days);
          const removed = await pruneAuditDb(db).catch((e: Error) => {
            setNote(e.message);
            return -1;
          });
          if (removed >= 0) setNote(removed ? `Saved; ${removed} old entries removed (a checkpoint records it).` : 'Saved; nothing is old enough to remove.');
        }}
      >
        Apply retention
      </button>
      {note && <p className="cf-muted">{note}</p>}
    </details>
  );
}
