import { describe, expect, it } from 'vitest';
import { businessUnderstanding } from './index.ts';

describe('business-understanding node', () => {
  it('is a note: no ports, business-understanding phase, the five documented fields defaulting to empty', () => {
    expect(Object.keys(businessUnderstanding.inputs)).toEqual([]);
    expect(Object.keys(businessUnderstanding.outputs)).toEqual([]);
    expect(businessUnderstanding.phase).toBe('business-understanding');
    expect(Object.keys(businessUnderstanding.params)).toEqual(['objective', 'successCriteria', 'stakeholders', 'legalBasis', 'protectedAttributes']);
    for (const p of Object.values(businessUnderstanding.params)) expect(p.default).toBe('');
  });
});
