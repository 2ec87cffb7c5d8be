import { describe, expect, it } from 'vitest';
import { compareProportions, fisherExact, logGamma, quantile, twoProportionZ } from './stats.ts';

describe('stats kernels (reference values from scipy 1.x)', () => {
  it('log-gamma matches log factorials', () => {
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });
  it('Fisher exact two-sided p-values match scipy.stats.fisher_exact', () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.48571428571428527, 10);
    expect(fisherExact(8, 2, 1, 5)).toBeCloseTo(0.034965034965034975, 10);
    expect(fisherExact(0, 10, 5, 5)).toBeCloseTo(0.032507739938080496, 10);
    expect(fisherExact(20, 30, 40, 10) / 8.30865870623915e-5).toBeCloseTo(1, 6);
  });
  it('two-proportion z test matches the pooled normal test', () => {
    const { z, p } = twoProportionZ(30, 100, 45, 100);
    expect(z).toBeCloseTo(-2.1908902300206647, 10);
    expect(p).toBeCloseTo(0.02845973691631055, 6);
  });
  it('uses Fisher for small expected counts and z otherwise', () => {
    expect(compareProportions(1, 6, 4, 6).test).toBe('fisher-exact');
    expect(compareProportions(30, 100, 45, 100).test).toBe('two-proportion-z');
  });
  it('quantile interpolates like numpy and ignores NaN', () => {
    expect(quantile(Float64Array.from([4, 1, NaN, 3, 2]), 0.25)).toBeCloseTo(1.75, 12);
  });
});
