/**
 * Audit a batch without a studio: a model version saved in this browser and an uploaded dataset in,
 * a monitoring record kept with the version in IndexedDB out (the audit runs in a worker).
 */
import { useEffect, useState } from 'react';
import { listDatasets, onDatasetsChanged } from '../datasets/dataset-store.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { runBrowserAudit } from './browser-monitoring.ts';
import { AuditFormBody, submitAudit, type AuditFormState } from './AuditFormBody.tsx';
import type { AuditRequest } from './studio-monitoring.ts';

export function BrowserAuditForm({ model, versions, dbName, onDone }: { model: string; versions: number[]; dbName?: string; onDone: () => void }) {
  const [datasets, setDatasets] = useState<string[]>([]);
  const [version, setVersion] = useState(versions.at(-1));
  const [req, setReq] = useState<AuditRequest>({ data: '' });
  const [state, setState] = useState<AuditFormState>({});
  useEffect(() => {
    const load = () => void listDatasets().then((d) => setDatasets(d.map((x) => x.name)), () => setDatasets([]));
    load();
    return onDatasetsChanged(load);
  }, []);
  useEffect(() => setVersion((v) => (v !== undefined && versions.includes(v) ? v : versions.at(-1))), [versions]);
  if (versions.length === 0) {
    return <p className="cf-muted">No version of this model was saved with its trained model in this browser: run its pipeline again to save one, then audit it here.</p>;
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!req.data) return setState({ error: 'Choose the batch to audit (upload it in the Datasets panel first).' });
    if (version === undefined) return;
    submitAudit(setState, () => openCrispflowDb(dbName).then((db) => runBrowserAudit(db, model, version, req)), ' in this browser', onDone);
  };
  return (
    <AuditFormBody
      versions={versions}
      version={version}
      onVersion={setVersion}
      datasets={datasets}
      req={req}
      setReq={setReq}
      noneLabels={{ data: 'choose an uploaded dataset', reference: '(the training data)', outcomes: '(none)' }}
      state={state}
      onSubmit={submit}
    />
  );
}
