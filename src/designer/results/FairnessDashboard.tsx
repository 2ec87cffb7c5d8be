import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { FairnessReport } from '../../core/ports.ts';
import { asNamedReports, groupRateRows, tradeOffPoints, type NamedReport } from '../../ml/fairness/comparison.ts';
import { ACCENT, ACCENT_2, NEGATIVE } from './chart-theme.ts';
import { formatNumber } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';

const FOUR_FIFTHS = 0.8;

const MEASURE_LABELS: Record<string, string> = {
  impactRatio: 'Impact ratio (vs most favoured)',
  selectionRate: 'Selection rate',
  tpr: 'True positive rate',
  fpr: 'False positive rate',
};

const HEADLINES: Array<{ key: keyof FairnessReport & string; term: string; label: string }> = [
  { key: 'disparateImpact', term: 'disparate impact', label: 'Disparate impact' },
  { key: 'statisticalParityDifference', term: 'statistical parity difference', label: 'Statistical parity difference' },
  { key: 'equalOpportunityDifference', term: 'equal opportunity difference', label: 'Equal opportunity difference' },
  { key: 'averageOddsDifference', term: 'average odds difference', label: 'Average odds difference' },
  { key: 'equalizedOddsDifference', term: 'equalized odds', label: 'Equalized odds difference' },
];

type Interval = [number, number] | undefined;

interface FourFifths {
  group: string;
  reference: string;
  impactRatio: number;
  flagged: boolean;
  test: string;
  pValue: number;
}

interface Aggregate {
  difference: number;
  ratio: number;
  toOverallDifference: number;
  toOverallRatio: number;
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? formatNumber(Math.round(v * 1000) / 1000) : '—';
}

function fmtCi(iv: Interval): string {
  return iv && Number.isFinite(iv[0]) ? `[${fmt(iv[0])}, ${fmt(iv[1])}]` : '';
}

/** Per-group rates with bootstrap whiskers; impact ratios get the four-fifths line. */
function GroupRates({ report }: { report: FairnessReport }) {
  const options = useMemo((): Plot.PlotOptions => {
    // Dataset labels have no separate decisions, so their error rates (trivially 1 and 0) are left out.
    const measures = report.extra?.mode === 'dataset' ? ['selectionRate', 'impactRatio'] : Object.keys(MEASURE_LABELS);
    const rows = groupRateRows(report)
      .filter((r) => measures.includes(r.measure))
      .map((r) => ({ ...r, measure: MEASURE_LABELS[r.measure] }));
    const groups = report.groups.map((g) => g.group);
    const max = Math.max(1, ...rows.map((r) => (Number.isFinite(r.hi) ? r.hi : Number.isFinite(r.value) ? r.value : 0)));
    return {
      width: 560,
      height: 70 + measures.length * (22 * groups.length + 24),
      marginLeft: 120,
      x: { domain: [0, max * 1.05], grid: true, label: 'rate' },
      y: { label: null, domain: groups },
      fy: { label: null, domain: measures.map((m) => MEASURE_LABELS[m]) },
      marks: [
        Plot.barX(rows, {
          fy: 'measure',
          y: 'group',
          x: 'value',
          fill: (d: { measure: string; value: number }) => (d.measure === MEASURE_LABELS.impactRatio && d.value < FOUR_FIFTHS ? NEGATIVE : ACCENT),
          title: (d: { group: string; measure: string; value: number; lo: number; hi: number }) =>
            `${d.group} · ${d.measure}: ${fmt(d.value)}${Number.isFinite(d.lo) ? ` (95% CI ${fmt(d.lo)}–${fmt(d.hi)})` : ''}`,
        }),
        Plot.ruleY(
          rows.filter((r) => Number.isFinite(r.lo)),
          { fy: 'measure', y: 'group', x1: 'lo', x2: 'hi', stroke: '#222', strokeWidth: 1.5 },
        ),
        Plot.ruleX(
          [{ measure: MEASURE_LABELS.impactRatio, x: FOUR_FIFTHS }],
          { fy: 'measure', x: 'x', stroke: '#222', strokeDasharray: '5,3' },
        ),
        Plot.ruleX([0]),
      ],
    };
  }, [report]);
  return <PlotFigure options={options} label="Per-group rates with 95% bootstrap intervals and the four-fifths line on impact ratios" testId="fairness-group-rates" />;
}

/** Disparate impact per branch (before/after) and accuracy against disparate impact. */
function Comparison({ reports }: { reports: NamedReport[] }) {
  const points = useMemo(() => tradeOffPoints(reports), [reports]);
  const bars = useMemo((): Plot.PlotOptions => {
    const max = Math.max(1.1, ...points.map((p) => (Number.isFinite(p.diHi) ? p.diHi : p.disparateImpact || 0)));
    return {
      width: 560,
      height: 50 + points.length * 30,
      marginLeft: 180,
      x: { domain: [0, max], grid: true, label: 'disparate impact (unprivileged ÷ privileged selection rate)' },
      y: { label: null, domain: points.map((p) => p.name) },
      marks: [
        Plot.barX(points, { y: 'name', x: 'disparateImpact', fill: (d: { disparateImpact: number }) => (d.disparateImpact < FOUR_FIFTHS ? NEGATIVE : ACCENT) }),
        Plot.ruleY(points.filter((p) => Number.isFinite(p.diLo)), { y: 'name', x1: 'diLo', x2: 'diHi', stroke: '#222', strokeWidth: 1.5 }),
        Plot.ruleX([FOUR_FIFTHS], { stroke: '#222', strokeDasharray: '5,3' }),
        Plot.ruleX([0]),
      ],
    };
  }, [points]);
  const scatter = useMemo((): Plot.PlotOptions => {
    const valid = points.filter((p) => Number.isFinite(p.accuracy) && Number.isFinite(p.disparateImpact));
    return {
      width: 560,
      height: 300,
      marginRight: 40,
      x: { label: 'accuracy', grid: true },
      y: { label: 'disparate impact', grid: true, domain: [0, Math.max(1.1, ...valid.map((p) => p.disparateImpact))] },
      marks: [
        Plot.ruleY([FOUR_FIFTHS], { stroke: '#222', strokeDasharray: '5,3' }),
        Plot.ruleX(valid.filter((p) => Number.isFinite(p.diLo)), { x: 'accuracy', y1: 'diLo', y2: 'diHi', stroke: ACCENT_2 }),
        Plot.dot(valid, { x: 'accuracy', y: 'disparateImpact', r: 5, fill: ACCENT }),
        Plot.text(valid, { x: 'accuracy', y: 'disparateImpact', text: 'name', dy: -10, fill: '#222' }),
      ],
    };
  }, [points]);
  return (
    <section aria-label="Comparison of mitigations">
      <figure>
        <figcaption>
          <Term k="disparate impact">Disparate impact</Term> before and after mitigation (95% intervals; dashed line: four-fifths)
        </figcaption>
        <PlotFigure options={bars} label="Disparate impact per pipeline branch" testId="fairness-before-after" />
      </figure>
      <figure>
        <figcaption>Trade-off: accuracy against disparate impact for each mitigation</figcaption>
        <PlotFigure options={scatter} label="Accuracy against disparate impact per pipeline branch" testId="fairness-trade-off" />
      </figure>
      <table className="cf-kv">
        <caption>Branches</caption>
        <thead>
          <tr>
            <th scope="col">branch</th>
            <th scope="col">accuracy</th>
            <th scope="col">disparate impact</th>
            <th scope="col">statistical parity diff.</th>
            <th scope="col">equalized odds diff.</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}</th>
              <td>{fmt(p.accuracy)}</td>
              <td>{fmt(p.disparateImpact)}</td>
              <td>{fmt(p.statisticalParityDifference)}</td>
              <td>{fmt(p.equalizedOddsDifference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Detail({ report }: { report: FairnessReport }) {
  const extra = (report.extra ?? {}) as {
    ci?: Record<string, Interval> & { level?: number; resamples?: number };
    fourFifths?: FourFifths[];
    fairlearn?: Record<string, Aggregate>;
    unprivileged?: string;
  };
  const ci = extra.ci;
  // Dataset mode: the label is both outcome and truth, so error rates and odds-based metrics do not apply.
  const datasetMode = report.extra?.mode === 'dataset';
  const hasCalibration = report.groups.some((g) => typeof g.meanScore === 'number');
  return (
    <>
      <p>
        Protected attribute <strong>{report.attribute}</strong>, privileged group <strong>{report.privileged}</strong>
        {extra.unprivileged ? <> compared with {extra.unprivileged}</> : null}, favourable outcome <strong>{report.favorable}</strong>.
        {ci ? ` Intervals: ${Math.round((ci.level ?? 0.95) * 100)}% from ${ci.resamples} seeded bootstrap resamples.` : ''}
      </p>
      <div className="cf-headlines">
        {HEADLINES.map((h) => {
          const v = report[h.key];
          // NaN (or null once serialised) marks a metric that is not defined for this input.
          const notApplicable = v === null || (typeof v === 'number' && Number.isNaN(v));
          if (typeof v !== 'number' && !notApplicable) return null;
          const bad = h.key === 'disparateImpact' && typeof v === 'number' && v < FOUR_FIFTHS;
          return (
            <div key={h.key} className={`cf-headline${bad ? ' cf-headline-bad' : ''}${notApplicable ? ' cf-headline-na' : ''}`} data-testid={`fairness-${h.key}`}>
              <span className="cf-headline-label">
                <Term k={h.term}>{h.label}</Term>
              </span>
              {notApplicable ? (
                <span className="cf-muted" title="These compare decisions with the true outcome; the historical labels have no separate decisions to compare.">
                  {datasetMode ? 'not applicable for dataset labels' : 'not applicable'}
                </span>
              ) : (
                <>
                  <span className="cf-headline-value">{fmt(v)}</span>
                  <span className="cf-muted">{fmtCi(ci?.[h.key] as Interval)}</span>
                </>
              )}
            </div>
          );
        })}
      </div>
      <figure>
        <figcaption>Per group (bars: estimate; whiskers: bootstrap interval)</figcaption>
        <GroupRates report={report} />
      </figure>
      {extra.fourFifths && extra.fourFifths.length > 0 && (
        <table className="cf-kv" data-testid="fairness-four-fifths">
          <caption>Four-fifths comparisons (against the most favoured group)</caption>
          <thead>
            <tr>
              <th scope="col">group</th>
              <th scope="col">reference</th>
              <th scope="col">impact ratio</th>
              <th scope="col">test</th>
              <th scope="col">p-value</th>
              <th scope="col">flag</th>
            </tr>
          </thead>
          <tbody>
            {extra.fourFifths.map((f) => (
              <tr key={f.group}>
                <th scope="row">{f.group}</th>
                <td>{f.reference}</td>
                <td>{fmt(f.impactRatio)}</td>
                <td>{f.test === 'fisher-exact' ? 'Fisher exact' : 'two-proportion z'}</td>
                <td>{f.pValue < 1e-4 ? f.pValue.toExponential(1) : fmt(f.pValue)}</td>
                <td>{f.flagged ? 'below 0.8' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {extra.fairlearn && (
        <table className="cf-kv">
          <caption>Fairlearn aggregates</caption>
          <thead>
            <tr>
              <th scope="col">metric</th>
              <th scope="col">between groups: difference</th>
              <th scope="col">ratio</th>
              <th scope="col">to overall: difference</th>
              <th scope="col">ratio</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(extra.fairlearn).map(([k, a]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{fmt(a.difference)}</td>
                <td>{fmt(a.ratio)}</td>
                <td>{fmt(a.toOverallDifference)}</td>
                <td>{fmt(a.toOverallRatio)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="cf-kv" data-testid="fairness-groups">
        <caption>Groups</caption>
        <thead>
          <tr>
            <th scope="col">group</th>
            <th scope="col">people</th>
            <th scope="col">selection rate</th>
            {!datasetMode && <th scope="col">TPR</th>}
            {!datasetMode && <th scope="col">FPR</th>}
            {!datasetMode && <th scope="col">FNR</th>}
            {!datasetMode && <th scope="col">precision</th>}
            {hasCalibration && <th scope="col">mean score</th>}
            {hasCalibration && <th scope="col">observed rate</th>}
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.group}</th>
              <td>{g.n}</td>
              <td>{fmt(g.selectionRate)}</td>
              {!datasetMode && <td>{fmt(g.tpr)}</td>}
              {!datasetMode && <td>{fmt(g.fpr)}</td>}
              {!datasetMode && <td>{fmt(g.fnr)}</td>}
              {!datasetMode && <td>{fmt(g.precision)}</td>}
              {hasCalibration && <td>{fmt(g.meanScore)}</td>}
              {hasCalibration && <td>{fmt(g.observedRate)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {report.warnings.length > 0 && (
        <ul className="cf-warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Fairness dashboard: one report in depth (headlines with intervals, per-group bars with the 0.8 line,
 * four-fifths tests, Fairlearn aggregates, calibration), and, given several named reports (one per
 * pipeline branch), the before/after comparison and the accuracy ↔ disparate impact trade-off.
 * `value`: a FairnessReport, or an array of `{ name, report }`.
 */
export function FairnessDashboard({ value }: { value: FairnessReport | NamedReport[] }) {
  const reports = useMemo(() => asNamedReports(value), [value]);
  const [selected, setSelected] = useState(0);
  if (reports.length === 0) return <p className="cf-muted">No fairness report to show.</p>;
  const current = reports[Math.min(selected, reports.length - 1)];
  return (
    <div className="cf-fairness-dashboard" data-testid="fairness-dashboard">
      {reports.length > 1 && <Comparison reports={reports} />}
      {reports.length > 1 && (
        <label>
          Details for{' '}
          <select value={Math.min(selected, reports.length - 1)} onChange={(e) => setSelected(Number(e.target.value))}>
            {reports.map((r, i) => (
              <option key={r.name} value={i}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <Detail report={current.report} />
    </div>
  );
}
