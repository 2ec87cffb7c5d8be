/**
 * Calibration of predicted probabilities: the Brier score and the reliability diagram (predicted
 * probability against the observed share of positives, in equal-width bins). Definitions follow
 * scikit-learn (brier_score_loss, calibration_curve with strategy="uniform"), so results can be
 * checked against it.
 */

export interface CalibrationBin {
  /** Bin edges [lower, upper); the last bin includes 1. */
  lower: number;
  upper: number;
  /** Mean predicted probability of the rows in the bin. */
  predicted: number;
  /** Share of those rows whose label is 1. */
  observed: number;
  /** Rows in the bin. */
  count: number;
}

function checkProbabilities(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new Error(`Scores (${scores.length}) and labels (${labels.length}) differ in length.`);
  }
  if (weights && weights.length !== scores.length) {
    throw new Error(`Weights (${weights.length}) and scores (${scores.length}) differ in length.`);
  }
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i];
    if (!(p >= 0 && p <= 1)) {
      throw new Error(`Score of row ${i + 1} is ${p}; calibration needs probabilities between 0 and 1.`);
    }
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new Error(`Label of row ${i + 1} is ${y}; labels must be 0 or 1.`);
  }
}

/** Mean (weighted) squared difference between the probability and the 0/1 label; 0 is perfect. */
export function brierScore(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  checkProbabilities(scores, labels, weights);
  let s = 0;
  let sw = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights ? weights[i] : 1;
    const d = scores[i] - labels[i];
    s += w * d * d;
    sw += w;
  }
  return sw > 0 ? s / sw : NaN;
}

/**
 * Reliability diagram over `bins` equal-width bins of [0, 1]; empty bins are left out. A row whose
 * probability lies exactly on an inner edge goes to the lower bin, as numpy's searchsorted does.
 */
export function calibrationCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`Calibration needs a whole number of bins (at least 1), got ${bins}.`);
  checkProbabilities(scores, labels);
  // Inner edges computed as numpy's linspace does (k * step), so ties on edges fall the same way.
  const step = 1 / bins;
  const edges = Array.from({ length: bins - 1 }, (_, k) => (k + 1) * step);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i];
    // Count of inner edges strictly below p (binary search: edges are sorted).
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    sumP[lo] += p;
    sumY[lo] += labels[i];
    count[lo]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({
      lower: b === 0 ? 0 : edges[b - 1],
      upper: b === bins - 1 ? 1 : edges[b],
      predicted: sumP[b] / count[b],
      observed: sumY[b] / count[b],
      count: count[b],
    });
  }
  return out;
}
