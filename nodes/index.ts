/**
 * Every built-in node type. Hosts (workers, CLI, designer) build their registry from this list.
 * One import and one entry per node folder, both in alphabetical order of the folder (= the node
 * type); each folder exports its definition as the camelCase of its type. A node's kernels and model
 * scorers are part of its definition, so nothing else needs registering.
 * A folder's index.ts holds the node's description (ports, params, schema, scorers) and loads its run code
 * (run.ts) and kernels on first use: the designer imports this list on the main thread, where nodes are
 * described but never run, so the run code and the ML kernels stay out of its start-up bundle.
 */
import type { AnyNodeDefinition } from '../src/core/node-definition.ts';
import { createRegistry, type NodeRegistry } from '../src/core/registry.ts';
import { installScorers } from '../src/ml/models/scorers.ts';
import { adversarialDebiasing } from './adversarial-debiasing/index.ts';
import { anonymizeText } from './anonymize-text/index.ts';
import { asofJoin } from './asof-join/index.ts';
import { biasAudit } from './bias-audit/index.ts';
import { businessUnderstanding } from './business-understanding/index.ts';
import { datasetSource } from './dataset-source/index.ts';
import { dateDiff } from './date-diff/index.ts';
import { disparateImpactRemover } from './disparate-impact-remover/index.ts';
import { driftReport } from './drift-report/index.ts';
import { evaluateClassifier } from './evaluate-classifier/index.ts';
import { explain } from './explain/index.ts';
import { exportTable } from './export-table/index.ts';
import { fairnessMetrics } from './fairness-metrics/index.ts';
import { fairnessOverTime } from './fairness-over-time/index.ts';
import { filterRows } from './filter-rows/index.ts';
import { gradientBoosting } from './gradient-boosting/index.ts';
import { groupAggregate } from './group-aggregate/index.ts';
import { humanReview } from './human-review/index.ts';
import { imputeMissing } from './impute-missing/index.ts';
import { join } from './join/index.ts';
import { keywordBiasReport } from './keyword-bias-report/index.ts';
import { kmeans } from './kmeans/index.ts';
import { logisticRegression } from './logistic-regression/index.ts';
import { neuralNetwork } from './neural-network/index.ts';
import { oneHotEncode } from './one-hot-encode/index.ts';
import { predict } from './predict/index.ts';
import { proxyDetection } from './proxy-detection/index.ts';
import { pseudonymize } from './pseudonymize/index.ts';
import { randomForest } from './random-forest/index.ts';
import { reweighing } from './reweighing/index.ts';
import { selectColumns } from './select-columns/index.ts';
import { sentiment } from './sentiment/index.ts';
import { snapshotPanel } from './snapshot-panel/index.ts';
import { standardize } from './standardize/index.ts';
import { tfidf } from './tfidf/index.ts';
import { thresholdOptimizer } from './threshold-optimizer/index.ts';
import { timeSeriesCv } from './time-series-cv/index.ts';
import { trainTestSplit } from './train-test-split/index.ts';
import { windowFeatures } from './window-features/index.ts';

export const builtinNodes: AnyNodeDefinition[] = [
  adversarialDebiasing,
  anonymizeText,
  asofJoin,
  biasAudit,
  businessUnderstanding,
  datasetSource,
  dateDiff,
  disparateImpactRemover,
  driftReport,
  evaluateClassifier,
  explain,
  exportTable,
  fairnessMetrics,
  fairnessOverTime,
  filterRows,
  gradientBoosting,
  groupAggregate,
  humanReview,
  imputeMissing,
  join,
  keywordBiasReport,
  kmeans,
  logisticRegression,
  neuralNetwork,
  oneHotEncode,
  predict,
  proxyDetection,
  pseudonymize,
  randomForest,
  reweighing,
  selectColumns,
  sentiment,
  snapshotPanel,
  standardize,
  tfidf,
  thresholdOptimizer,
  timeSeriesCv,
  trainTestSplit,
  windowFeatures,
];

/** The built-in registry, its model scorers installed in this thread (the host scores with them). */
export function createBuiltinRegistry(help: Record<string, string> = {}): NodeRegistry {
  const registry = createRegistry(builtinNodes, help);
  installScorers(registry.scorers());
  return registry;
}
