/**
 * The MLP against scikit-learn's MLPClassifier on the same attrition split and design matrix
 * (src/ml/neural/mlp.fixture.json, from scripts/fixtures/mlp_reference.py). A single network's test
 * AUC moves by about 0.02 with its seed here, so both sides are averaged over seeds 0..4.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithSharedData, sharedDataPath } from '../../testing/shared-data.ts';
import { auc } from '../metrics/classification.ts';
import fixture from './mlp.fixture.json';
import { scoreMlp, trainMlp, type MlpOptions } from './mlp.ts';
import { attritionReferenceSplit, MLP_REFERENCE } from './mlp-reference-split.ts';
import { loadTf } from './tf-backend.ts';

const shared = { hidden: [64, 32], activation: 'relu', l2: 1e-4, batchSize: 200, learningRate: 1e-3 } as const;

describeWithSharedData('MLP vs scikit-learn MLPClassifier (IBM attrition, fixed split)', [MLP_REFERENCE.file], () => {
  const meanAuc = async (options: Omit<MlpOptions, 'seed'>) => {
    const { tf } = await loadTf('auto');
    const split = await attritionReferenceSplit(new Uint8Array(readFileSync(sharedDataPath(MLP_REFERENCE.file))));
    expect([split.train.n, split.test.n, split.train.d]).toEqual([fixture.rows.train, fixture.rows.test, fixture.features]);
    let sum = 0;
    for (const seed of fixture.seeds) {
      const fit = await trainMlp(tf, split.train.X, split.train.n, split.train.d, split.yTrain, { ...options, seed });
      sum += auc(scoreMlp(fit.state, split.test.X, split.test.n, split.test.d), split.yTest);
    }
    return sum / fixture.seeds.length;
  };

  it('fixed 20 epochs: mean test AUC within 0.02 of sklearn', async () => {
    const ours = await meanAuc({ ...shared, epochs: 20, validationFraction: 0, patience: 1000 });
    expect(Math.abs(ours - fixture.configs['fixed-epochs'].auc_mean)).toBeLessThan(0.02);
  });

  it('early stopping on a 10% validation split (the node defaults): mean test AUC within 0.02 of sklearn', async () => {
    const ours = await meanAuc({ ...shared, epochs: 200, validationFraction: 0.1, patience: 10 });
    expect(Math.abs(ours - fixture.configs['early-stopping'].auc_mean)).toBeLessThan(0.02);
  });
});
