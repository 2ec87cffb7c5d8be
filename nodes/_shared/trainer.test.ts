import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { buildPredictions, encodeTarget, predictionsSchema, resolveFeatureColumns, resolvePositiveClass } from './trainer.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';

const t: Table = {
  nRows: 6,
  columns: [
    { name: 'int01', type: 'integer', role: 'target', values: Float64Array.from([0, 1, 0, 0, 1, NaN]) },
    { name: 'int23', type: 'integer', values: Float64Array.from([2, 3, 3, 3, 2, 2]) },
    { name: 'bool', type: 'boolean', values: Float64Array.from([1, 0, 0, 0, 1, 0]) },
    { name: 'label', type: 'category', codes: Int32Array.from([0, 0, 1, 0, 0, 1]), categories: ['Reject', 'Interview'] },
    { name: 'answer', type: 'text', values: ['No', 'Yes', 'No', 'No', 'No', null] },
    { name: 'multi', type: 'category', codes: Int32Array.from([0, 1, 2, 2, 1, 2]), categories: ['a', 'b', 'c'] },
    { name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'group', type: 'category', role: 'protected', codes: Int32Array.from([0, 1, 0, 1, 0, 1]), categories: ['A', 'B'] },
  ],
};

describe('positive class and target encoding', () => {
  it('prefers 1 / true / yes, otherwise the rarer value (ties: the later one)', () => {
    expect(resolvePositiveClass(t, 'int01', '')).toBe('1');
    expect(resolvePositiveClass(t, 'bool', '')).toBe('true');
    expect(resolvePositiveClass(t, 'answer', '')).toBe('Yes');
    expect(resolvePositiveClass(t, 'label', '')).toBe('Interview');
    expect(resolvePositiveClass(t, 'int23', '')).toBe('3'); // 3 × "2", 3 × "3": tie → later
    expect(resolvePositiveClass(t, 'multi', '')).toBe('a');
  });
  it('accepts given values leniently (numbers, yes/no, case) and refuses absent ones', () => {
    expect(resolvePositiveClass(t, 'int01', '1.0')).toBe('1');
    expect(resolvePositiveClass(t, 'bool', 'no')).toBe('false');
    expect(resolvePositiveClass(t, 'label', 'interview')).toBe('Interview');
    expect(() => resolvePositiveClass(t, 'int01', '7')).toThrow(/Positive class "7" does not occur in target "int01" \(values: 0, 1\)/);
  });
  it('encodes 0/1 with NaN for missing or absent targets', () => {
    expect(Array.from(encodeTarget(t, 'int01', '1'))).toEqual([0, 1, 0, 0, 1, NaN]);
    expect(Array.from(encodeTarget(t, 'label', 'Interview'))).toEqual([0, 0, 1, 0, 0, 1]);
    expect(Array.from(encodeTarget(t, 'bool', 'false'))).toEqual([0, 1, 1, 1, 0, 1]);
    expect(Array.from(encodeTarget(t, 'answer', 'Yes'))).toEqual([0, 1, 0, 0, 0, NaN]);
    expect(Array.from(encodeTarget(t, 'nope', 'x')).every(Number.isNaN)).toBe(true);
  });
});

describe('features and predictions table', () => {
  it('default features leave out target, identifier and protected columns', () => {
    expect(resolveFeatureColumns(t.columns, [], 'int01')).toEqual(['int23', 'bool', 'label', 'multi']);
  });
  it('appends score/predicted/actual, strips reserved roles from pass-through columns, drops sparse, keeps weights', () => {
    const withExtras: Table = {
      ...t,
      weights: new Float64Array(6).fill(2),
      sparse: { name: 's', nCols: 0, indptr: new Int32Array(7), indices: new Int32Array(0), values: new Float64Array(0), featureNames: [] },
    };
    const scores = Float64Array.from([0.1, 0.5, 0.49, 0.9, 0.7, 0.2]);
    const out = buildPredictions(withExtras, scores, encodeTarget(t, 'int01', '1'), 0.5);
    expect(out.columns.slice(-3).map((c) => [c.name, c.type, c.role])).toEqual([
      ['score', 'number', 'score'],
      ['predicted', 'integer', 'prediction'],
      ['actual', 'integer', 'target'],
    ]);
    const predicted = out.columns.find((c) => c.name === 'predicted')!;
    expect(predicted.type !== 'category' && predicted.type !== 'text' && Array.from(predicted.values)).toEqual([0, 1, 0, 1, 1, 0]);
    expect(out.columns.find((c) => c.name === 'int01')!.role).toBeUndefined();
    expect(out.columns.find((c) => c.name === 'group')!.role).toBe('protected');
    expect(out.sparse).toBeUndefined();
    expect(out.weights).toBe(withExtras.weights);
    // The schema function describes the same columns.
    const schema = predictionsSchema({ columns: t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })), weighted: true });
    expect(schema.columns.map((c) => `${c.name}:${c.role ?? ''}`)).toEqual(out.columns.map((c) => `${c.name}:${c.role ?? ''}`));
    expect(schema.weighted).toBe(true);
  });
});

describe('fingerprintTable', () => {
  it('changes with any value, weight or param, and is stable otherwise', () => {
    const a = fingerprintTable(t, { C: 1 });
    expect(fingerprintTable(t, { C: 1 })).toBe(a);
    expect(fingerprintTable(t, { C: 2 })).not.toBe(a);
    const changed: Table = {
      ...t,
      columns: t.columns.map((c) => (c.name === 'int23' && c.type === 'integer' ? { ...c, values: Float64Array.from([2, 3, 3, 3, 2, 3]) } : c)),
    };
    expect(fingerprintTable(changed, { C: 1 })).not.toBe(a);
    expect(fingerprintTable({ ...t, weights: new Float64Array(6).fill(1) }, { C: 1 })).not.toBe(a);
  });
});
