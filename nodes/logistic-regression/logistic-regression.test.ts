import { describe, expect, it } from 'vitest';
import { logisticRegression } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Column, NumericColumn, Table } from '../../src/core/table/table.ts';
import type { LinearModelState } from '../../src/ml/models/scorers.ts';
import fixture from '../../src/ml/linear/logistic-regression.fixture.json';
import { withDefaults } from '../../src/core/params.ts';

const ctx = () => testContext({ nodeId: 'train-lr' });

/** Fixture case 1 as a table: x0..x4 and a Yes/No target with a category copy of the label order. */
function fixtureTable(caseIndex: number, labels: [string, string] = ['No', 'Yes']): Table {
  const c = fixture.cases[caseIndex] as { X: number[][]; y: number[]; sample_weight?: number[] };
  const n = c.X.length;
  const columns: Column[] = c.X[0].map((_, j) => ({
    name: `x${j}`,
    type: 'number' as const,
    values: Float64Array.from(c.X.map((r) => r[j])),
  }));
  columns.push({ name: 'outcome', type: 'category', role: 'target', codes: Int32Array.from(c.y), categories: labels });
  columns.push({ name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => i) });
  const t: Table = { nRows: n, columns };
  if (c.sample_weight) t.weights = Float64Array.from(c.sample_weight);
  return t;
}

const params = (over: Record<string, unknown>) => withDefaults(logisticRegression.params, over);

describe('logistic-regression node', () => {
  it('matches scikit-learn (C=1) on the fixture, picking features and the positive class by default', async () => {
    const { model, predictions } = await logisticRegression.run({
      inputs: { train: fixtureTable(0), test: undefined },
      params: params({ target: 'outcome' }),
      ctx: ctx(),
    });
    expect(model.kind).toBe('logistic-regression');
    expect(model.target).toEqual({ column: 'outcome', positive: 'Yes' });
    expect(model.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    const s = model.state as unknown as LinearModelState;
    const ref = fixture.cases[0].fits.default;
    s.coef.forEach((v, j) => expect(Math.abs(v - ref.coef[j])).toBeLessThan(1e-4));
    expect(Math.abs(s.intercept - ref.intercept)).toBeLessThan(1e-4);
    expect(model.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // Predictions of the training rows (no test connected): pass-through + score/predicted/actual.
    expect(predictions.nRows).toBe(300);
    expect(predictions.columns.map((c) => c.name)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'outcome', 'id', 'score', 'predicted', 'actual']);
    const score = predictions.columns.find((c) => c.name === 'score') as NumericColumn;
    const predicted = predictions.columns.find((c) => c.name === 'predicted') as NumericColumn;
    const actual = predictions.columns.find((c) => c.name === 'actual') as NumericColumn;
    for (let i = 0; i < 10; i++) expect(score.values[i]).toBeCloseTo(ref.proba_head[i], 4);
    expect(predicted.values[0]).toBe(score.values[0] >= 0.5 ? 1 : 0);
    expect(Array.from(actual.values.subarray(0, 20))).toEqual(fixture.cases[0].y.slice(0, 20));
    expect(predictions.columns.find((c) => c.name === 'outcome')!.role).toBeUndefined();
    expect(actual.role).toBe('target');
  });

  it('honours row weights and balanced class weights exactly like sklearn', async () => {
    const { model } = await logisticRegression.run({
      inputs: { train: fixtureTable(1), test: undefined },
      params: params({ target: 'outcome', positive: 'Yes', C: 0.3, classWeight: 'balanced' }),
      ctx: ctx(),
    });
    const s = model.state as unknown as LinearModelState;
    const ref = fixture.cases[1].fits.default;
    s.coef.forEach((v, j) => expect(Math.abs(v - ref.coef[j])).toBeLessThan(1e-4));
    expect(Math.abs(s.intercept - ref.intercept)).toBeLessThan(1e-4);
  });

  it('a positive class given as the other label flips the sign of every weight', async () => {
    const run = (positive: string) =>
      logisticRegression.run({ inputs: { train: fixtureTable(0), test: undefined }, params: params({ target: 'outcome', positive }), ctx: ctx() });
    const yes = (await run('Yes')).model.state as unknown as LinearModelState;
    const no = (await run('no')).model.state as unknown as LinearModelState; // case-insensitive match
    yes.coef.forEach((v, j) => expect(no.coef[j]).toBeCloseTo(-v, 5));
  });

  it('scores the test table when connected, with NaN actual where the test has no target', async () => {
    const train = fixtureTable(0);
    const test: Table = { nRows: 2, columns: train.columns.slice(0, 5).map((c) => ({ ...(c as NumericColumn), values: Float64Array.from([0, 1]) })) };
    const { predictions } = await logisticRegression.run({ inputs: { train, test }, params: params({ target: 'outcome' }), ctx: ctx() });
    expect(predictions.nRows).toBe(2);
    const actual = predictions.columns.find((c) => c.name === 'actual') as NumericColumn;
    expect(Number.isNaN(actual.values[0])).toBe(true);
  });

  it('warns when it does not converge, and reports progress', async () => {
    const logs: string[] = [];
    const progress: number[] = [];
    await logisticRegression.run({
      inputs: { train: fixtureTable(0), test: undefined },
      params: params({ target: 'outcome', maxIter: 2, tol: 1e-12 }),
      ctx: testContext({ nodeId: 'lr', onLog: (m) => logs.push(m), onProgress: (f) => progress.push(f) }),
    });
    expect(logs.some((m) => /without converging/.test(m))).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('stops when the run is cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      logisticRegression.run({
        inputs: { train: fixtureTable(0), test: undefined },
        params: params({ target: 'outcome' }),
        ctx: testContext({ nodeId: 'lr', signal: ac.signal }),
      }),
    ).rejects.toThrow(/Stopped/);
  });

  it('explains bad configurations', async () => {
    const train = fixtureTable(0);
    const go = (p: Record<string, unknown>) => logisticRegression.run({ inputs: { train, test: undefined }, params: params(p), ctx: ctx() });
    await expect(go({ target: 'nope' })).rejects.toThrow(/Target column "nope" is not in the training data/);
    await expect(go({ target: 'outcome', positive: 'Maybe' })).rejects.toThrow(/Positive class "Maybe" does not occur/);
    await expect(go({ target: 'outcome', features: ['x0', 'outcome'] })).rejects.toThrow(/also listed as a feature/);
    const missing = { ...train, columns: train.columns.map((c) => (c.name === 'x2' ? { ...(c as NumericColumn), values: (c as NumericColumn).values.slice().fill(NaN, 4, 5) } : c)) };
    await expect(
      logisticRegression.run({ inputs: { train: missing, test: undefined }, params: params({ target: 'outcome' }), ctx: ctx() }),
    ).rejects.toThrow(/"x2" has a missing value in row 5/);
  });

  it('derives model features and the predictions schema without running', () => {
    const train = fixtureTable(0);
    const schema = {
      columns: train.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })),
    };
    const out = logisticRegression.schema!({ inputs: { train: schema, test: undefined }, params: params({ target: 'outcome' }), env: { datasetSchema: () => undefined } });
    expect(out.model!.features.map((f) => f.name)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    expect(out.predictions!.columns.slice(-3).map((c) => `${c.name}:${c.type}:${c.role}`)).toEqual([
      'score:number:score',
      'predicted:integer:prediction',
      'actual:integer:target',
    ]);
  });
});
