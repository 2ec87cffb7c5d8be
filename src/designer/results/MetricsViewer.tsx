import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { Metrics } from '../../core/ports.ts';
import { ACCENT, ACCENT_2, MUTED } from './chart-theme.ts';
import { formatCount, formatNumber, formatPercent } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';
import { buildThresholdIndex, statsAtThreshold, type ThresholdStats } from './threshold.ts';
import { CalibrationChart } from './CalibrationChart.tsx';
import { metricLabel, metricTermKey } from './metric-labels.ts';

const HEADLINES: Array<{ key: string; label: string }> = [
  { key: 'auc', label: 'AUC' },
  { key: 'precision', label: 'Precision' },
  { key: 'recall', label: 'Recall' },
  { key: 'f1', label: 'F1' },
  { key: 'accuracy', label: 'Accuracy' },
];
const HEADLINE_KEYS = new Set([...HEADLINES.map((h) => h.key), 'threshold']);

/** Curves with thousands of points are thinned for drawing (every k-th point, ends kept). */
function thin<T>(points: T[], max = 1500): T[] {
  if (points.length <= max) return points;
  const step = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

function ConfusionMatrix({ c }: { c: { tp: number; fp: number; tn: number; fn: number } }) {
  const n = c.tp + c.fp + c.tn + c.fn;
  const cell = (v: number, label: string, good: boolean) => (
    <td className={good ? 'cf-cm-good' : 'cf-cm-bad'} aria-label={`${label}: ${v}`}>
      <strong>{formatCount(v)}</strong>
      <span className="cf-muted">{label}</span>
      <span className="cf-muted">{n ? formatPercent(v / n) : ''}</span>
    </td>
  );
  return (
    <table className="cf-confusion" data-testid="confusion-matrix">
      <caption>
        <Term k="confusion matrix">Confusion matrix</Term>
      </caption>
      <thead>
        <tr>
          <td className="cf-cm-corner" />
          <th scope="col">Predicted positive</th>
          <th scope="col">Predicted negative</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Actually positive</th>
          {cell(c.tp, 'true positives', true)}
          {cell(c.fn, 'false negatives (missed)', false)}
        </tr>
        <tr>
          <th scope="row">Actually negative</th>
          {cell(c.fp, 'false positives', false)}
          {cell(c.tn, 'true negatives', true)}
        </tr>
      </tbody>
    </table>
  );
}

function Headline({ k, label, value }: { k: string; label: string; value: number }) {
  return (
    <div className="cf-headline" data-testid={`metric-${k}`}>
      <span className="cf-headline-label">
        <Term k={k}>{label}</Term>
      </span>
      <span className="cf-headline-value">{formatNumber(Math.round(value * 1000) / 1000)}</span>
    </div>
  );
}

/** Evaluation results: headline numbers, ROC and PR curves, confusion matrix and a live threshold slider. */
export function MetricsViewer({ metrics }: { metrics: Metrics }) {
  const values = metrics.values ?? {};
  const index = useMemo(() => {
    if (!metrics.scores || !metrics.labels || metrics.scores.length === 0) return undefined;
    return buildThresholdIndex(metrics.scores, metrics.labels);
  }, [metrics.scores, metrics.labels]);
  const [threshold, setThreshold] = useState(metrics.threshold ?? values.threshold ?? 0.5);
  const live: ThresholdStats | undefined = useMemo(() => (index ? statsAtThreshold(index, threshold) : undefined), [index, threshold]);

  const roc = useMemo(() => thin(metrics.roc ?? []), [metrics.roc]);
  const pr = useMemo(() => thin(metrics.pr ?? []), [metrics.pr]);
  const rocOptions = useMemo((): Plot.PlotOptions | undefined => {
    if (roc.length === 0) return undefined;
    return {
      width: 300,
      height: 270,
      marginBottom: 40,
      x: { domain: [0, 1], label: 'False positive rate', labelAnchor: 'center', labelArrow: 'none', labelOffset: 34 },
      y: { domain: [0, 1], label: 'True positive rate (recall)', grid: true },
      marks: [
        Plot.line([[0, 0], [1, 1]], { stroke: MUTED, strokeDasharray: '4,3' }),
        Plot.line(roc, { x: 'fpr', y: 'tpr', stroke: ACCENT, strokeWidth: 2 }),
        ...(live ? [Plot.dot([{ fpr: live.fpr, tpr: live.recall }], { x: 'fpr', y: 'tpr', r: 5, fill: ACCENT_2, stroke: 'white' })] : []),
      ],
    };
  }, [roc, live]);
  const prOptions = useMemo((): Plot.PlotOptions | undefined => {
    if (pr.length === 0) return undefined;
    return {
      width: 300,
      height: 270,
      marginBottom: 40,
      x: { domain: [0, 1], label: 'Recall', labelAnchor: 'center', labelArrow: 'none', labelOffset: 34 },
      y: { domain: [0, 1], label: 'Precision', grid: true },
      marks: [
        Plot.line(pr, { x: 'recall', y: 'precision', stroke: ACCENT, strokeWidth: 2 }),
        ...(live ? [Plot.dot([{ recall: live.recall, precision: live.precision }], { x: 'recall', y: 'precision', r: 5, fill: ACCENT_2, stroke: 'white' })] : []),
      ],
    };
  }, [pr, live]);

  const others = Object.entries(values).filter(([k]) => !HEADLINE_KEYS.has(k));
  const confusion = live ?? metrics.confusion;

  return (
    <div className="cf-metrics-viewer" data-testid="metrics-viewer">
      <div className="cf-headlines">
        {HEADLINES.filter((h) => typeof values[h.key] === 'number').map((h) => (
          <Headline key={h.key} k={h.key} label={h.label} value={values[h.key]} />
        ))}
        {(metrics.threshold ?? values.threshold) !== undefined && (
          <div className="cf-headline">
            <span className="cf-headline-label">
              <Term k="threshold">at threshold</Term>
            </span>
            <span className="cf-headline-value">{formatNumber(metrics.threshold ?? values.threshold)}</span>
          </div>
        )}
      </div>

      {index && live && (
        <section className="cf-threshold" aria-label="Threshold explorer">
          <label className="cf-threshold-label">
            <Term k="threshold">Threshold</Term> <output data-testid="threshold-value">{threshold.toFixed(3)}</output>
            <input
              type="range"
              min={0}
              max={1}
              step={0.005}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
              data-testid="threshold-slider"
              aria-valuetext={`threshold ${threshold.toFixed(3)}`}
            />
          </label>
          <div className="cf-threshold-stats" aria-live="polite">
            <span data-testid="live-precision">
              <Term k="precision">Precision</Term> <strong>{formatPercent(live.precision)}</strong>
            </span>
            <span data-testid="live-recall">
              <Term k="recall">Recall</Term> <strong>{formatPercent(live.recall)}</strong>
            </span>
            <span data-testid="live-selection-rate">
              <Term k="selection rate">Selection rate</Term> <strong>{formatPercent(live.selectionRate)}</strong>
            </span>
            <span className="cf-muted">
              {formatCount(live.selected)} of {formatCount(live.n)} selected
            </span>
          </div>
          {index.skipped > 0 && <p className="cf-muted">{formatCount(index.skipped)} rows without a score are left out.</p>}
        </section>
      )}

      <div className="cf-charts">
        {rocOptions && (
          <figure>
            <figcaption>
              <Term k="roc">ROC curve</Term>
            </figcaption>
            <PlotFigure options={rocOptions} label="ROC curve" testId="roc-chart" />
          </figure>
        )}
        {prOptions && (
          <figure>
            <figcaption>
              <Term k="pr">Precision–recall curve</Term>
            </figcaption>
            <PlotFigure options={prOptions} label="Precision-recall curve" testId="pr-chart" />
          </figure>
        )}
        {metrics.scores && metrics.labels && metrics.scores.length > 0 && (
          <CalibrationChart scores={metrics.scores} labels={metrics.labels} weights={weightsOf(metrics)} />
        )}
        {confusion && <ConfusionMatrix c={confusion} />}
      </div>

      {others.length > 0 && (
        <table className="cf-kv">
          <caption>Other measures</caption>
          <tbody>
            {others.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <Term k={metricTermKey(k)}>{metricLabel(k)}</Term>
                </th>
                <td>{formatNumber(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {metrics.folds && metrics.folds.length > 0 && <FoldsTable folds={metrics.folds} />}
    </div>
  );
}

/** Row weights the evaluation used (kept in extra by the evaluate node), for a weighted Brier score. */
function weightsOf(metrics: Metrics): ArrayLike<number> | undefined {
  const w = (metrics.extra as { weights?: unknown } | undefined)?.weights;
  return w instanceof Float64Array && metrics.scores && w.length === metrics.scores.length ? w : undefined;
}

const DATE_KEYS = new Set(['trainEnd', 'testStart', 'testEnd']);

/** Fold dates are kept as epoch milliseconds; show them as days. */
function formatFoldValue(key: string, v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (DATE_KEYS.has(key) && Math.abs(v) > 1e9) return new Date(v).toISOString().slice(0, 10);
  return formatNumber(v);
}

function FoldsTable({ folds }: { folds: Array<Record<string, number>> }) {
  const keys = [...new Set(folds.flatMap((f) => Object.keys(f)))];
  return (
    <table className="cf-kv" data-testid="folds-table">
      <caption>Cross-validation folds</caption>
      <thead>
        <tr>
          <th scope="col">fold</th>
          {keys.map((k) => (
            <th scope="col" key={k}>
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {folds.map((f, i) => (
          <tr key={i}>
            <th scope="row">{i + 1}</th>
            {keys.map((k) => (
              <td key={k}>{formatFoldValue(k, f[k])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
