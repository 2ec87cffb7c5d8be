import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Document } from '../../core/ports.ts';
import type { ColumnDrift, DriftThresholds, PeriodDrift } from '../../ml/drift/feature-drift.ts';
import { ACCENT, NEGATIVE } from './chart-theme.ts';
import { formatCount, formatNumber } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import './monitoring-viewers.css';

/** What a drift-report document carries (nodes/drift-report: DriftReportData). */
interface DriftData {
  referenceRows: number;
  currentRows: number;
  bins: number;
  thresholds: DriftThresholds;
  columns: ColumnDrift[];
  periodColumn?: string;
  periods?: string[];
  byPeriod?: Array<{ column: string; role: 'feature' | 'score'; values: PeriodDrift[] }>;
  drifted: string[];
  moderate: string[];
  driftedPeriods?: Array<{ column: string; period: string; psi: number }>;
  scoreDrifted: boolean | null;
  warnings: string[];
}

/** Band colours: stable, moderate, major (calm → amber → red; readable with the text labels). */
export const BAND_COLOURS = ['#dbe9f2', '#f2cf8c', '#e08a74'];
const BAND_TEXT: Record<string, string> = { stable: 'stable', moderate: 'moderate', major: 'major' };

function fmt(v: number | null | undefined, digits = 3): string {
  return typeof v === 'number' && Number.isFinite(v) ? formatNumber(Number(v.toFixed(digits))) : '—';
}

function fmtP(p: number | undefined): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '—';
  return p < 1e-4 ? '< 0.0001' : p.toFixed(4);
}

const displayName = (c: { column: string; role: string }) => (c.role === 'score' ? `${c.column} (model score)` : c.column);

/** PSI per column as bars over the stable / moderate / major bands. */
function PsiBars({ data }: { data: DriftData }) {
  const options = useMemo((): Plot.PlotOptions => {
    const rows = data.columns.map((c) => ({ name: displayName(c), psi: Number.isFinite(c.psi) ? c.psi : 0, band: c.band, drifted: c.drifted }));
    const { psiModerate, psiMajor } = data.thresholds;
    const max = Math.max(psiMajor * 1.6, ...rows.map((r) => r.psi * 1.08));
    return {
      width: 620,
      height: 60 + rows.length * 24,
      marginLeft: 170,
      marginRight: 50,
      x: { domain: [0, max], grid: true, label: 'population stability index (PSI) →' },
      y: { label: null, domain: rows.map((r) => r.name) },
      marks: [
        Plot.rectX([{ x1: 0, x2: psiModerate }], { x1: 'x1', x2: 'x2', fill: BAND_COLOURS[0], fillOpacity: 0.45 }),
        Plot.rectX([{ x1: psiModerate, x2: psiMajor }], { x1: 'x1', x2: 'x2', fill: BAND_COLOURS[1], fillOpacity: 0.35 }),
        Plot.rectX([{ x1: psiMajor, x2: max }], { x1: 'x1', x2: 'x2', fill: BAND_COLOURS[2], fillOpacity: 0.25 }),
        Plot.barX(rows, { y: 'name', x: 'psi', fill: (d: { drifted: boolean }) => (d.drifted ? NEGATIVE : ACCENT), insetTop: 3, insetBottom: 3 }),
        Plot.text(rows, { y: 'name', x: 'psi', text: (d: { psi: number }) => fmt(d.psi), dx: 4, textAnchor: 'start', fill: '#222' }),
        Plot.ruleX([psiModerate, psiMajor], { stroke: '#555', strokeDasharray: '4,3' }),
        Plot.ruleX([0]),
      ],
    };
  }, [data]);
  return (
    <figure>
      <figcaption>
        PSI per column. Bands: below {data.thresholds.psiModerate} stable, {data.thresholds.psiModerate}–{data.thresholds.psiMajor} moderate, from{' '}
        {data.thresholds.psiMajor} major shift. Red bars are flagged.
      </figcaption>
      <PlotFigure options={options} label="Population stability index per column with the stable, moderate and major bands" testId="drift-psi-bars" />
    </figure>
  );
}

/** Columns × periods heat map of PSI, each cell labelled with its value. */
export function DriftHeatMap({ data }: { data: DriftData }) {
  const options = useMemo((): Plot.PlotOptions | undefined => {
    if (!data.byPeriod || !data.periods || data.periods.length === 0) return undefined;
    const cells = data.byPeriod.flatMap((b) =>
      b.values.map((v) => ({ column: displayName(b), period: v.period, psi: v.psi, n: v.n, label: v.psi === null ? `n = ${v.n}` : fmt(v.psi, 2) })),
    );
    const columns = data.byPeriod.map((b) => displayName(b));
    return {
      width: Math.max(360, 190 + data.periods.length * 72),
      height: 50 + columns.length * 26,
      marginLeft: 180,
      marginTop: 36,
      x: { domain: data.periods, label: data.periodColumn ? `${data.periodColumn} (period)` : 'period', axis: 'top', tickSize: 0 },
      y: { domain: columns, label: null, tickSize: 0 },
      color: {
        type: 'threshold',
        domain: [data.thresholds.psiModerate, data.thresholds.psiMajor],
        range: BAND_COLOURS,
        legend: true,
        label: 'PSI',
        tickFormat: (d: number) => String(d),
      },
      marks: [
        Plot.cell(cells, { x: 'period', y: 'column', fill: (d: { psi: number | null }) => (d.psi === null ? '#f0f0f0' : d.psi), inset: 1 }),
        Plot.text(cells, { x: 'period', y: 'column', text: 'label', fill: (d: { psi: number | null }) => (d.psi === null ? '#777' : '#1f2a33') }),
      ],
    };
  }, [data]);
  if (!options) return null;
  return (
    <figure>
      <figcaption>
        Drift per {data.periodColumn ?? 'period'}: PSI of each column in each period against the reference (grey: too few rows, no figure).
      </figcaption>
      <PlotFigure options={options} label="Heat map of PSI by column and period" testId="drift-heat-map" />
    </figure>
  );
}

export function DriftViewer({ value }: { value: Document }) {
  const data = value.data as unknown as DriftData;
  if (!data || !Array.isArray(data.columns) || data.columns.length === 0) {
    return <p className="cf-muted cf-empty-state">No columns were compared, so there is nothing to show. Choose Features, or connect tables with columns in common.</p>;
  }
  const score = data.columns.find((c) => c.role === 'score');
  return (
    <div className="cf-monitoring" data-testid="drift-viewer">
      <p className="cf-monitoring-summary">
        <strong>
          {data.drifted.length === 0 ? 'No drift flagged' : `Drift in ${data.drifted.length} of ${data.columns.length} column(s)`}
        </strong>
        {data.drifted.length > 0 ? `: ${data.drifted.join(', ')}.` : '.'}
        {data.moderate.length > 0 ? ` Moderate shift in ${data.moderate.join(', ')}.` : ''}
        {score ? ` Model score: ${score.drifted ? 'drifted' : BAND_TEXT[score.band]}.` : ' No score column compared.'}{' '}
        {data.driftedPeriods && data.driftedPeriods.length > 0 ? (
          <strong className="cf-drift-flagged" data-testid="drift-periods">
            Major shift by period: {data.driftedPeriods.map((c) => `${c.column} in ${c.period} (PSI ${fmt(c.psi, 2)})`).join('; ')}.{' '}
          </strong>
        ) : null}
        <span className="cf-muted">
          Reference {formatCount(data.referenceRows)} rows, current batch {formatCount(data.currentRows)} rows.
        </span>
      </p>
      <PsiBars data={data} />
      <DriftHeatMap data={data} />
      <table className="cf-kv cf-drift-table">
        <caption>Measures per column (KS: two-sample Kolmogorov–Smirnov; JS: Jensen–Shannon distance, base 2)</caption>
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">PSI</th>
            <th scope="col">band</th>
            <th scope="col">KS D</th>
            <th scope="col">KS p-value</th>
            <th scope="col">JS</th>
            <th scope="col">mean (ref → now)</th>
            <th scope="col">missing (ref / now)</th>
            <th scope="col">flagged by</th>
          </tr>
        </thead>
        <tbody>
          {data.columns.map((c) => (
            <tr key={`${c.role}:${c.column}`} className={c.drifted ? 'cf-drift-flagged' : undefined}>
              <th scope="row">
                {displayName(c)}
                {c.newLevels.length > 0 ? <span className="cf-drift-new"> new: {c.newLevels.slice(0, 5).join(', ')}</span> : null}
              </th>
              <td>{fmt(c.psi)}</td>
              <td>
                <span className={`cf-band cf-band-${c.band}`}>{BAND_TEXT[c.band]}</span>
              </td>
              <td>{c.ks ? fmt(c.ks.statistic) : 'n/a'}</td>
              <td title={c.ks ? `${c.ks.method} p-value, n = ${c.ks.n1} / ${c.ks.n2}` : 'categorical: no KS test'}>{c.ks ? fmtP(c.ks.pValue) : 'n/a'}</td>
              <td>{fmt(c.jensenShannon)}</td>
              <td>{c.kind === 'numeric' ? `${fmt(c.referenceMean, 2)} → ${fmt(c.currentMean, 2)}` : '—'}</td>
              <td>
                {formatCount(c.missingReference)} / {formatCount(c.missingCurrent)}
              </td>
              <td>{c.flags.length ? c.flags.map((f) => f.toUpperCase()).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.warnings.length > 0 ? (
        <ul className="cf-warnings">
          {data.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
