/**
 * The fixed split and featurisation of the IBM HR attrition data that the MLP is compared on with
 * scikit-learn's MLPClassifier (src/ml/neural/mlp.fixture.json, scripts/fixtures/mlp_reference.py).
 *
 * Split: the 1,470 rows shuffled by `createRng(MLP_REFERENCE.splitSeed)`; the first quarter is the
 * test set. Features: the trainers' default columns (every number, category and yes/no column except
 * the target Attrition, the identifier EmployeeNumber and the protected Gender), categories one-hot
 * with the categories seen in the training rows. Both sides standardise the same way afterwards
 * (training mean, population standard deviation): the MLP inside, sklearn with a StandardScaler.
 */
import { takeRows, type Table } from '../../core/table/table.ts';
import { createRng } from '../../core/rng.ts';
import { importTable } from '../../io/import.ts';
import { applyFeaturizer, fitFeaturizer, suggestFeatureColumns, type FeatureMatrix } from '../features/featurizer.ts';

export const MLP_REFERENCE = {
  file: 'WA_Fn-UseC_-HR-Employee-Attrition.csv',
  target: 'Attrition',
  positive: 'Yes',
  splitSeed: 20261207,
  testFraction: 0.25,
} as const;

export interface ReferenceSplit {
  train: FeatureMatrix;
  yTrain: Uint8Array;
  test: FeatureMatrix;
  yTest: Uint8Array;
  /** Row numbers (0-based, file order) of the test rows. */
  testRows: number[];
  featureColumns: string[];
}

function labels(t: Table): Uint8Array {
  const c = t.columns.find((x) => x.name === MLP_REFERENCE.target);
  if (!c || c.type !== 'category') throw new Error(`"${MLP_REFERENCE.target}" should be a category column of the attrition file.`);
  const pos = c.categories.indexOf(MLP_REFERENCE.positive);
  return Uint8Array.from(c.codes, (k) => (k === pos ? 1 : 0));
}

/** The reference split from the attrition CSV's bytes. */
export async function attritionReferenceSplit(bytes: Uint8Array): Promise<ReferenceSplit> {
  const { table } = await importTable(bytes, { fileName: MLP_REFERENCE.file });
  const n = table.nRows;
  const order = Array.from({ length: n }, (_, i) => i);
  createRng(MLP_REFERENCE.splitSeed).shuffle(order);
  const nTest = Math.round(n * MLP_REFERENCE.testFraction);
  const testRows = order.slice(0, nTest).sort((a, b) => a - b);
  const testSet = new Set(testRows);
  const trainRows = order.filter((i) => !testSet.has(i)).sort((a, b) => a - b);
  const trainTable = takeRows(table, trainRows);
  const testTable = takeRows(table, testRows);
  const featureColumns = suggestFeatureColumns(table.columns, [MLP_REFERENCE.target]);
  const spec = fitFeaturizer(trainTable, featureColumns);
  return {
    train: applyFeaturizer(spec, trainTable),
    yTrain: labels(trainTable),
    test: applyFeaturizer(spec, testTable),
    yTest: labels(testTable),
    testRows,
    featureColumns,
  };
}
