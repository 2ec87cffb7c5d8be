/**
 * The Monitoring view of one model: its monitoring records (every audit of every version, from the CLI or
 * the studio) as time series — disparate impact with the four-fifths band, drift (PSI per feature and of
 * the score, with the 0.1 / 0.25 bands), realised AUC and Brier where outcomes were joined — the alerts,
 * and a table saying which batch each point came from. With a studio, records live in the workspace's
 * registry; without one, with the model versions saved in this browser (IndexedDB, browser-monitoring.ts),
 * audited in a worker — the same charts either way.
 */
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import * as Plot from '@observablehq/plot';
import { ACCENT, ACCENT_2, NEGATIVE } from '../results/chart-theme.ts';
import { PlotFigure } from '../results/PlotFigure.tsx';
import { studioState } from '../studio/studio-client.ts';
import { alertList, monitoringPoints, psiSeries, type MonitoringPoint } from './monitoring-series.ts';
import { fetchModelMonitoring, type ModelMonitoring } from './studio-monitoring.ts';
import { AuditForm } from './AuditForm.tsx';
import { BrowserAuditForm } from './BrowserAuditForm.tsx';
import { listBrowserMonitoring } from './browser-monitoring.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import './monitoring.css';

const fmt = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—');
const SERIES_COLOURS = [ACCENT, ACCENT_2, '#6a8d3a', '#8a5a9e', '#4c9a9a', '#a0704a', '#5a6b7b', '#c06c84'];

function DiSeries({ points }: { points: MonitoringPoint[] }) {
  const options = useMemo((): Plot.PlotOptions => {
    const rows = points.filter((p) => p.disparateImpact !== null);
    return {
      width: 640,
      height: 240,
      marginLeft: 50,
      marginBottom: 50,
      x: { domain: points.map((p) => p.label), label: null, tickRotate: -25 },
      y: { domain: [0, Math.max(1.2, ...rows.map((p) => p.disparateImpact! * 1.05))], grid: true, label: '↑ disparate impact' },
      marks: [
        Plot.rectY([{ y1: 0, y2: 0.8 }], { y1: 'y1', y2: 'y2', fill: NEGATIVE, fillOpacity: 0.08 }),
        Plot.ruleY([0.8], { stroke: NEGATIVE, strokeDasharray: '5,3' }),
        Plot.line(rows, { x: 'label', y: 'disparateImpact', stroke: ACCENT, strokeWidth: 2 }),
        Plot.dot(rows, { x: 'label', y: 'disparateImpact', r: 4, fill: (p: MonitoringPoint) => (p.alerts.some((a) => a.kind === 'four-fifths') ? NEGATIVE : ACCENT), title: (p: MonitoringPoint) => `${p.label}: DI ${fmt(p.disparateImpact)} (${p.batch})` }),
      ],
    };
  }, [points]);
  return (
    <figure>
      <figcaption>Disparate impact per audit; the red band lies below four fifths (red dots: a four-fifths alert).</figcaption>
      <PlotFigure options={options} label="Disparate impact per monitoring record" testId="monitoring-di" />
    </figure>
  );
}

function PsiChart({ data, labels }: { data: ReturnType<typeof psiSeries>; labels: string[] }) {
  const options = useMemo((): Plot.PlotOptions => {
    const columns = [...new Set(data.map((d) => d.column))];
    return {
      width: 640,
      height: 260,
      marginLeft: 50,
      marginBottom: 50,
      x: { domain: labels, label: null, tickRotate: -25 },
      y: { domain: [0, Math.max(0.3, ...data.map((d) => d.psi * 1.1))], grid: true, label: '↑ PSI' },
      color: { domain: columns, range: SERIES_COLOURS, legend: true },
      marks: [
        Plot.rectY([{ y1: 0.1, y2: 0.25 }], { y1: 'y1', y2: 'y2', fill: ACCENT_2, fillOpacity: 0.08 }),
        Plot.rectY([{ y1: 0.25, y2: Math.max(0.3, ...data.map((d) => d.psi * 1.1)) }], { y1: 'y1', y2: 'y2', fill: NEGATIVE, fillOpacity: 0.08 }),
        Plot.line(data, { x: 'label', y: 'psi', stroke: 'column', strokeWidth: 1.5 }),
        Plot.dot(data, { x: 'label', y: 'psi', fill: 'column', r: 3, title: (d: { column: string; label: string; psi: number }) => `${d.column}, ${d.label}: PSI ${fmt(d.psi)}` }),
      ],
    };
  }, [data, labels]);
  return (
    <figure>
      <figcaption>Population stability index of each feature and of the score against the reference (bands: 0.1 moderate, 0.25 major shift).</figcaption>
      <PlotFigure options={options} label="PSI per feature and per monitoring record" testId="monitoring-psi" />
    </figure>
  );
}

function OutcomeChart({ points }: { points: MonitoringPoint[] }) {
  const rows = useMemo(() => points.flatMap((p) => [...(p.auc !== null ? [{ label: p.label, metric: 'realised AUC', value: p.auc }] : []), ...(p.brier !== null ? [{ label: p.label, metric: 'Brier score', value: p.brier }] : [])]), [points]);
  const options = useMemo(
    (): Plot.PlotOptions => ({
      width: 640,
      height: 220,
      marginLeft: 50,
      marginBottom: 50,
      x: { domain: points.map((p) => p.label), label: null, tickRotate: -25 },
      y: { domain: [0, 1], grid: true, label: '↑ value' },
      color: { domain: ['realised AUC', 'Brier score'], range: [ACCENT, ACCENT_2], legend: true },
      marks: [Plot.line(rows, { x: 'label', y: 'value', stroke: 'metric', strokeWidth: 2 }), Plot.dot(rows, { x: 'label', y: 'value', fill: 'metric', r: 3 })],
    }),
    [rows, points],
  );
  if (rows.length === 0) return <p className="cf-muted">No outcomes joined yet: realised AUC and calibration appear once an audit has outcomes (crispflow monitor --outcomes).</p>;
  return (
    <figure>
      <figcaption>Realised AUC and Brier score, from the outcomes joined back to each batch.</figcaption>
      <PlotFigure options={options} label="Realised AUC and Brier score per monitoring record" testId="monitoring-outcomes" />
    </figure>
  );
}

export function MonitoringView({ model, dbName }: { model: string; dbName?: string }) {
  const studio = useStore(studioState, (m) => (m.mode === 'studio' ? m.health.workspace : undefined));
  const [data, setData] = useState<ModelMonitoring & { saved?: number[] }>();
  const [error, setError] = useState<string>();
  const [reload, setReload] = useState(0);
  useEffect(() => {
    setError(undefined);
    const load = studio !== undefined ? fetchModelMonitoring(model) : openCrispflowDb(dbName).then((db) => listBrowserMonitoring(db, model));
    load.then(setData, (e: Error) => setError(e.message));
  }, [model, studio, reload, dbName]);
  const points = useMemo(() => (data ? monitoringPoints(data.records) : []), [data]);
  const psi = useMemo(() => (data ? psiSeries(data.records) : []), [data]);
  const alerts = useMemo(() => alertList(points), [points]);

  return (
    <section className="cf-monitoring" aria-label={`Monitoring of ${model}`} data-testid="monitoring-view">
      <h3>Monitoring: {model}</h3>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p className="cf-muted">Loading monitoring records…</p>}
      {data && data.records.length === 0 && studio !== undefined && (
        <p className="cf-muted">
          No audits yet. Run: crispflow monitor "{model}@v{data.versions.at(-1)?.version ?? 1}" --data &lt;batch.csv&gt; --registry {studio}/registry
        </p>
      )}
      {data && data.records.length === 0 && studio === undefined && (
        <p className="cf-muted">No audits yet. Upload a new batch in the Datasets panel, choose it below and audit it: the record is kept with the version in this browser.</p>
      )}
      {data &&
        (studio !== undefined ? (
          <AuditForm model={model} versions={data.versions.map((v) => v.version)} onDone={() => setReload((n) => n + 1)} />
        ) : (
          <BrowserAuditForm model={model} versions={data.saved ?? []} dbName={dbName} onDone={() => setReload((n) => n + 1)} />
        ))}
      {data?.problems.map((p) => (
        <p key={p} role="alert">
          Unreadable record: {p}
        </p>
      ))}
      {data && data.records.length > 0 && (
        <>
          <h4>Alerts</h4>
          {alerts.length === 0 ? (
            <p className="cf-muted" data-testid="monitoring-no-alerts">No alert in {points.length} audit(s).</p>
          ) : (
            <ul className="cf-monitoring-alerts" data-testid="monitoring-alerts">
              {alerts.map((a, i) => (
                <li key={i}>
                  <strong>{a.label}</strong> ({a.batch}): {a.message}
                </li>
              ))}
            </ul>
          )}
          <DiSeries points={points} />
          {psi.length > 0 && <PsiChart data={psi} labels={points.map((p) => p.label)} />}
          <OutcomeChart points={points} />
          <table className="cf-review-table" data-testid="monitoring-points">
            <caption>Where each point came from</caption>
            <thead>
              <tr>
                <th scope="col">Point</th>
                <th scope="col">Batch</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Rows</th>
                <th scope="col">Audited</th>
                <th scope="col">By</th>
                <th scope="col">Selected</th>
                <th scope="col">Alerts</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={`${p.label}-${p.at}`} data-testid="monitoring-point">
                  <td>{p.label}</td>
                  <td>{p.batch}</td>
                  <td>
                    <code title={p.fingerprint}>{p.fingerprint.slice(0, 12)}</code>
                  </td>
                  <td>{p.rows}</td>
                  <td>{new Date(p.at).toLocaleString()}</td>
                  <td>{p.source}</td>
                  <td>{fmt(p.selectionRate)}</td>
                  <td>{p.alerts.length ? p.alerts.map((a) => `${a.kind}: ${a.subject}`).join(', ') : 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export default MonitoringView;
