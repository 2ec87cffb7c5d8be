import { describe, expect, it } from 'vitest';
import { proxyRankingOf, proxyStrength, round2 } from './proxy-ranking.ts';

const report = {
  protected: ['gender'],
  aucThreshold: 0.7,
  miThreshold: 0.1,
  features: [
    { feature: 'salary', auc: 0.6, maxGroupAuc: 0.612345, worstGroup: 'F', mutualInformation: 0.01, normalizedMutualInformation: 0.0213, flagged: false },
    { feature: 'job_title', auc: 0.8, maxGroupAuc: 0.81234, worstGroup: 'F', mutualInformation: 0.2, normalizedMutualInformation: 0.3456, flagged: true },
    { feature: 'hobby', auc: 0.74, maxGroupAuc: 0.745, worstGroup: 'M', mutualInformation: 0.02, normalizedMutualInformation: 0.05, flagged: true },
  ],
};

describe('proxy ranking', () => {
  it('ranks strong proxies first, then possible ones, each by AUC', () => {
    const r = proxyRankingOf(report)!;
    expect(r.rows.map((x) => [x.feature, x.strength])).toEqual([
      ['job_title', 'strong'],
      ['hobby', 'possible'],
      ['salary', 'none'],
    ]);
    expect(r.protectedColumns).toEqual(['gender']);
  });
  it('scales bars from AUC 0.5 (nothing) to 1 and rounds figures to two decimals', () => {
    const r = proxyRankingOf(report)!;
    expect(r.rows[0].bar).toBeCloseTo((0.81234 - 0.5) / 0.5, 12);
    expect(round2(r.rows[0].auc)).toBe('0.81');
    expect(round2(r.rows[0].nmi)).toBe('0.35');
    expect(round2(Number.NaN)).toBe('—');
  });
  it('strength needs both thresholds for strong', () => {
    expect(proxyStrength(0.7, 0.1, 0.7, 0.1)).toBe('strong');
    expect(proxyStrength(0.69, 0.1, 0.7, 0.1)).toBe('possible');
    expect(proxyStrength(0.6, 0.05, 0.7, 0.1)).toBe('none');
  });
  it('refuses data that is not a proxy report', () => {
    expect(proxyRankingOf({ features: 'x' })).toBeUndefined();
    expect(proxyRankingOf({ features: [{ auc: 1 }] })).toBeUndefined();
  });
});
