import { describe, expect, it } from 'vitest';
import { explain } from '../glossary.ts';
import { emptyDocument } from '../store/doc-edits.ts';
import { headlineOf } from './headline.ts';
import { ancestorsOf } from './targets.ts';

describe('run helpers', () => {
  it('"Run to here" covers the target and everything upstream, in document order', () => {
    const doc = {
      ...emptyDocument(),
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 't', version: 1, params: {}, position: { x: 0, y: 0 } })),
      edges: [
        { from: { node: 'a', port: 'o' }, to: { node: 'b', port: 'i' } },
        { from: { node: 'b', port: 'o' }, to: { node: 'c', port: 'i' } },
        { from: { node: 'a', port: 'o' }, to: { node: 'd', port: 'i' } },
      ],
    };
    expect(ancestorsOf(doc, ['c'])).toEqual(['a', 'b', 'c']);
    expect(ancestorsOf(doc, ['d', 'b'])).toEqual(['a', 'b', 'd']);
  });

  it('headlines prefer AUC, then fairness, then table size', () => {
    expect(headlineOf([{ type: 'metrics', summary: { kind: 'classification', auc: 0.85521 } }])).toBe('AUC 0.855');
    expect(headlineOf([{ type: 'fairness', summary: { disparateImpact: 0.712 } }])).toBe('Disparate impact 0.71');
    expect(headlineOf([{ type: 'table', summary: { rows: 5000, columns: 10 } }])).toBe('5,000 rows × 10 columns');
    expect(headlineOf([])).toBeUndefined();
  });

  it('the glossary explains metric keys in any spelling', () => {
    expect(explain('AUC')?.term).toBe('AUC');
    expect(explain('disparateImpact')?.term).toBe('Disparate impact');
    expect(explain('true positive rate')?.term).toBe('Recall');
    expect(explain('no such term')).toBeUndefined();
  });
});
