import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { brierScore, calibrationCurve, type CalibrationBin } from '../../ml/metrics/calibration.ts';
import { ACCENT, MUTED } from './chart-theme.ts';
import { formatCount, formatPercent } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';

const BRIER_TEXT =
  'The mean squared gap between the predicted probability and what happened (0 or 1). 0 is perfect; always predicting 50% scores 0.25. Lower is better.';
const CALIBRATION_TEXT =
  'Groups people by their predicted probability and compares it with the share who really were positive. Points on the diagonal mean a score of 30% really means 3 in 10.';

interface Calibration {
  bins: CalibrationBin[];
  brier: number;
}

/** Calibration needs probabilities; scores outside [0, 1] (margins, ranks) have none to check. */
function calibrationOf(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): Calibration | undefined {
  for (let i = 0; i < scores.length; i++) if (!(scores[i] >= 0 && scores[i] <= 1)) return undefined;
  return { bins: calibrationCurve(scores, labels, 10), brier: brierScore(scores, labels, weights) };
}

/** Reliability diagram (10 equal-width bins, dot size = rows in the bin) with the Brier score and a table of the bins. */
export function CalibrationChart({ scores, labels, weights }: { scores: ArrayLike<number>; labels: ArrayLike<number>; weights?: ArrayLike<number> }) {
  const cal = useMemo(() => calibrationOf(scores, labels, weights), [scores, labels, weights]);
  const options = useMemo((): Plot.PlotOptions | undefined => {
    if (!cal) return undefined;
    return {
      width: 300,
      height: 270,
      marginBottom: 40,
      x: { domain: [0, 1], label: 'Predicted probability', labelAnchor: 'center', labelArrow: 'none', labelOffset: 34 },
      y: { domain: [0, 1], label: 'Observed share positive', grid: true },
      r: { range: [3, 9] },
      marks: [
        Plot.line([[0, 0], [1, 1]], { stroke: MUTED, strokeDasharray: '4,3' }),
        Plot.line(cal.bins, { x: 'predicted', y: 'observed', stroke: ACCENT, strokeWidth: 1.5 }),
        Plot.dot(cal.bins, { x: 'predicted', y: 'observed', r: 'count', fill: ACCENT, stroke: 'white' }),
      ],
    };
  }, [cal]);
  if (!cal || !options) return null;
  return (
    <figure data-testid="calibration">
      <figcaption>
        <Term k="Calibration" text={CALIBRATION_TEXT}>
          Calibration
        </Term>{' '}
        · <Term k="Brier score" text={BRIER_TEXT}>Brier score</Term>{' '}
        <strong data-testid="brier-score">{cal.brier.toFixed(3)}</strong>
      </figcaption>
      <PlotFigure options={options} label={`Reliability diagram: predicted probability against observed share positive in ${cal.bins.length} bins`} testId="calibration-chart" />
      <details>
        <summary>Bins as a table</summary>
        <table className="cf-kv" data-testid="calibration-table">
          <thead>
            <tr>
              <th scope="col">Predicted</th>
              <th scope="col">Mean predicted</th>
              <th scope="col">Observed</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {cal.bins.map((b) => (
              <tr key={b.lower}>
                <th scope="row">
                  {formatPercent(b.lower, 0)}–{formatPercent(b.upper, 0)}
                </th>
                <td>{formatPercent(b.predicted)}</td>
                <td>{formatPercent(b.observed)}</td>
                <td>{formatCount(b.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
