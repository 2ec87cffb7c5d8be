/**
 * Audit a batch without a studio: a model version saved in this browser and an uploaded dataset in,
 * a monitoring record kept with the version in IndexedDB out (the audit runs in a worker).
 */
import { useEffect, useState } from 'react';
import { listDatasets, onDatasetsChanged } from '../datasets/dataset-store.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { runBrowserAudit } from './browser-monitoring.ts';
import type { AuditRequest } from './studio-monitoring.ts';

export function BrowserAuditForm({ model, versions, dbName, onDone }: { model: string; versions: number[]; dbName?: string; onDone: () => void }) {
  const [datasets, setDatasets] = useState<string[]>([]);
  const [version, setVersion] = useState(versions.at(-1));
  const [req, setReq] = useState<AuditRequest>({ data: '' });
  const [state, setState] = useState<{ busy?: boolean; message?: string; error?: string }>({});
  useEffect(() => {
    const load = () => void listDatasets().then((d) => setDatasets(d.map((x) => x.name)), () => setDatasets([]));
    load();
    return onDatasetsChanged(load);
  }, []);
  useEffect(() => setVersion((v) => (v !== undefined && versions.includes(v) ? v : versions.at(-1))), [versions]);
  if (versions.length === 0) {
    return <p className="cf-muted">No version of this model was saved with its trained model in this browser: run its pipeline again to save one, then audit it here.</p>;
  }
  const field = (key: 'data' | 'reference' | 'outcomes', label: string, none: string) => (
    <label>
      {label}
      <select value={req[key] ?? ''} onChange={(e) => setReq((r) => ({ ...r, [key]: e.target.value || undefined }))} required={key === 'data'}>
        <option value="">{none}</option>
        {datasets.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </select>
    </label>
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!req.data) return setState({ error: 'Choose the batch to audit (upload it in the Datasets panel first).' });
    if (version === undefined) return;
    setState({ busy: true });
    openCrispflowDb(dbName)
      .then((db) => runBrowserAudit(db, model, version, req))
      .then(
        (r) => {
          setState({ message: `${r.records.length} record(s) kept in this browser; ${r.alert ? 'an alert fired' : 'no alert'}.${r.notes.length ? ` ${r.notes.join(' ')}` : ''}` });
          onDone();
        },
        (err: Error) => setState({ error: err.message }),
      );
  };
  return (
    <form className="cf-monitoring-form" onSubmit={submit} data-testid="monitoring-audit-form">
      <label>
        Version
        <select value={version} onChange={(e) => setVersion(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
      </label>
      {field('data', 'Batch', 'choose an uploaded dataset')}
      {field('reference', 'Reference', '(the training data)')}
      {field('outcomes', 'Outcomes', '(none)')}
      <label>
        Protected column
        <input value={req.protected ?? ''} onChange={(e) => setReq((r) => ({ ...r, protected: e.target.value || undefined }))} placeholder="e.g. group" />
      </label>
      <label>
        Period (date column)
        <input value={req.period ?? ''} onChange={(e) => setReq((r) => ({ ...r, period: e.target.value || undefined }))} placeholder="e.g. decision_date" />
      </label>
      <button type="submit" disabled={state.busy}>
        {state.busy ? 'Auditing…' : 'Audit batch'}
      </button>
      {state.message && <p role="status">{state.message}</p>}
      {state.error && <p role="alert">{state.error}</p>}
    </form>
  );
}
