import { describe, expect, it } from 'vitest';
import type { FairnessReport, Model } from '../../core/ports.ts';
import { compareVersions } from './compare.ts';
import { escapeHtml } from '../../core/escape.ts';
import { modelCardHtml, modelCardMarkdown } from './model-card.ts';
import { registerModelVersion, type ModelVersion } from './model-version.ts';

const model = (fingerprint: string, C: number, features = ['kpi_score', 'tenure_years']): Model => ({
  kind: 'logistic-regression',
  hyperParams: { C, maxIter: 1000, weights: new Float64Array([1]) },
  featureNames: features,
  featurizer: {},
  state: {},
  target: { column: 'promoted', positive: '1' },
  fingerprint,
});
const report = (diA: number, rateB: number): FairnessReport => ({
  attribute: 'group',
  privileged: 'A',
  groups: [
    { group: 'A', n: 600, selectionRate: 0.3, tpr: 0.8, fpr: 0.1 },
    { group: '<B&"x">', n: 400, selectionRate: rateB, tpr: 0.6, fpr: 0.05 },
  ],
  disparateImpact: diA,
  statisticalParityDifference: rateB - 0.3,
  equalOpportunityDifference: -0.2,
  averageOddsDifference: -0.125,
  equalizedOddsDifference: 0.2,
  warnings: ['Group <B&"x"> has fewer than 500 rows'],
});

function twoVersions(): [ModelVersion, ModelVersion] {
  const t0 = new Date('2025-03-01T10:00:00Z');
  const first = registerModelVersion([], { name: 'Promotion <model>', model: model('fp1', 1), metrics: { auc: 0.81, f1: 0.6 }, fairness: [report(0.5, 0.15)], trainingData: { rows: 3500 }, now: t0 });
  expect(first.created).toBe(true);
  // Identical training again: same version, not a new one.
  expect(registerModelVersion([first.version], { name: 'Promotion <model>', model: model('fp1', 1) })).toEqual({ version: first.version, created: false });
  const second = registerModelVersion([first.version], {
    name: 'Promotion <model>',
    model: model('fp2', 0.1, ['kpi_score', 'peer_rating']),
    metrics: { auc: 0.79, f1: 0.62 },
    fairness: [report(0.9, 0.27)],
    trainingData: { rows: 3500 },
    now: t0,
  });
  return [first.version, second.version];
}

describe('model registry', () => {
  it('numbers versions per name and records fingerprint, params, metrics and fairness', () => {
    const [a, b] = twoVersions();
    expect([a.version, b.version]).toEqual([1, 2]);
    expect(b.id).toBe('Promotion <model>@2');
    expect(a.params).toEqual({ C: 1, maxIter: 1000 });
    expect(a.trainingData).toEqual({ fingerprint: 'fp1', rows: 3500 });
    expect(a.fairness![0].groups[1]).toEqual({ group: '<B&"x">', n: 400, selectionRate: 0.15, tpr: 0.6, fpr: 0.05 });
  });

  it('compares two versions side by side with deltas and which is better', () => {
    const [a, b] = twoVersions();
    const rows = compareVersions(a, b);
    const get = (key: string) => rows.find((r) => r.key === key)!;
    expect(get('C')).toMatchObject({ a: 1, b: 0.1, changed: true });
    expect(get('maxIter')).toMatchObject({ changed: false });
    expect(get('auc').delta).toBeCloseTo(-0.02, 10);
    expect(get('auc').better).toBe(false);
    expect(get('f1').better).toBe(true);
    expect(get('group: disparate impact')).toMatchObject({ a: 0.5, b: 0.9, better: true });
    expect(get('group: statisticalParityDifference').better).toBe(true);
    expect(get('changed')).toMatchObject({ a: 'tenure_years', b: 'peer_rating' });
    expect(get('group = <B&"x">: selection rate')).toMatchObject({ a: 0.15, b: 0.27 });
  });

  it('exports a model card in Markdown with every required section', () => {
    const [, b] = twoVersions();
    const md = modelCardMarkdown(b, { owner: 'People Analytics' });
    expect(md.startsWith('# Model card: Promotion \\<model\\> v2')).toBe(true);
    for (const h of ['## Model details', '## Intended use', '## Data', '## Metrics (overall)', '## Metrics per group: group', '## Limitations', '## Human oversight']) {
      expect(md).toContain(h);
    }
    expect(md).toContain('| auc | 0.79 |');
    expect(md).toContain('| \\<B&"x"\\> | 400 | 27.0% | 60.0% | 5.0% |');
    expect(md).toContain('Disparate impact 0.9 (four-fifths rule');
    expect(md).toContain('| Owner | People Analytics |');
    expect(md).toContain('not to be used for automated decisions');
    expect(md).toContain('- Out of scope: Fully automated hiring');
  });

  it('lists few features by name and many (text terms, one-hots) counted per source column', () => {
    const [a] = twoVersions();
    expect(modelCardMarkdown(a)).toContain('| Features | kpi\\_score, tenure\\_years |');
    const terms = Array.from({ length: 5000 }, (_, k) => `resume_text:term${k}`);
    const wide = registerModelVersion([], { name: 'Text', model: model('fp3', 1, ['years', ...terms, 'dept:Sales', 'dept:HR']) }).version;
    expect(modelCardMarkdown(wide)).toContain('| Features | years, resume\\_text (5,000 values), dept (2 values) (5,003 features in all; the model file lists every one) |');
  });

  it('exports a model card in HTML with every string escaped', () => {
    const [a] = twoVersions();
    const html = modelCardHtml(a, { intendedUse: 'Shortlist <script>alert(1)</script> candidates' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Shortlist &lt;script&gt;alert(1)&lt;/script&gt; candidates');
    expect(html).toContain('<title>Model card: Promotion &lt;model&gt; v1</title>');
    expect(html).toContain('<td>&lt;B&amp;&quot;x&quot;&gt;</td><td>400</td><td>15.0%</td>');
    for (const h of ['Intended use', 'Data', 'Metrics (overall)', 'Metrics per group: group', 'Limitations', 'Human oversight']) expect(html).toContain(`<h2>${escapeHtml(h)}</h2>`);
    expect(html).toContain('<li>Group &lt;B&amp;&quot;x&quot;&gt; has fewer than 500 rows</li>');
  });
});
