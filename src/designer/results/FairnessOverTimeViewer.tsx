import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Document } from '../../core/ports.ts';
import type { FairnessOverTime, MetricChange, PeriodFairness } from '../../ml/drift/fairness-over-time.ts';
import { ACCENT, ACCENT_2, NEGATIVE } from './chart-theme.ts';
import { formatCount, formatNumber } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';
import './monitoring-viewers.css';

const FOUR_FIFTHS = 0.8;
const GROUP_COLOURS = [ACCENT, ACCENT_2, '#6a8d3a', '#8a5a9e', '#4c9a9a', '#a0704a'];

function fmt(v: number | null | undefined, digits = 3): string {
  return typeof v === 'number' && Number.isFinite(v) ? formatNumber(Number(v.toFixed(digits))) : '—';
}

function fmtCi(ci: [number, number] | null | undefined): string {
  return ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '';
}

type Head = 'disparateImpact' | 'statisticalParityDifference' | 'equalOpportunityDifference';

function headRows(periods: PeriodFairness[], key: Head) {
  return periods
    .filter((p) => p[key] !== null)
    .map((p) => ({ period: p.period, value: p[key] as number, lo: p.ci[key]?.[0] ?? NaN, hi: p.ci[key]?.[1] ?? NaN }));
}

/** Disparate impact per period with its interval, the four-fifths line and the band below it. */
function DisparateImpactSeries({ r }: { r: FairnessOverTime }) {
  const options = useMemo((): Plot.PlotOptions => {
    const rows = headRows(r.periods, 'disparateImpact');
    const withCi = rows.filter((d) => Number.isFinite(d.lo));
    const top = Math.max(1.2, ...rows.map((d) => (Number.isFinite(d.hi) ? d.hi : d.value) * 1.05));
    return {
      width: 620,
      height: 300,
      marginLeft: 50,
      marginBottom: 42,
      x: { domain: r.periods.map((p) => p.period), label: r.periodColumn, padding: 0.3 },
      y: { domain: [0, top], grid: true, label: '↑ disparate impact (unprivileged ÷ privileged selection rate)' },
      marks: [
        Plot.rectY([{ y1: 0, y2: FOUR_FIFTHS }], { y1: 'y1', y2: 'y2', fill: NEGATIVE, fillOpacity: 0.08 }),
        Plot.ruleY([FOUR_FIFTHS], { stroke: NEGATIVE, strokeDasharray: '5,3' }),
        Plot.text([{ y: FOUR_FIFTHS }], { y: 'y', frameAnchor: 'right', text: () => 'four-fifths (0.8)', dy: -7, fill: NEGATIVE }),
        Plot.ruleY([1], { stroke: '#888', strokeDasharray: '2,3' }),
        Plot.ruleX(withCi, { x: 'period', y1: 'lo', y2: 'hi', stroke: ACCENT, strokeWidth: 6, strokeOpacity: 0.3 }),
        Plot.line(rows, { x: 'period', y: 'value', stroke: ACCENT, strokeWidth: 2 }),
        Plot.dot(rows, {
          x: 'period',
          y: 'value',
          r: 4.5,
          fill: (d: { value: number }) => (d.value < FOUR_FIFTHS ? NEGATIVE : ACCENT),
          title: (d: { period: string; value: number; lo: number; hi: number }) => `${d.period}: DI ${fmt(d.value)}${Number.isFinite(d.lo) ? ` (${Math.round(r.level * 100)}% CI ${fmt(d.lo)}–${fmt(d.hi)})` : ''}`,
        }),
        Plot.text(rows, { x: 'period', y: 'value', text: (d: { value: number }) => fmt(d.value, 2), dy: -12, fill: '#222' }),
      ],
    };
  }, [r]);
  return (
    <figure>
      <figcaption>
        <Term k="disparate impact">Disparate impact</Term> of {r.unprivileged} vs {r.privileged} per period, with {Math.round(r.level * 100)}% intervals (shaded bars). The
        red band lies below the four-fifths line.
      </figcaption>
      <PlotFigure options={options} label="Disparate impact per period with intervals and the four-fifths band" testId="fot-di-series" />
    </figure>
  );
}

/** Each group's selection rate per period with intervals. */
function SelectionRates({ r }: { r: FairnessOverTime }) {
  const options = useMemo((): Plot.PlotOptions => {
    const rows = r.periods.flatMap((p) =>
      p.groups.filter((g) => g.selectionRate !== null).map((g) => ({ period: p.period, group: g.group, value: g.selectionRate as number, lo: g.selectionRateCi?.[0] ?? NaN, hi: g.selectionRateCi?.[1] ?? NaN })),
    );
    const top = Math.min(1, Math.max(0.1, ...rows.map((d) => (Number.isFinite(d.hi) ? d.hi : d.value) * 1.1)));
    return {
      width: 620,
      height: 260,
      marginLeft: 50,
      marginBottom: 42,
      x: { domain: r.periods.map((p) => p.period), label: r.periodColumn, padding: 0.3 },
      y: { domain: [0, top], grid: true, label: '↑ selection rate', tickFormat: '%' },
      color: { domain: r.groups, range: GROUP_COLOURS, legend: true },
      marks: [
        Plot.ruleX(rows.filter((d) => Number.isFinite(d.lo)), { x: 'period', y1: 'lo', y2: 'hi', stroke: 'group', strokeWidth: 5, strokeOpacity: 0.25, dx: 0 }),
        Plot.line(rows, { x: 'period', y: 'value', stroke: 'group', strokeWidth: 2 }),
        Plot.dot(rows, { x: 'period', y: 'value', fill: 'group', r: 3.5, title: (d: { group: string; period: string; value: number }) => `${d.group}, ${d.period}: ${fmt(d.value * 100, 1)}%` }),
      ],
    };
  }, [r]);
  return (
    <figure>
      <figcaption>Selection rate of each group per period ({Math.round(r.level * 100)}% intervals).</figcaption>
      <PlotFigure options={options} label="Selection rate per group and period" testId="fot-selection-rates" />
    </figure>
  );
}

/** SPD and EOD per period around 0, with a ±0.1 band of rough parity. */
function Differences({ r }: { r: FairnessOverTime }) {
  const options = useMemo((): Plot.PlotOptions | undefined => {
    const rows = [
      ...headRows(r.periods, 'statisticalParityDifference').map((d) => ({ ...d, metric: 'statistical parity difference' })),
      ...headRows(r.periods, 'equalOpportunityDifference').map((d) => ({ ...d, metric: 'equal opportunity difference' })),
    ];
    if (rows.length === 0) return undefined;
    const ext = Math.max(0.25, ...rows.map((d) => Math.max(Math.abs(d.value), Number.isFinite(d.lo) ? Math.abs(d.lo) : 0, Number.isFinite(d.hi) ? Math.abs(d.hi) : 0) * 1.1));
    return {
      width: 620,
      height: 240,
      marginLeft: 50,
      marginBottom: 42,
      x: { domain: r.periods.map((p) => p.period), label: r.periodColumn, padding: 0.3 },
      y: { domain: [-ext, ext], grid: true, label: '↑ unprivileged − privileged' },
      color: { domain: ['statistical parity difference', 'equal opportunity difference'], range: [ACCENT, ACCENT_2], legend: true },
      marks: [
        Plot.rectY([{ y1: -0.1, y2: 0.1 }], { y1: 'y1', y2: 'y2', fill: '#dbe9f2', fillOpacity: 0.6 }),
        Plot.ruleY([0], { stroke: '#555' }),
        Plot.ruleX(rows.filter((d) => Number.isFinite(d.lo)), { x: 'period', y1: 'lo', y2: 'hi', stroke: 'metric', strokeWidth: 5, strokeOpacity: 0.25 }),
        Plot.line(rows, { x: 'period', y: 'value', stroke: 'metric', strokeWidth: 2 }),
        Plot.dot(rows, { x: 'period', y: 'value', fill: 'metric', r: 3.5 }),
      ],
    };
  }, [r]);
  if (!options) return null;
  return (
    <figure>
      <figcaption>
        <Term k="statistical parity difference">Statistical parity</Term> and <Term k="equal opportunity difference">equal opportunity</Term> differences per period
        (shaded: within ±0.1).
      </figcaption>
      <PlotFigure options={options} label="Statistical parity and equal opportunity differences per period" testId="fot-differences" />
    </figure>
  );
}

const METRIC_LABEL: Record<string, string> = {
  disparateImpact: 'disparate impact',
  statisticalParityDifference: 'statistical parity diff.',
  equalOpportunityDifference: 'equal opportunity diff.',
};

function metricLabel(m: string): string {
  return METRIC_LABEL[m] ?? (m.startsWith('selectionRate:') ? `selection rate of ${m.slice('selectionRate:'.length)}` : m);
}

function Changes({ changes, level }: { changes: MetricChange[]; level: number }) {
  if (changes.length === 0) return null;
  return (
    <table className="cf-kv">
      <caption>Change from one period to the next ({Math.round(level * 100)}% intervals; bold where the interval excludes 0)</caption>
      <thead>
        <tr>
          <th scope="col">measure</th>
          <th scope="col">from → to</th>
          <th scope="col">change</th>
          <th scope="col">interval</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => {
          const clear = c.ci !== null && (c.ci[0] > 0 || c.ci[1] < 0);
          return (
            <tr key={`${c.metric}:${c.from}:${c.to}`}>
              <th scope="row">{metricLabel(c.metric)}</th>
              <td>
                {c.from} → {c.to}
              </td>
              <td>{clear ? <strong>{fmt(c.change)}</strong> : fmt(c.change)}</td>
              <td>{fmtCi(c.ci)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function FairnessOverTimeViewer({ value }: { value: Document }) {
  const r = value.data as unknown as FairnessOverTime;
  if (!r || !Array.isArray(r.periods) || r.periods.length === 0) {
    return <p className="cf-muted cf-empty-state">No periods to show: the period column has no values.</p>;
  }
  const reported = r.periods.filter((p) => !p.omitted);
  const omitted = r.periods.filter((p) => p.omitted);
  return (
    <div className="cf-monitoring" data-testid="fairness-over-time-viewer">
      <p className="cf-monitoring-summary">
        <strong>{r.alerts.length === 0 ? 'No four-fifths alert' : `${r.alerts.length} four-fifths alert(s)`}</strong> over {r.periods.length} period(s) of {r.periodColumn};
        protected attribute <strong>{r.attribute}</strong>, privileged group <strong>{r.privileged}</strong>.{' '}
        {r.trend ? (
          <span className={r.trend.alert ? 'cf-trend-alert' : undefined} data-testid="fot-trend">
            Trend of disparate impact: × {fmt(r.trend.factorPerPeriod)} per period (p = {r.trend.pValue < 1e-4 ? '< 0.0001' : r.trend.pValue.toFixed(4)}
            {r.trend.alert ? ', falling significantly' : ''}).
          </span>
        ) : (
          <span className="cf-muted">No trend test (fewer than three periods with a disparate impact).</span>
        )}
      </p>
      {reported.length === 0 ? (
        <p className="cf-muted cf-empty-state">Every period has too few rows for fairness metrics (see the warnings below).</p>
      ) : (
        <>
          <DisparateImpactSeries r={r} />
          <SelectionRates r={r} />
          <Differences r={r} />
        </>
      )}
      {r.alerts.length > 0 ? (
        <table className="cf-kv" data-testid="fot-alerts">
          <caption>Four-fifths alerts (a group selected at less than 0.8 times the most favoured group’s rate)</caption>
          <thead>
            <tr>
              <th scope="col">period</th>
              <th scope="col">group</th>
              <th scope="col">impact ratio</th>
              <th scope="col">vs</th>
              <th scope="col">p-value</th>
            </tr>
          </thead>
          <tbody>
            {r.alerts.map((a) => (
              <tr key={`${a.period}:${a.group}`}>
                <th scope="row">{a.period}</th>
                <td>{a.group}</td>
                <td className="cf-drift-flagged">{fmt(a.impactRatio)}</td>
                <td>{a.reference}</td>
                <td>
                  {a.pValue < 1e-4 ? '< 0.0001' : a.pValue.toFixed(4)}
                  {a.significant ? '' : ' (not significant)'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <table className="cf-kv">
        <caption>Per period</caption>
        <thead>
          <tr>
            <th scope="col">period</th>
            <th scope="col">rows</th>
            <th scope="col">disparate impact</th>
            <th scope="col">statistical parity diff.</th>
            <th scope="col">equal opportunity diff.</th>
          </tr>
        </thead>
        <tbody>
          {r.periods.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td>{formatCount(p.n)}</td>
              {p.omitted || p.disparateImpact === null ? (
                <td colSpan={3} className="cf-muted">
                  omitted: {p.reason}
                </td>
              ) : (
                <>
                  <td>
                    {fmt(p.disparateImpact)} <span className="cf-muted">{fmtCi(p.ci.disparateImpact)}</span>
                  </td>
                  <td>
                    {fmt(p.statisticalParityDifference)} <span className="cf-muted">{fmtCi(p.ci.statisticalParityDifference)}</span>
                  </td>
                  <td>
                    {fmt(p.equalOpportunityDifference)} <span className="cf-muted">{fmtCi(p.ci.equalOpportunityDifference)}</span>
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Changes changes={r.changes} level={r.level} />
      {omitted.length > 0 || r.warnings.length > 0 ? (
        <ul className="cf-warnings">
          {r.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
