/** The audit form both modes show (studio: workspace datasets; browser only: uploaded datasets); each mode loads its datasets and runs the audit its own way. */
import type { Dispatch, FormEvent, SetStateAction } from 'react';
import type { AuditRequest } from './studio-monitoring.ts';

export interface AuditFormState {
  busy?: boolean;
  message?: string;
  error?: string;
}

type DatasetField = 'data' | 'reference' | 'outcomes';

/** Runs one audit for a form: busy while it runs, then what was kept (`where`: e.g. " in this browser") or the error. */
export function submitAudit(
  setState: (s: AuditFormState) => void,
  audit: () => Promise<{ records: unknown[]; notes: string[]; alert: boolean }>,
  where: string,
  onDone: () => void,
): void {
  setState({ busy: true });
  audit().then(
    (r) => {
      setState({ message: `${r.records.length} record(s) kept${where}; ${r.alert ? 'an alert fired' : 'no alert'}.${r.notes.length ? ` ${r.notes.join(' ')}` : ''}` });
      onDone();
    },
    (err: Error) => setState({ error: err.message }),
  );
}

export function AuditFormBody(props: {
  versions: number[];
  version: number | undefined;
  onVersion: (v: number) => void;
  datasets: string[];
  req: AuditRequest;
  setReq: Dispatch<SetStateAction<AuditRequest>>;
  /** What an empty choice of each dataset field means, e.g. "(the training data)". */
  noneLabels: Record<DatasetField, string>;
  state: AuditFormState;
  onSubmit: (e: FormEvent) => void;
}) {
  const { req, setReq, datasets } = props;
  const field = (key: DatasetField, label: string) => (
    <label>
      {label}
      <select value={req[key] ?? ''} onChange={(e) => setReq((r) => ({ ...r, [key]: e.target.value || undefined }))} required={key === 'data'}>
        <option value="">{props.noneLabels[key]}</option>
        {datasets.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="cf-monitoring-form" onSubmit={props.onSubmit} data-testid="monitoring-audit-form">
      <label>
        Version
        <select value={props.version} onChange={(e) => props.onVersion(Number(e.target.value))}>
          {props.versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
      </label>
      {field('data', 'Batch')}
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
      <button type="submit" disabled={props.state.busy}>
        {props.state.busy ? 'Auditing…' : 'Audit batch'}
      </button>
      {props.state.message && <p role="status">{props.state.message}</p>}
      {props.state.error && <p role="alert">{props.state.error}</p>}
    </form>
  );
}
