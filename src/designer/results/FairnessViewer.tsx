import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { FairnessReport } from '../../core/ports.ts';
import { ACCENT, NEGATIVE } from './chart-theme.ts';
import { formatNumber } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';

/** The four-fifths rule: a group selected at under 80% of the privileged group's rate is flagged. */
export const FOUR_FIFTHS = 0.8;

const MEASURES: Array<{ key: 'selectionRate' | 'tpr' | 'fpr'; label: string }> = [
  { key: 'selectionRate', label: 'Selection rate' },
  { key: 'tpr', label: 'True positive rate' },
  { key: 'fpr', label: 'False positive rate' },
];

const HEADLINES: Array<{ key: keyof FairnessReport; term: string; label: string }> = [
  { key: 'disparateImpact', term: 'disparate impact', label: 'Disparate impact' },
  { key: 'statisticalParityDifference', term: 'statistical parity difference', label: 'Statistical parity difference' },
  { key: 'equalOpportunityDifference', term: 'equal opportunity difference', label: 'Equal opportunity difference' },
  { key: 'averageOddsDifference', term: 'average odds difference', label: 'Average odds difference' },
  { key: 'equalizedOddsDifference', term: 'equalized odds', label: 'Equalized odds difference' },
];

/** Per-group selection rate relative to the privileged group (or the best-treated group when none is named). */
export function selectionRatios(report: FairnessReport): Array<{ group: string; ratio: number }> {
  const groups = report.groups ?? [];
  const ref = groups.find((g) => g.group === report.privileged)?.selectionRate ?? Math.max(0, ...groups.map((g) => g.selectionRate));
  return groups.map((g) => ({ group: g.group, ratio: ref > 0 ? g.selectionRate / ref : NaN }));
}

/** Fairness report: headline measures, per-group bars and the disparate-impact view with the four-fifths line. */
export function FairnessViewer({ report }: { report: FairnessReport }) {
  const groups = useMemo(() => report.groups ?? [], [report.groups]);
  const perGroup = useMemo((): Plot.PlotOptions => {
    const rows = groups.flatMap((g) => MEASURES.map((m) => ({ group: g.group, measure: m.label, value: g[m.key] })));
    return {
      width: 520,
      height: 230,
      marginBottom: 36,
      fx: { label: null, domain: MEASURES.map((m) => m.label) },
      x: { label: null, axis: null, domain: groups.map((g) => g.group) },
      y: { domain: [0, 1], grid: true, label: 'rate' },
      color: { domain: groups.map((g) => g.group), scheme: 'tableau10', legend: true },
      marks: [
        Plot.barY(rows, { fx: 'measure', x: 'group', y: 'value', fill: 'group', title: (d: { group: string; measure: string; value: number }) => `${d.group}: ${d.measure} ${formatNumber(d.value)}` }),
        Plot.ruleY([0]),
      ],
    };
  }, [groups]);
  const ratios = useMemo(() => selectionRatios(report), [report]);
  const diView = useMemo((): Plot.PlotOptions => {
    const max = Math.max(1.1, ...ratios.map((r) => (Number.isFinite(r.ratio) ? r.ratio : 0)));
    return {
      width: 520,
      height: 56 + ratios.length * 30,
      marginLeft: 110,
      marginBottom: 40,
      x: { domain: [0, max], label: 'selection rate relative to the privileged group', grid: true, labelAnchor: 'center', labelArrow: 'none', labelOffset: 34 },
      y: { label: null, domain: ratios.map((r) => r.group) },
      marks: [
        Plot.barX(ratios, { x: 'ratio', y: 'group', fill: (d: { ratio: number }) => (d.ratio < FOUR_FIFTHS ? NEGATIVE : ACCENT) }),
        Plot.ruleX([FOUR_FIFTHS], { stroke: '#222', strokeDasharray: '5,3', strokeWidth: 1.5 }),
        Plot.ruleX([0]),
      ],
    };
  }, [ratios]);
  const flagged = ratios.filter((r) => r.ratio < FOUR_FIFTHS);

  return (
    <div className="cf-fairness-viewer" data-testid="fairness-viewer">
      <p>
        Protected attribute <strong>{report.attribute}</strong>
        {report.privileged !== undefined && (
          <>
            , privileged group <strong>{report.privileged}</strong>
          </>
        )}
        {report.favorable !== undefined && (
          <>
            , favourable outcome <strong>{report.favorable}</strong>
          </>
        )}
        .
      </p>
      <div className="cf-headlines">
        {HEADLINES.map((h) => {
          const v = report[h.key];
          if (typeof v !== 'number') return null;
          const bad = h.key === 'disparateImpact' && v < FOUR_FIFTHS;
          return (
            <div key={h.key} className={`cf-headline${bad ? ' cf-headline-bad' : ''}`} data-testid={`fairness-${h.key}`}>
              <span className="cf-headline-label">
                <Term k={h.term}>{h.label}</Term>
              </span>
              <span className="cf-headline-value">{formatNumber(Math.round(v * 1000) / 1000)}</span>
            </div>
          );
        })}
      </div>
      <figure>
        <figcaption>
          <Term k="disparate impact">Disparate impact</Term> by group <span className="cf-muted">(dashed line: four-fifths rule, 0.8)</span>
          {flagged.length > 0 ? (
            <span className="cf-warn"> · below four-fifths: {flagged.map((f) => f.group).join(', ')}</span>
          ) : (
            <span className="cf-muted"> · every group at or above four-fifths</span>
          )}
        </figcaption>
        <PlotFigure options={diView} label="Selection rate of each group relative to the privileged group, with the four-fifths line" testId="disparate-impact-chart" />
      </figure>
      <figure>
        <figcaption>
          <Term k="selection rate">Selection rate</Term>, <Term k="tpr">true positive rate</Term> and <Term k="fpr" text="Among people who really are negative cases, the share the model wrongly selects.">false positive rate</Term> per group
        </figcaption>
        <PlotFigure options={perGroup} label="Selection rate, true positive rate and false positive rate per group" testId="group-rates-chart" />
      </figure>
      <table className="cf-kv" data-testid="fairness-groups">
        <caption>Groups</caption>
        <thead>
          <tr>
            <th scope="col">group</th>
            <th scope="col">people</th>
            {MEASURES.map((m) => (
              <th scope="col" key={m.key}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.group}</th>
              <td>{g.n}</td>
              {MEASURES.map((m) => (
                <td key={m.key}>{formatNumber(g[m.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {report.warnings?.length > 0 && (
        <ul className="cf-warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
