/**
 * Model versions: the list, two versions side by side (what changed, which is better), and the model
 * card export (HTML, Markdown). Reads the `models` store; `recordModelVersions` fills it after runs.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { compareVersions, type CompareRow } from '../../governance/registry/compare.ts';
import { modelCardHtml, modelCardMarkdown } from '../../governance/registry/model-card.ts';
import type { ModelVersion } from '../../governance/registry/model-version.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { saveBlob } from '../results/download.ts';
import { listModelVersions } from './model-store.ts';
import { studioState } from '../studio/studio-client.ts';
import { listStudioModelVersions } from '../studio/studio-models.ts';
import '../review/review.css';

// Loaded when opened: the charts of the Monitoring view stay out of the main chunk.
const MonitoringView = lazy(() => import('../monitoring/MonitoringView.tsx'));

export interface ModelVersionsProps {
  /** Only this pipeline's models (default: all). */
  pipelineId?: string;
  /** Changes when new versions may exist (e.g. a run counter). */
  refreshKey?: unknown;
  dbName?: string;
}

const fmt = (v: string | number | null) => (v === null ? '—' : typeof v === 'number' ? Number(v.toFixed(4)).toString() : v);
const fileBase = (v: ModelVersion) => `${v.name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'model'}-v${v.version}`;

export function ModelVersions({ pipelineId, refreshKey, dbName }: ModelVersionsProps) {
  const [versions, setVersions] = useState<ModelVersion[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [monitored, setMonitored] = useState<string>();

  // In a studio the workspace registry is the list (shared with `crispflow run --registry <workspace>/registry`).
  const studio = useStore(studioState, (m) => (m.mode === 'studio' ? m.health.workspace : undefined));
  useEffect(() => {
    const load = studio !== undefined ? listStudioModelVersions() : openCrispflowDb(dbName).then((db) => listModelVersions(db, pipelineId));
    void load.then(setVersions).catch((e: Error) => setError(e.message));
  }, [pipelineId, refreshKey, dbName, studio]);

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const [a, b] = picked.map((id) => versions.find((v) => v.id === id)).filter((v): v is ModelVersion => Boolean(v));
  const rows = useMemo(() => (a && b ? compareVersions(a, b) : []), [a, b]);

  return (
    <section className="cf-review" aria-label="Model versions" data-testid="model-versions">
      <h2>Model versions</h2>
      {studio !== undefined && <p className="cf-muted" data-testid="model-versions-source">All models in the studio workspace “{studio}” (its registry folder, shared with the crispflow command).</p>}
      {error && <p role="alert" className="cf-review-error">{error}</p>}
      {versions.length === 0 && <p className="cf-muted">No trained models yet. Run a pipeline with a model node; each new training is kept here as a version.</p>}
      {versions.length > 0 && (
        <table className="cf-review-table">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">Type</th>
              <th scope="col">Created</th>
              <th scope="col">AUC</th>
              <th scope="col">Disparate impact</th>
              <th scope="col">Model card</th>
              <th scope="col">Monitoring</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-testid="model-version">
                <td>
                  <input type="checkbox" aria-label={`Compare ${v.name} v${v.version}`} checked={picked.includes(v.id)} onChange={() => toggle(v.id)} />
                </td>
                <td>{v.name}</td>
                <td>v{v.version}</td>
                <td>{v.kind}</td>
                <td>{new Date(v.createdAt).toLocaleString()}</td>
                <td>
                  {fmt(v.metrics.auc ?? null)}
                  {v.metricsSource === 'cross-validated' && v.metrics.auc != null && (
                    <span className="cf-muted" title="No held-out evaluation of this model: the mean AUC of a time-series cross-validation of the same model kind on the same data and features">
                      {' '}
                      (cross-validated)
                    </span>
                  )}
                </td>
                <td>{fmt(v.fairness?.[0]?.disparateImpact ?? null)}</td>
                <td>
                  <button type="button" className="cf-link-btn" onClick={() => saveBlob(new Blob([modelCardHtml(v)], { type: 'text/html' }), `${fileBase(v)}-model-card.html`)}>
                    HTML
                  </button>{' '}
                  <button type="button" className="cf-link-btn" onClick={() => saveBlob(new Blob([modelCardMarkdown(v)], { type: 'text/markdown' }), `${fileBase(v)}-model-card.md`)}>
                    Markdown
                  </button>
                </td>
                {/* With a studio the records are the workspace's; without one, this browser's (IndexedDB). */}
                <td>
                  <button type="button" className="cf-link-btn" aria-pressed={monitored === v.name} onClick={() => setMonitored((m) => (m === v.name ? undefined : v.name))}>
                    {v.stage ? `${v.stage}, ` : ''}Monitoring
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.length > 1 && !(a && b) && <p className="cf-muted">Tick two versions to compare them side by side.</p>}
      {a && b && <CompareTable a={a} b={b} rows={rows} />}
      {monitored !== undefined && (
        <Suspense fallback={<p className="cf-muted">Loading the Monitoring view…</p>}>
          <MonitoringView model={monitored} dbName={dbName} />
        </Suspense>
      )}
    </section>
  );
}

function CompareTable({ a, b, rows }: { a: ModelVersion; b: ModelVersion; rows: CompareRow[] }) {
  return (
    <table className="cf-review-table" data-testid="model-compare">
      <caption>
        {a.name} v{a.version} vs {b.name} v{b.version}
      </caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">
            v{a.version}
          </th>
          <th scope="col">
            v{b.version}
          </th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.section}:${r.key}`} className={r.changed ? 'cf-compare-changed' : undefined}>
            <th scope="row">
              <span className="cf-muted">{r.section}</span> {r.key}
            </th>
            <td>{fmt(r.a)}</td>
            <td>{fmt(r.b)}</td>
            <td>
              {r.delta !== undefined && r.delta !== 0 ? `${r.delta > 0 ? '+' : ''}${fmt(r.delta)}` : r.changed ? 'changed' : ''}
              {r.better === true ? ' (better)' : r.better === false ? ' (worse)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
