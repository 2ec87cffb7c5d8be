/** The panel sees the explain node's SHAP drivers (issue 15: the promotion template's review panel). */
import { describe, expect, it } from 'vitest';
import { explanationDrivers } from './review-items.ts';

describe('explanationDrivers', () => {
  it('reads the explain node\'s SHAP document (features + shap, row-major)', () => {
    const explanation = {
      kind: 'shap',
      data: { features: ['kpi_score', 'peer_rating', 'awards'], rows: 2, shap: Float64Array.from([0.5, -0.1, 0.05, -0.2, 0.3, 0.01]) },
    };
    const drivers = explanationDrivers(explanation, 2, 2);
    expect(drivers[0]).toEqual([
      { feature: 'kpi_score', contribution: 0.5 },
      { feature: 'peer_rating', contribution: -0.1 },
    ]);
    expect(drivers[1]).toEqual([
      { feature: 'peer_rating', contribution: 0.3 },
      { feature: 'kpi_score', contribution: -0.2 },
    ]);
  });
});
