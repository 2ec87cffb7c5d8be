/**
 * The real public resume file (../shared/data/UpdatedResumeDataSet.csv, latin-1, 962 rows, 25 categories):
 * TF-IDF + logistic regression, one category against the rest, vocabulary fitted on the training rows.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithSharedData, sharedDataPath } from '../../testing/shared-data.ts';
import { importTable } from '../../io/import.ts';
import { cellValue, getColumn } from '../../core/table/table.ts';
import { createRng } from '../../core/rng.ts';
import { fitTfidf, transformTfidf } from './tfidf.ts';
import { fitLogisticRegression } from '../linear/logistic-regression.ts';
import { logisticProbabilities } from '../linear/margins.ts';
import { auc } from '../metrics/classification.ts';
import type { CsrMatrix } from '../features/featurizer.ts';

const FILE = 'UpdatedResumeDataSet.csv';

describeWithSharedData('TF-IDF + logistic regression on the real resume dataset', [FILE], () => {
  it.each(['Data Science', 'HR', 'Java Developer'])('"%s" vs the rest: AUC on held-out rows', async (category) => {
    const { table, encoding } = await importTable(new Uint8Array(readFileSync(sharedDataPath(FILE))), { fileName: FILE });
    expect(encoding).not.toBe('utf-8'); // the file is latin-1, not valid UTF-8
    expect(table.nRows).toBe(962);
    const cat = getColumn(table, 'Category');
    const text = getColumn(table, 'Resume');
    const docs = Array.from({ length: table.nRows }, (_, i) => String(cellValue(text, i) ?? ''));
    const y = Uint8Array.from({ length: table.nRows }, (_, i) => (cellValue(cat, i) === category ? 1 : 0));
    // stratified 75/25 split
    const rng = createRng(7);
    const train: number[] = [];
    const test: number[] = [];
    for (const cls of [0, 1]) {
      const idx = Array.from(y.keys()).filter((i) => y[i] === cls);
      rng.shuffle(idx);
      const cut = Math.round(idx.length * 0.75);
      train.push(...idx.slice(0, cut));
      test.push(...idx.slice(cut));
    }
    const { vectorizer, matrix } = fitTfidf(train.map((i) => docs[i]), { ngramRange: [1, 2], minDf: 2, sublinearTf: true, stopWords: 'english' });
    expect(vectorizer.vocabulary.length).toBeGreaterThan(5000);
    const asF = (m: CsrMatrix) => ({ n: m.nRows, d: 0, X: new Float64Array(0), sparse: m, names: [] });
    const fit = await fitLogisticRegression(asF(matrix), Uint8Array.from(train, (i) => y[i]), { C: 10, maxIter: 500 });
    const scores = logisticProbabilities(asF(transformTfidf(vectorizer, test.map((i) => docs[i]))), fit.coef, fit.intercept);
    const a = auc(scores, Uint8Array.from(test, (i) => y[i]));
    // resumes of one category share their vocabulary; many rows are duplicates, so this is easy
    expect(a).toBeGreaterThan(0.95);
    expect(a).toBeLessThanOrEqual(1);
  });
});
