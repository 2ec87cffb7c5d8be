/**
 * Every built-in node type. Hosts (workers, CLI, designer) build their registry from this list.
 * Add one import and one entry per node folder.
 */
import type { AnyNodeDefinition } from '../src/core/node-definition.ts';
import { createRegistry, type NodeRegistry } from '../src/core/registry.ts';
import { installScorers } from '../src/ml/models/scorers.ts';
import { selectColumns } from './select-columns/index.ts';
import { humanReview } from './human-review/index.ts';
import { gradientBoosting } from './gradient-boosting/index.ts';
import { join } from './join/index.ts';
import { asofJoinNode } from './asof-join/index.ts';
import { groupAggregateNode } from './group-aggregate/index.ts';
import { windowFeaturesNode } from './window-features/index.ts';
import { dateDiff } from './date-diff/index.ts';
import { snapshotPanel } from './snapshot-panel/index.ts';
import { sentiment } from './sentiment/index.ts';
import { timeSeriesCv } from './time-series-cv/index.ts';
import { explain } from './explain/index.ts';
import { datasetSource } from './dataset-source/index.ts';
import { exportTable } from './export-table/index.ts';
import { fairnessMetrics } from './fairness-metrics/index.ts';
import { biasAudit } from './bias-audit/index.ts';
import { reweighing } from './reweighing/index.ts';
import { kmeansNode } from './kmeans/index.ts';
import { adversarialDebiasing } from './adversarial-debiasing/index.ts';
import { thresholdOptimizer } from './threshold-optimizer/index.ts';
import { disparateImpactRemover } from './disparate-impact-remover/index.ts';
import { proxyDetection } from './proxy-detection/index.ts';
import { trainTestSplit } from './train-test-split/index.ts';
import { logisticRegression } from './logistic-regression/index.ts';
import { predict } from './predict/index.ts';
import { evaluateClassifier } from './evaluate-classifier/index.ts';
import { filterRows } from './filter-rows/index.ts';
import { imputeMissing } from './impute-missing/index.ts';
import { oneHotEncode } from './one-hot-encode/index.ts';
import { standardize } from './standardize/index.ts';
import { tfidf } from './tfidf/index.ts';
import { anonymizeText } from './anonymize-text/index.ts';
import { randomForest } from './random-forest/index.ts';
import { neuralNetwork } from './neural-network/index.ts';
import { keywordBiasReport } from './keyword-bias-report/index.ts';

export const builtinNodes: AnyNodeDefinition[] = [
  datasetSource,
  exportTable,
  selectColumns,
  humanReview,
  gradientBoosting,
  join,
  asofJoinNode,
  groupAggregateNode,
  windowFeaturesNode,
  dateDiff,
  snapshotPanel,
  sentiment,
  timeSeriesCv,
  explain,
  fairnessMetrics,
  biasAudit,
  reweighing,
  kmeansNode,
  adversarialDebiasing,
  thresholdOptimizer,
  disparateImpactRemover,
  proxyDetection,
  trainTestSplit,
  logisticRegression,
  predict,
  evaluateClassifier,
  filterRows,
  imputeMissing,
  oneHotEncode,
  standardize,
  tfidf,
  anonymizeText,
  randomForest,
  neuralNetwork,
  keywordBiasReport,
];

/** The built-in registry, its model scorers installed in this thread (the host scores with them). */
export function createBuiltinRegistry(help: Record<string, string> = {}): NodeRegistry {
  const registry = createRegistry(builtinNodes, help);
  installScorers(registry.scorers());
  return registry;
}
