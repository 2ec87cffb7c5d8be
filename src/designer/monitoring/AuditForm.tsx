/** Audit a batch from the designer: workspace datasets in, a monitoring record out (through the studio API). */
import { useEffect, useState } from 'react';
import { listWorkspaceDatasets } from '../studio/studio-datasets.ts';
import { runStudioAudit, type AuditRequest } from './studio-monitoring.ts';

export function AuditForm({ model, versions, onDone }: { model: string; versions: number[]; onDone: () => void }) {
  const [datasets, setDatasets] = useState<string[]>([]);
  const [version, setVersion] = useState(versions.at(-1) ?? 1);
  const [req, setReq] = useState<AuditRequest>({ data: '' });
  const [state, setState] = useState<{ busy?: boolean; message?: string; error?: string }>({});
  useEffect(() => {
    listWorkspaceDatasets().then((d) => setDatasets(d.map((x) => x.name)), () => setDatasets([]));
  }, []);
  const field = (key: keyof AuditRequest, label: string, optional = true) => (
    <label>
      {label}
      <select value={req[key] ?? ''} onChange={(e) => setReq((r) => ({ ...r, [key]: e.target.value || undefined }))} required={!optional}>
        <option value="">{optional ? '(none)' : 'choose a dataset'}</option>
        {datasets.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </select>
    </label>
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!req.data) return setState({ error: 'Choose the batch to audit.' });
    setState({ busy: true });
    runStudioAudit(model, version, req).then(
      (r) => {
        setState({ message: `${r.records.length} record(s) kept; ${r.alert ? 'an alert fired' : 'no alert'}.${r.notes.length ? ` ${r.notes.join(' ')}` : ''}` });
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
      {field('data', 'Batch', false)}
      {field('reference', 'Reference')}
      {field('outcomes', 'Outcomes')}
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
