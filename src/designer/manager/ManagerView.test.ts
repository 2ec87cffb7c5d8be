import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ManagerView } from './ManagerView.tsx';
import { ShapView } from '../results/ShapView.tsx';
import { globalImportance, type ShapExplanation } from '../../ml/explain/explanation.ts';

function explanation(): ShapExplanation {
  const features = ['market_ratio', 'department'];
  const shap = Float64Array.from([1.2, 0.1, -0.5, -0.05]);
  return {
    kind: 'shap',
    data: {
      method: 'tree',
      outputScale: 'log-odds',
      features,
      rows: 2,
      expectedValue: -1,
      shap,
      featureValues: Float64Array.from([0.88, NaN, 1.1, NaN]),
      featureLabels: [null, ['Sales', 'HR']],
      rowIds: ['E-2', 'E-1'],
      scores: Float64Array.from([0.574, 0.18]),
      importance: globalImportance(shap, 2, features),
      modelKind: 'gradient-boosting',
    },
  };
}

describe('explanation views (server render)', () => {
  it('lists people by risk with plain-language drivers', () => {
    const html = renderToString(createElement(ManagerView, { explanation: explanation() }));
    expect(html).toContain('E-2');
    expect(html.indexOf('E-2')).toBeLessThan(html.indexOf('E-1'));
    expect(html).toContain('pay 12% below market');
    expect(html).toContain('Export scores and drivers (CSV)');
  });
  it('renders the SHAP view and refuses other documents', () => {
    expect(renderToString(createElement(ShapView, { value: explanation() }))).toContain('TreeSHAP (exact)');
    expect(renderToString(createElement(ShapView, { value: { kind: 'report', data: {} } }))).toContain('not a SHAP explanation');
  });
});
