import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Model } from '../../core/ports.ts';
import { ACCENT, NEGATIVE } from './chart-theme.ts';
import { formatNumber } from './format.ts';
import { hyperParamRows, modelWeights } from './model-summary.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { metricLabel } from './metric-labels.ts';
import { Term } from './Term.tsx';

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

const shortLabel = (s: string) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);

/** A trained model: what it learned per feature (coefficients or importances), its settings and fingerprint. */
export function ModelViewer({ model }: { model: Model }) {
  const weights = useMemo(() => modelWeights(model, 20), [model]);
  const params = useMemo(() => hyperParamRows(model), [model]);
  const chart = useMemo((): Plot.PlotOptions | undefined => {
    if (!weights || weights.top.length === 0) return undefined;
    const signed = weights.kind === 'coefficient';
    return {
      width: 460,
      height: 30 + weights.top.length * 20,
      marginLeft: 190,
      x: { label: signed ? 'coefficient (log-odds)' : 'importance', grid: true },
      y: { label: null, domain: weights.top.map((w) => w.feature), tickFormat: shortLabel },
      marks: [
        Plot.barX(weights.top, { x: 'value', y: 'feature', fill: (d: { value: number }) => (d.value < 0 ? NEGATIVE : ACCENT) }),
        Plot.ruleX([0]),
      ],
    };
  }, [weights]);

  return (
    <div className="cf-model-viewer" data-testid="model-viewer">
      <div className="cf-model-side">
        <dl className="cf-profile-facts">
          <dt>Model</dt>
          <dd data-testid="model-kind">{model.kind}</dd>
          {model.target && (
            <>
              <dt>Predicts</dt>
              <dd>
                {model.target.column} = {model.target.positive}
              </dd>
            </>
          )}
          <dt>Features</dt>
          <dd>{model.featureNames?.length ?? 0}</dd>
          {model.trainedAt && (
            <>
              <dt>Trained</dt>
              <dd>{formatWhen(model.trainedAt)}</dd>
            </>
          )}
          <dt>
            <Term k="fingerprint" text="A short code computed from the training data and settings. The same fingerprint means the same model; audits refer to it.">Fingerprint</Term>
          </dt>
          <dd>
            <code data-testid="model-fingerprint">{model.fingerprint}</code>
          </dd>
          {weights?.intercept !== undefined && (
            <>
              <dt>Intercept</dt>
              <dd>{formatNumber(weights.intercept)}</dd>
            </>
          )}
        </dl>

        {params.length > 0 && (
          <table className="cf-kv" data-testid="hyper-params">
            <caption>Settings</caption>
            <tbody>
              {params.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{p.name}</th>
                  <td>{p.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {model.metrics && Object.keys(model.metrics).length > 0 && (
          <table className="cf-kv">
            <caption>Training facts</caption>
            <tbody>
              {Object.entries(model.metrics).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{metricLabel(k)}</th>
                  <td>{formatNumber(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="cf-model-main">
        {chart && weights ? (
          <figure>
            <figcaption>
              {weights.kind === 'coefficient' ? (
                <>
                  Largest <Term k="coefficient">coefficients</Term> (blue raises the score, red lowers it)
                </>
              ) : (
                <>
                  Most important features (<Term k="feature importance">importance</Term>)
                </>
              )}
              {weights.total > weights.top.length && <span className="cf-muted"> · top {weights.top.length} of {weights.total}</span>}
            </figcaption>
            <PlotFigure options={chart} label={weights.kind === 'coefficient' ? 'Model coefficients' : 'Feature importances'} testId="weights-chart" />
          </figure>
        ) : (
          <p className="cf-muted">This kind of model does not expose per-feature weights.</p>
        )}

      </div>
    </div>
  );
}
