import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Document } from '../../core/ports.ts';
import { ACCENT } from './chart-theme.ts';
import { formatNumber, formatPercent } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';

interface ClusterRow {
  cluster: string;
  size: number;
  share: number;
  means: Record<string, number>;
  z: Record<string, number>;
}

interface ProfileData {
  k: number;
  features: string[];
  standardized: boolean;
  inertia: number;
  iterations: number;
  clusters: ClusterRow[];
}

function asProfile(value: unknown): ProfileData | undefined {
  const doc = value as Document | undefined;
  const data = doc?.data as Partial<ProfileData> | undefined;
  if (!data || !Array.isArray(data.clusters) || !Array.isArray(data.features)) return undefined;
  return data as ProfileData;
}

/**
 * K-means cluster profile: cluster sizes, a heat map of each cluster's feature means in standard
 * deviations from the overall mean (so clusters can be named: "high KPI, short tenure"), and the means
 * in original units.
 */
export function ClusterProfile({ value }: { value: Document }) {
  const profile = asProfile(value);
  const sizes = useMemo((): Plot.PlotOptions | undefined => {
    if (!profile) return undefined;
    return {
      width: 480,
      height: 40 + profile.clusters.length * 26,
      marginLeft: 90,
      x: { label: 'people', grid: true },
      y: { label: null, domain: profile.clusters.map((c) => c.cluster) },
      marks: [
        Plot.barX(profile.clusters, { y: 'cluster', x: 'size', fill: ACCENT, title: (d: ClusterRow) => `${d.cluster}: ${d.size} (${formatPercent(d.share)})` }),
        Plot.ruleX([0]),
      ],
    };
  }, [profile]);
  const heat = useMemo((): Plot.PlotOptions | undefined => {
    if (!profile) return undefined;
    const cells = profile.clusters.flatMap((c) => profile.features.map((f) => ({ cluster: c.cluster, feature: f, z: c.z[f], mean: c.means[f] })));
    const extent = Math.max(0.5, ...cells.map((c) => (Number.isFinite(c.z) ? Math.abs(c.z) : 0)));
    return {
      width: Math.max(360, 110 + profile.features.length * 80),
      height: 60 + profile.clusters.length * 34,
      marginLeft: 90,
      marginBottom: 60,
      x: { label: null, domain: profile.features, tickRotate: -30 },
      y: { label: null, domain: profile.clusters.map((c) => c.cluster) },
      color: { type: 'diverging', scheme: 'BuRd', domain: [-extent, extent], legend: true, label: 'standard deviations from the overall mean' },
      marks: [
        Plot.cell(cells, { x: 'feature', y: 'cluster', fill: 'z', inset: 1, title: (d: { feature: string; mean: number; z: number }) => `${d.feature}: mean ${formatNumber(d.mean)} (${formatNumber(Math.round(d.z * 100) / 100)} sd)` }),
        Plot.text(cells, { x: 'feature', y: 'cluster', text: (d: { mean: number }) => formatNumber(Math.round(d.mean * 100) / 100), fill: '#111' }),
      ],
    };
  }, [profile]);
  if (!profile || !sizes || !heat) return <p className="cf-muted">This result is not a cluster profile.</p>;
  return (
    <div className="cf-cluster-profile" data-testid="cluster-profile">
      <p>
        {profile.k} clusters on {profile.features.length} features{profile.standardized ? ' (standardised)' : ''}; inertia{' '}
        {formatNumber(Math.round(profile.inertia * 100) / 100)} after {profile.iterations} iteration(s).
      </p>
      <figure>
        <figcaption>Cluster sizes</figcaption>
        <PlotFigure options={sizes} label="Number of people per cluster" testId="cluster-sizes" />
      </figure>
      <figure>
        <figcaption>Feature means per cluster (colour: above or below the overall mean)</figcaption>
        <PlotFigure options={heat} label="Heat map of feature means per cluster" testId="cluster-heatmap" />
      </figure>
      <table className="cf-kv">
        <caption>Means per cluster</caption>
        <thead>
          <tr>
            <th scope="col">cluster</th>
            <th scope="col">people</th>
            {profile.features.map((f) => (
              <th scope="col" key={f}>
                {f}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {profile.clusters.map((c) => (
            <tr key={c.cluster}>
              <th scope="row">{c.cluster}</th>
              <td>
                {c.size} ({formatPercent(c.share)})
              </td>
              {profile.features.map((f) => (
                <td key={f}>{formatNumber(Math.round(c.means[f] * 1000) / 1000)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
