import { describe, expect, it } from 'vitest';
import { tfidf } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';

const table = (texts: string[]): Table => ({
  nRows: texts.length,
  columns: [
    { name: 'id', type: 'integer', values: Float64Array.from(texts, (_, i) => i) },
    { name: 'text', type: 'text', values: texts },
  ],
});
const params = (p: Record<string, unknown>) => withDefaults(tfidf.params, { column: 'text', ...p });
const ctx = () => testContext({ nodeId: 'tfidf' });

describe('tfidf node', () => {
  it('learns the vocabulary from the training rows only and applies it to the test rows', async () => {
    const train = table(['python java', 'python sql', 'java sql python']);
    const test = table(['python rust rust', 'cobol']);
    const out = await tfidf.run({ inputs: { train, test }, params: params({ ngramMax: 1, minDf: 1 }), ctx: ctx() });
    expect(out.train.sparse!.featureNames).toEqual(['java', 'python', 'sql']);
    expect(out.test.sparse!.featureNames).toEqual(['java', 'python', 'sql']);
    expect(out.train.sparse!.name).toBe('text');
    // "rust" is unseen in training: the test row holds only python, normalised to 1
    const s = out.test.sparse!;
    expect(Array.from(s.indptr)).toEqual([0, 1, 1]);
    expect(s.indices[0]).toBe(1);
    expect(s.values[0]).toBeCloseTo(1, 12);
    // the columns pass through unchanged
    expect(out.test.columns).toBe(test.columns);
  });

  it('without a test input gives an empty table with the same vocabulary', async () => {
    const out = await tfidf.run({ inputs: { train: table(['a1 b2', 'b2 c3']), test: undefined }, params: params({ minDf: 1 }), ctx: ctx() });
    expect(out.test.nRows).toBe(0);
    expect(out.test.sparse!.nCols).toBe(out.train.sparse!.nCols);
  });

  it('explains a bad configuration', async () => {
    await expect(tfidf.run({ inputs: { train: table(['aa bb', 'cc dd']), test: undefined }, params: params({ minDf: 2 }), ctx: ctx() })).rejects.toThrow(
      /no terms remain/,
    );
    await expect(tfidf.run({ inputs: { train: table(['aa']), test: undefined }, params: params({ column: 'id' }), ctx: ctx() })).rejects.toThrow(
      /"id" holds integer values, not text/,
    );
    await expect(
      tfidf.run({ inputs: { train: table(['aa']), test: undefined }, params: params({ ngramMin: 3, ngramMax: 2 }), ctx: ctx() }),
    ).rejects.toThrow(/Longest phrase/);
  });

  it('declares the sparse block in its schema', () => {
    const s = tfidf.schema!({
      inputs: { train: { columns: [{ name: 'text', type: 'text' }] }, test: undefined },
      params: params({}),
      env: { datasetSchema: () => undefined },
    });
    expect(s.train!.sparse).toEqual({ name: 'text', source: 'text', nCols: undefined });
  });
});
