import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { computeFairness } from '../../ml/fairness/fairness-metrics.ts';
import { ClusterProfile } from './ClusterProfile.tsx';
import { FairnessDashboard } from './FairnessDashboard.tsx';

async function report() {
  const groups = { codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), labels: ['<b>F</b>', 'M'], parts: [['<b>F</b>'], ['M']], columns: ['g'], missing: 0 };
  return computeFairness(
    { groups, predicted: Int8Array.from([1, 0, 0, 0, 1, 1, 1, 0]), actual: Int8Array.from([1, 1, 0, 0, 1, 1, 0, 0]) },
    { resamples: 50, seed: 1, privileged: 'M' },
  );
}

describe('FairnessDashboard and ClusterProfile (static render)', () => {
  it('renders one report with four-fifths tests, escaping group names', async () => {
    const html = renderToStaticMarkup(createElement(FairnessDashboard, { value: await report() }));
    expect(html).toContain('Four-fifths comparisons');
    expect(html).toContain('&lt;b&gt;F&lt;/b&gt;');
    expect(html).not.toContain('<b>F</b>');
  });
  it('adds the comparison for several branches', async () => {
    const r = await report();
    const html = renderToStaticMarkup(
      createElement(FairnessDashboard, { value: [{ name: 'unmitigated', report: r }, { name: 'reweighing', report: r }] }),
    );
    expect(html).toContain('Trade-off');
    expect(html).toContain('reweighing');
  });
  it('renders a k-means profile table', () => {
    const value = {
      kind: 'cluster-profile',
      data: {
        k: 1,
        features: ['kpi'],
        standardized: true,
        inertia: 1,
        iterations: 2,
        clusters: [{ cluster: 'Cluster 1', size: 3, share: 1, means: { kpi: 2.5 }, z: { kpi: 0 } }],
      },
    };
    const html = renderToStaticMarkup(createElement(ClusterProfile, { value }));
    expect(html).toContain('Cluster 1');
    expect(html).toContain('2.5');
  });
});
