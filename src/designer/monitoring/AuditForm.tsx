/** Audit a batch from the designer: workspace datasets in, a monitoring record out (through the studio API). */
import { useEffect, useState } from 'react';
import { listWorkspaceDatasets } from '../studio/studio-datasets.ts';
import { AuditFormBody, submitAudit, type AuditFormState } from './AuditFormBody.tsx';
import { runStudioAudit, type AuditRequest } from './studio-monitoring.ts';

export function AuditForm({ model, versions, onDone }: { model: string; versions: number[]; onDone: () => void }) {
  const [datasets, setDatasets] = useState<string[]>([]);
  const [version, setVersion] = useState(versions.at(-1) ?? 1);
  const [req, setReq] = useState<AuditRequest>({ data: '' });
  const [state, setState] = useState<AuditFormState>({});
  useEffect(() => {
    listWorkspaceDatasets().then((d) => setDatasets(d.map((x) => x.name)), () => setDatasets([]));
  }, []);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!req.data) return setState({ error: 'Choose the batch to audit.' });
    submitAudit(setState, () => runStudioAudit(model, version, req), '', onDone);
  };
  return (
    <AuditFormBody
      versions={versions}
      version={version}
      onVersion={setVersion}
      datasets={datasets}
      req={req}
      setReq={setReq}
      noneLabels={{ data: 'choose a dataset', reference: '(none)', outcomes: '(none)' }}
      state={state}
      onSubmit={submit}
    />
  );
}
