/**
 * The resume-screening scenario against scikit-learn on the same data and split
 * (fixture: scripts/fixtures/resume_reference.py): TF-IDF(1–2-grams, min_df=2, sublinear) + logistic
 * regression C=1 within 0.01 AUC, random forest in the same range.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resumesCsv, generateResumes } from '../../samples/resumes.ts';
import { fitTfidf, transformTfidf } from './tfidf.ts';
import { fitLogisticRegression } from '../linear/logistic-regression.ts';
import { logisticProbabilities } from '../linear/margins.ts';
import { auc } from '../metrics/classification.ts';
import { fitRandomForest, predictForest } from '../forest/random-forest.ts';
import type { CsrMatrix, FeatureMatrix } from '../features/featurizer.ts';
import reference from './fixtures/resume-reference.json';

const asFeatures = (m: CsrMatrix): FeatureMatrix => ({ n: m.nRows, d: 0, X: new Float64Array(0), sparse: m, names: [] });

describe('resume screening vs scikit-learn (same data, same split)', () => {
  it('uses the same generated data as the fixture', () => {
    expect(createHash('sha256').update(resumesCsv()).digest('hex')).toBe(reference.csvSha256);
  });

  const r = generateResumes();
  const isTest = new Uint8Array(r.resume_id.length);
  for (const i of reference.testIndices) isTest[i] = 1;
  const trainIdx: number[] = [];
  for (let i = 0; i < isTest.length; i++) if (!isTest[i]) trainIdx.push(i);
  const testIdx = reference.testIndices;
  const labels = (idx: number[]) => Uint8Array.from(idx, (i) => (r.label[i] === 'Interview' ? 1 : 0));
  const yTrain = labels(trainIdx);
  const yTest = labels(testIdx);
  const { vectorizer, matrix } = fitTfidf(
    trainIdx.map((i) => r.resume_text[i]),
    { ngramRange: [1, 2], minDf: 2, sublinearTf: true },
  );
  const testMatrix = transformTfidf(vectorizer, testIdx.map((i) => r.resume_text[i]));

  it('fits the same vocabulary on the training rows', () => {
    expect(vectorizer.vocabulary.length).toBe(reference.vocabularySize);
    expect(matrix.indptr[matrix.nRows]).toBe(reference.trainNnz);
  });

  it('logistic regression C=1: AUC within 0.01 of scikit-learn', async () => {
    const fit = await fitLogisticRegression(asFeatures(matrix), yTrain, { C: 1, maxIter: 1000 });
    const a = auc(logisticProbabilities(asFeatures(testMatrix), fit.coef, fit.intercept), yTest);
    expect(Math.abs(a - reference.aucLogistic)).toBeLessThan(0.01);
  });

  it('random forest: AUC in the range of scikit-learn’s 100-tree forest', async () => {
    // 15 trees keep the test quick (fewer trees score a little lower); scikit-learn used 100 (bench/resume.bench.ts runs 100).
    const st = await fitRandomForest(asFeatures(matrix), yTrain, {
      nTrees: 15,
      maxDepth: 0,
      maxFeatures: 'sqrt',
      minSamplesLeaf: 1,
      bootstrap: true,
      seed: 0,
    });
    const a = auc(predictForest(st, asFeatures(testMatrix)), yTest);
    expect(a).toBeGreaterThan(reference.aucRandomForest - 0.04);
    expect(a).toBeLessThan(reference.aucLogistic + 0.01);
  }, 60_000);
});
