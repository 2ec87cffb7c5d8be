import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs.ts';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function (1, 1) from (−1.2, 1)', async () => {
    const res = await minimizeLbfgs(
      (x, g) => {
        const [a, b] = x;
        g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
        g[1] = 200 * (b - a * a);
        return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIter: 500, gtol: 1e-9, ftol: 0 },
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
    expect(res.iterations).toBeLessThan(60);
  });

  it('solves an ill-conditioned quadratic ½ Σ c_i (x_i − i)² exactly', async () => {
    const p = 50;
    const c = Float64Array.from({ length: p }, (_, i) => 10 ** ((4 * i) / (p - 1)));
    const res = await minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < p; i++) {
          const d = x[i] - i;
          f += 0.5 * c[i] * d * d;
          g[i] = c[i] * d;
        }
        return f;
      },
      new Float64Array(p),
      { maxIter: 1000, gtol: 1e-8, ftol: 0 },
    );
    expect(res.reason).toBe('gtol');
    for (let i = 0; i < p; i++) expect(res.x[i]).toBeCloseTo(i, 6);
  });

  it('stops on relative decrease (ftol) like SciPy, and at maxIter', async () => {
    // x⁴ + 1: the gradient never reaches 0 exactly, the decrease just becomes small.
    const quartic = (x: Float64Array, g: Float64Array) => {
      g[0] = 4 * x[0] ** 3;
      return x[0] ** 4 + 1;
    };
    const r1 = await minimizeLbfgs(quartic, Float64Array.from([1.3]), { gtol: 0, ftol: 1e-3 });
    expect(r1.reason).toBe('ftol');
    expect(Math.abs(r1.x[0])).toBeLessThan(0.3);
    expect(r1.f - 1).toBeLessThan(2e-3);
    const r2 = await minimizeLbfgs(
      (x, g) => {
        g[0] = -1;
        return -x[0];
      },
      Float64Array.from([0]),
      { maxIter: 3 },
    );
    expect(r2.converged).toBe(false);
  });

  it('returns at once when the start is already optimal', async () => {
    const res = await minimizeLbfgs((x, g) => {
      g[0] = 0;
      return 5;
    }, Float64Array.from([2]));
    expect(res).toMatchObject({ iterations: 0, converged: true, reason: 'gtol', f: 5 });
  });
});
