/**
 * Human labels for every metric key a node reports (evaluation values, cross-validation summaries,
 * per-fold columns, training facts). One dictionary used by every metrics table, so a reader never
 * sees a code name such as `aucStd`. Summary keys built as `<measure>Std|Min|Max` are labelled from
 * their measure; an unknown key is turned into words rather than shown raw.
 */

export const METRIC_LABELS: Record<string, string> = {
  auc: 'AUC (area under the ROC curve)',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1 score',
  accuracy: 'Accuracy',
  threshold: 'Threshold',
  averagePrecision: 'Average precision',
  logLoss: 'Log loss',
  brier: 'Brier score',
  n: 'Rows evaluated',
  positives: 'Positive outcomes',
  negatives: 'Negative outcomes',
  folds: 'Folds',
  fold: 'Fold',
  trainRows: 'Training rows',
  testRows: 'Test rows',
  trainEnd: 'Training ends',
  testStart: 'Test starts',
  testEnd: 'Test ends',
  trees: 'Trees grown',
  nodes: 'Tree nodes',
  iterations: 'Iterations',
  loss: 'Final training loss',
  converged: 'Converged (1 = yes)',
  epochs: 'Epochs trained',
  classifierLoss: 'Classifier loss',
  adversaryLoss: 'Adversary loss',
  selectionRate: 'Selection rate',
  impactRatio: 'Impact ratio',
  tpr: 'True positive rate',
  fpr: 'False positive rate',
};

const SUFFIXES: Array<[string, string]> = [
  ['Std', 'standard deviation across folds'],
  ['Min', 'lowest fold'],
  ['Max', 'highest fold'],
];

/** Short name of a measure for use inside a compound label ("AUC", not the long form). */
function shortLabel(key: string): string {
  const label = METRIC_LABELS[key];
  if (!label) return words(key);
  return label.replace(/ \(.*\)$/, '');
}

/** "averageOddsDifference" / "train_rows" → "Average odds difference" / "Train rows". */
function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The human label of a metric key. */
export function metricLabel(key: string): string {
  const known = METRIC_LABELS[key];
  if (known) return known;
  for (const [suffix, meaning] of SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) {
      const base = key.slice(0, -suffix.length);
      if (METRIC_LABELS[base]) return `${shortLabel(base)}, ${meaning}`;
    }
  }
  return words(key);
}

/** The key a glossary entry is found under (Term): the measure itself for its summaries. */
export function metricTermKey(key: string): string {
  for (const [suffix] of SUFFIXES) {
    if (key.endsWith(suffix) && METRIC_LABELS[key.slice(0, -suffix.length)]) return key.slice(0, -suffix.length);
  }
  return key;
}
