import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('treshold', 'threshold')).toBe(1);
  });
});

describe('closestName', () => {
  const params = ['target', 'features', 'maxIter', 'tol', 'classWeight'];
  it('ignores case, "-", "_" and spaces', () => {
    expect(closestName('max_iter', params)).toBe('maxIter');
    expect(closestName('class-weight', params)).toBe('classWeight');
    expect(closestName('TARGET', params)).toBe('target');
  });
  it('suggests a near miss and nothing for a stranger', () => {
    expect(closestName('featurs', params)).toBe('features');
    expect(closestName('tal', params)).toBe('tol');
    expect(closestName('colour', params)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
