import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { Document } from '../../core/ports.ts';
import { isShapExplanation, type ShapExplanationData } from '../../ml/explain/explanation.ts';
import { beeswarmPoints, dependencePoints, waterfallSteps } from '../../ml/explain/view-data.ts';
import { ACCENT, MUTED, NEGATIVE } from './chart-theme.ts';
import { formatNumber, formatPercent } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import './shap-view.css';

type Tab = 'importance' | 'beeswarm' | 'dependence' | 'person';

const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'importance', label: 'Overall importance' },
  { id: 'beeswarm', label: 'Everyone (beeswarm)' },
  { id: 'dependence', label: 'One column (dependence)' },
  { id: 'person', label: 'One person (waterfall)' },
];

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);

function scaleLabel(d: ShapExplanationData): string {
  return d.outputScale === 'log-odds' ? 'contribution (log-odds)' : 'contribution (score)';
}

function ImportanceChart({ d }: { d: ShapExplanationData }) {
  const options = useMemo((): Plot.PlotOptions => {
    const top = d.importance.slice(0, 15);
    return {
      width: 560,
      height: 40 + top.length * 22,
      marginLeft: 200,
      x: { label: `mean |${scaleLabel(d)}|`, grid: true },
      y: { label: null, domain: top.map((t) => t.feature), tickFormat: short },
      marks: [Plot.barX(top, { x: 'meanAbs', y: 'feature', fill: ACCENT }), Plot.ruleX([0])],
    };
  }, [d]);
  return <PlotFigure options={options} label="Mean absolute SHAP value per column" testId="shap-importance" />;
}

function Beeswarm({ d }: { d: ShapExplanationData }) {
  const options = useMemo((): Plot.PlotOptions => {
    const pts = beeswarmPoints(d, 12, 2000);
    const lanes = d.importance.slice(0, 12).map((x) => x.feature);
    // Deterministic vertical jitter inside each lane (the row number seeds it), so the cloud shows density.
    const jitter = (row: number) => ((((row * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * 0.7;
    return {
      width: 620,
      height: 50 + lanes.length * 34,
      marginLeft: 200,
      x: { label: scaleLabel(d), grid: true },
      y: { label: null, domain: [lanes.length - 0.5, -0.5], ticks: lanes.map((_, k) => k), tickFormat: (k: number) => short(lanes[k] ?? '') },
      color: { type: 'linear', domain: [0, 1], range: [ACCENT, NEGATIVE], label: 'value (low → high)', legend: true },
      marks: [
        Plot.ruleX([0], { stroke: MUTED }),
        Plot.dot(pts, {
          x: 'shap',
          y: (p: { lane: number; row: number }) => p.lane + jitter(p.row),
          r: 2,
          fill: (p: { level: number }) => (Number.isNaN(p.level) ? null : p.level),
          fillOpacity: 0.75,
        }),
      ],
    };
  }, [d]);
  return (
    <>
      <p className="cf-muted">
        Each dot is a person. Dots right of the line pushed that person’s score up; colour shows their value of the column (blue low, red
        high; grey for categories).
      </p>
      <PlotFigure options={options} label="SHAP values of every person per column" testId="shap-beeswarm" />
    </>
  );
}

function Dependence({ d }: { d: ShapExplanationData }) {
  const [feature, setFeature] = useState(d.importance[0]?.feature ?? d.features[0]);
  const options = useMemo((): Plot.PlotOptions => {
    const pts = dependencePoints(d, feature);
    const categorical = pts.some((p) => typeof p.x === 'string');
    return {
      width: 560,
      height: 320,
      marginLeft: 60,
      x: { label: feature, ...(categorical ? { type: 'point' as const } : {}) },
      y: { label: scaleLabel(d), grid: true },
      marks: [Plot.ruleY([0], { stroke: MUTED }), Plot.dot(pts, { x: 'x', y: 'shap', r: 2.5, fill: ACCENT, fillOpacity: 0.5 })],
    };
  }, [d, feature]);
  return (
    <>
      <label className="cf-field-inline">
        Column{' '}
        <select value={feature} onChange={(e) => setFeature(e.target.value)} data-testid="shap-dependence-feature">
          {d.importance.map((x) => (
            <option key={x.feature} value={x.feature}>
              {x.feature}
            </option>
          ))}
        </select>
      </label>
      <p className="cf-muted">How the column’s value relates to its push on the score, one dot per person.</p>
      <PlotFigure options={options} label={`SHAP dependence plot of ${feature}`} testId="shap-dependence" />
    </>
  );
}

function Waterfall({ d }: { d: ShapExplanationData }) {
  const order = useMemo(() => Array.from({ length: d.rows }, (_, i) => i).sort((a, b) => d.scores[b] - d.scores[a]), [d]);
  const [row, setRow] = useState(order[0] ?? 0);
  const w = useMemo(() => waterfallSteps(d, row, 10), [d, row]);
  const options = useMemo((): Plot.PlotOptions => {
    const labels = w.steps.map((s) => s.label);
    return {
      width: 620,
      height: 50 + w.steps.length * 26,
      marginLeft: 200,
      x: { label: `${d.outputScale === 'log-odds' ? 'log-odds' : 'score'}: average ${formatNumber(d.expectedValue)} → this person ${formatNumber(w.output)}`, grid: true },
      y: { label: null, domain: labels, tickFormat: short },
      marks: [
        Plot.ruleX([d.expectedValue], { stroke: MUTED, strokeDasharray: '3,3' }),
        Plot.barX(w.steps, {
          x1: 'start',
          x2: 'end',
          y: 'label',
          fill: (s: { contribution: number }) => (s.contribution >= 0 ? NEGATIVE : ACCENT),
          title: (s: { text: string; contribution: number }) => `${s.text} (${s.contribution >= 0 ? '+' : ''}${formatNumber(s.contribution)})`,
        }),
      ],
    };
  }, [d, w]);
  return (
    <>
      <label className="cf-field-inline">
        Person{' '}
        <select value={row} onChange={(e) => setRow(Number(e.target.value))} data-testid="shap-person">
          {order.slice(0, 500).map((i) => (
            <option key={i} value={i}>
              {d.rowIds[i]} — {formatPercent(d.scores[i], 0)}
            </option>
          ))}
        </select>
      </label>
      <p>
        Score <strong data-testid="shap-person-score">{formatPercent(w.probability, 1)}</strong>. Red bars raise it, blue bars lower it.
      </p>
      <PlotFigure options={options} label={`Why ${d.rowIds[row]} got this score`} testId="shap-waterfall" />
      <ul className="cf-shap-drivers">
        {w.steps
          .filter((s) => s.text)
          .slice(0, 5)
          .map((s) => (
            <li key={s.label}>
              {s.contribution >= 0 ? '▲' : '▼'} {s.text}
            </li>
          ))}
      </ul>
    </>
  );
}

/** SHAP explanation viewer: global importance, beeswarm, dependence plot and per-person waterfall. */
export function ShapView({ value }: { value: Document }) {
  const [tab, setTab] = useState<Tab>('importance');
  if (!isShapExplanation(value)) {
    return <p className="cf-muted">This is not a SHAP explanation.</p>;
  }
  const d = value.data;
  if (d.rows === 0) return <p className="cf-muted">No rows were explained.</p>;
  return (
    <div className="cf-shap-view" data-testid="shap-view">
      <p className="cf-muted">
        {d.rows.toLocaleString('en-US')} rows explained with {d.method === 'tree' ? 'TreeSHAP (exact)' : d.method === 'linear' ? 'linear SHAP (exact)' : 'sampling SHAP'}
        {d.note ? ` — ${d.note}` : ''}. Contributions add up to each score; they describe the model, not causes.
      </p>
      <div role="tablist" className="cf-tabs">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'cf-tab cf-tab-active' : 'cf-tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'importance' && <ImportanceChart d={d} />}
        {tab === 'beeswarm' && <Beeswarm d={d} />}
        {tab === 'dependence' && <Dependence d={d} />}
        {tab === 'person' && <Waterfall d={d} />}
      </div>
    </div>
  );
}
