/**
 * Live threshold exploration for the metrics viewer.
 *
 * Algorithm: split the scores by label and sort each half ascending once (native typed-array sort,
 * O(n log n)). At threshold t, "selected" means score ≥ t, so tp = positives with score ≥ t and
 * fp = negatives with score ≥ t, each found by one binary search: O(log n) per slider move, no
 * per-row work and no per-row objects.
 */

export interface ThresholdIndex {
  /** Scores of rows labelled 1, ascending. */
  positives: Float64Array;
  /** Scores of rows labelled 0, ascending. */
  negatives: Float64Array;
  /** Rows left out because their score is not a number. */
  skipped: number;
}

export interface ThresholdStats {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Rows with score ≥ threshold. */
  selected: number;
  n: number;
  precision: number;
  recall: number;
  selectionRate: number;
  f1: number;
  accuracy: number;
  fpr: number;
}

export function buildThresholdIndex(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdIndex {
  if (scores.length !== labels.length) {
    throw new Error(
      `Scores and labels differ in length (${scores.length} scores, ${labels.length} labels); the evaluation output is inconsistent.`,
    );
  }
  const n = scores.length;
  let nPos = 0;
  let nNeg = 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) skipped++;
    else if (labels[i] === 1) nPos++;
    else nNeg++;
  }
  const positives = new Float64Array(nPos);
  const negatives = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    if (labels[i] === 1) positives[p++] = s;
    else negatives[q++] = s;
  }
  positives.sort();
  negatives.sort();
  return { positives, negatives, skipped };
}

/** Number of values ≥ t in an ascending array (binary search for the first index with value ≥ t). */
export function countAtLeast(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

export function statsAtThreshold(index: ThresholdIndex, threshold: number): ThresholdStats {
  const nPos = index.positives.length;
  const nNeg = index.negatives.length;
  const tp = countAtLeast(index.positives, threshold);
  const fp = countAtLeast(index.negatives, threshold);
  const fn = nPos - tp;
  const tn = nNeg - fp;
  const n = nPos + nNeg;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, nPos);
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    selected: tp + fp,
    n,
    precision,
    recall,
    selectionRate: ratio(tp + fp, n),
    f1: ratio(2 * precision * recall, precision + recall),
    accuracy: ratio(tp + tn, n),
    fpr: ratio(fp, nNeg),
  };
}
