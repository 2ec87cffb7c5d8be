import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import pinned from './logistic-regression.pinned.json';
import { fitLogisticRegression } from './logistic-regression.ts';
import { syntheticSparseProblem } from './synthetic-problem.ts';
import { trainingWeights } from '../models/class-weights.ts';

// Speed work on the solver and its kernels must not move a single bit of the fitted model: these fits
// were recorded with the code before it (see the fixture's "about").
describe('fitLogisticRegression gives the same coefficients, bit for bit, as the previous code', () => {
  for (const c of pinned.cases) {
    it(`${c.n} rows × ${c.nCols} sparse columns, C=${c.C}${c.balanced ? ', balanced weights' : ''}`, async () => {
      const { m, y } = syntheticSparseProblem(c.n, c.nCols, c.perRow, c.seed);
      const sampleWeight = c.balanced ? trainingWeights(y, undefined, 'balanced') : undefined;
      const fit = await fitLogisticRegression(m, y, { C: c.C, sampleWeight, maxIter: 1000, tol: 1e-4 });
      expect(fit.iterations).toBe(c.iterations);
      expect(fit.loss).toBe(c.loss);
      expect(fit.intercept).toBe(c.intercept);
      expect(Array.from(fit.coef.slice(0, 4))).toEqual(c.coefHead);
      const bytes = new Uint8Array(fit.coef.buffer, fit.coef.byteOffset, fit.coef.byteLength);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(c.coefSha256);
    });
  }
});
