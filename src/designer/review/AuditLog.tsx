/**
 * The audit log panel: every recorded run, review decision and stop, newest first, with a check of the
 * hash chain (detects any change, reordering or deletion) and JSON Lines / CSV export.
 */
import { useEffect, useState } from 'react';
import { describeVerifyResult, type AuditEntry, type VerifyResult } from '../../governance/audit/chain.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { saveBlob } from '../results/download.ts';
import { exportAuditCsv, exportAuditJsonLines, readAuditLog, verifyAuditDb } from './audit-db.ts';
import './review.css';

const SHOWN = 200;

/** One line on what an entry is about, from its data (the full entry is in the exports). */
function describe(e: AuditEntry): string {
  const d = e.data as Record<string, unknown>;
  const pipeline = typeof d.pipeline === 'string' ? d.pipeline : '';
  switch (e.kind) {
    case 'run': {
      const models = d.models && typeof d.models === 'object' ? Object.keys(d.models).length : 0;
      return `${pipeline}: run ${String(d.status ?? '')}${models ? `, ${models} model${models === 1 ? '' : 's'}` : ''}`;
    }
    case 'decision': {
      // Review mode's bulk decisions say so, with who confirmed them (four-eyes).
      const bulk = d.bulk && typeof d.bulk === 'object' ? (d.bulk as Record<string, unknown>) : undefined;
      const how = bulk ? `; bulk of ${String(bulk.size)}${bulk.confirmedBy ? `, confirmed by ${String(bulk.confirmedBy)}` : ''}` : '';
      const why = [d.reason ? String(d.reason) : '', how.slice(2)].filter(Boolean).join('; ');
      return `${pipeline ? `${pipeline}: ` : ''}${String(d.decision ?? 'decision')} on item ${String(d.itemId ?? '?')}${why ? ` (${why})` : ''}`;
    }
    case 'stop':
    case 'resume':
      return `${pipeline}: ${e.kind === 'stop' ? 'stopped' : 'released'}${d.reason ? `: ${String(d.reason)}` : ''}`;
    case 'model':
      return `${String(d.name ?? 'model')} v${String(d.version ?? '?')} ${String(d.event ?? 'registered')}`;
    case 'seal':
      return `${String(d.legacyEntries ?? '?')} older entries (written before entries were signed) sealed`;
    default:
      return pipeline || e.kind;
  }
}

export function AuditLog({ refreshKey, dbName }: { refreshKey?: unknown; dbName?: string }) {
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [result, setResult] = useState<VerifyResult>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    void openCrispflowDb(dbName)
      .then(readAuditLog)
      .then((list) => setEntries([...list].reverse()))
      .catch((e: Error) => setError(e.message));
  }, [refreshKey, dbName]);
  const stamp = () => new Date().toISOString().slice(0, 10);
  const act = (f: () => Promise<void>) => void f().catch((e: Error) => setError(e.message));
  return (
    <section className="cf-review" aria-label="Audit log" data-testid="audit-log">
      <p className="cf-muted">
        Every run, review decision, model version and stop is appended here, chained by hashes and signed with a key this browser keeps unreadable, so that any later change shows. Kept on this computer only.
      </p>
      <div className="cf-review-buttons">
        <button type="button" className="cf-btn" data-testid="audit-verify" onClick={() => act(async () => setResult(await verifyAuditDb(await openCrispflowDb(dbName))))}>
          Verify chain
        </button>
        <button
          type="button"
          className="cf-btn"
          onClick={() => act(async () => saveBlob(new Blob([await exportAuditJsonLines(await openCrispflowDb(dbName))], { type: 'application/x-ndjson' }), `crispflow-audit-${stamp()}.jsonl`))}
        >
          Export JSON Lines
        </button>
        <button
          type="button"
          className="cf-btn"
          onClick={() => act(async () => saveBlob(new Blob([await exportAuditCsv(await openCrispflowDb(dbName))], { type: 'text/csv' }), `crispflow-audit-${stamp()}.csv`))}
        >
          Export CSV
        </button>
      </div>
      {result && (
        <p role="status" data-testid="audit-result" className={result.ok && result.authenticated ? 'cf-review-saved' : 'cf-review-error'}>
          {describeVerifyResult(result)}
        </p>
      )}
      {error && (
        <p role="alert" className="cf-review-error">
          {error}
        </p>
      )}
      {entries && entries.length === 0 && <p className="cf-muted">Nothing recorded yet. Runs and review decisions appear here.</p>}
      {entries && entries.length > 0 && (
        <table className="cf-review-table">
          <caption className="cf-visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, SHOWN).map((e) => (
              <tr key={e.seq} data-testid="audit-entry">
                <td>{e.seq}</td>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.kind}</td>
                <td>{e.actor ?? ''}</td>
                <td>{describe(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries && entries.length > SHOWN && <p className="cf-muted">Showing the newest {SHOWN} of {entries.length}; export for the rest.</p>}
    </section>
  );
}
