/**
 * Binary classification metrics over scores (probability of the positive class) and 0/1 labels,
 * each with optional sample weights. Definitions follow scikit-learn (roc_auc_score, roc_curve,
 * precision_recall_curve, average_precision_score, precision_recall_fscore_support with
 * zero_division=0), so results can be checked against it.
 */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

export interface PrPoint {
  recall: number;
  precision: number;
  threshold: number;
}

export interface ThresholdMetrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  confusion: Confusion;
}

export interface BinaryEvaluation extends ThresholdMetrics {
  auc: number;
  averagePrecision: number;
  logLoss: number;
  /** Weighted positives and negatives. */
  positives: number;
  negatives: number;
  roc: RocPoint[];
  pr: PrPoint[];
}

type Labels = ArrayLike<number>;

function checkInputs(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new Error(`Scores (${scores.length}) and labels (${labels.length}) differ in length.`);
  }
  if (weights && weights.length !== scores.length) {
    throw new Error(`Weights (${weights.length}) and scores (${scores.length}) differ in length.`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`Score of row ${i + 1} is missing (NaN).`);
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new Error(`Label of row ${i + 1} is ${y}; labels must be 0 or 1.`);
  }
}

/**
 * Cumulative weighted true/false positives at each distinct score, highest score first
 * (the sweep behind ROC and PR curves). `thresholds[k]` is the k-th distinct score.
 */
export function thresholdSweep(
  scores: ArrayLike<number>,
  labels: Labels,
  weights?: ArrayLike<number>,
): { thresholds: Float64Array; tps: Float64Array; fps: Float64Array } {
  checkInputs(scores, labels, weights);
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a]);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const w = weights ? weights[i] : 1;
    if (labels[i] === 1) tp += w;
    else fp += w;
    // Close a group when the next score differs (ties share one threshold).
    if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
      thresholds.push(scores[i]);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds: Float64Array.from(thresholds), tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}

/** Area under the ROC curve (trapezoids; tied scores count half). NaN when one class is absent. */
export function auc(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): number {
  const { tps, fps } = thresholdSweep(scores, labels, weights);
  const P = tps.length ? tps[tps.length - 1] : 0;
  const N = fps.length ? fps[fps.length - 1] : 0;
  if (P <= 0 || N <= 0) return NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    area += (fps[k] - prevFp) * (tps[k] + prevTp) * 0.5;
    prevTp = tps[k];
    prevFp = fps[k];
  }
  return area / (P * N);
}

/** The exact ROC curve, one point per distinct score (plus the (0,0) start, threshold = max score + 1 as in scikit-learn). */
export function rocCurve(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): RocPoint[] {
  const { thresholds, tps, fps } = thresholdSweep(scores, labels, weights);
  const m = thresholds.length;
  const P = m ? tps[m - 1] : 0;
  const N = m ? fps[m - 1] : 0;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: m ? thresholds[0] + 1 : 1 }];
  for (let k = 0; k < m; k++) {
    points.push({ fpr: N > 0 ? fps[k] / N : NaN, tpr: P > 0 ? tps[k] / P : NaN, threshold: thresholds[k] });
  }
  return points;
}

/**
 * The exact precision-recall curve in order of increasing recall (decreasing threshold): starts at
 * (recall 0, precision 1), then one point per distinct score, as scikit-learn 1.2 returns it reversed.
 */
export function prCurve(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): PrPoint[] {
  const { thresholds, tps, fps } = thresholdSweep(scores, labels, weights);
  const m = thresholds.length;
  const P = m ? tps[m - 1] : 0;
  const points: PrPoint[] = [{ recall: 0, precision: 1, threshold: m ? thresholds[0] + 1 : 1 }];
  for (let k = 0; k < m; k++) {
    const predicted = tps[k] + fps[k];
    points.push({
      recall: P > 0 ? tps[k] / P : NaN,
      precision: predicted > 0 ? tps[k] / predicted : 0,
      threshold: thresholds[k],
    });
  }
  return points;
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k (scikit-learn's step-wise definition, no interpolation). */
export function averagePrecision(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): number {
  const pr = prCurve(scores, labels, weights);
  if (pr.length < 2 || Number.isNaN(pr[1].recall)) return NaN;
  let ap = 0;
  for (let k = 1; k < pr.length; k++) ap += (pr[k].recall - pr[k - 1].recall) * pr[k].precision;
  return ap;
}

/** Weighted confusion counts, predicting positive when score ≥ threshold. */
export function confusionAt(
  scores: ArrayLike<number>,
  labels: Labels,
  threshold: number,
  weights?: ArrayLike<number>,
): Confusion {
  checkInputs(scores, labels, weights);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights ? weights[i] : 1;
    const pos = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (pos) tp += w;
      else fn += w;
    } else if (pos) fp += w;
    else tn += w;
  }
  return { tp, fp, tn, fn };
}

/** Precision, recall, F1 and accuracy from confusion counts (0 where a ratio is undefined, as zero_division=0). */
export function metricsFromConfusion(c: Confusion, threshold: number): ThresholdMetrics {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const total = c.tp + c.fp + c.tn + c.fn;
  const accuracy = total > 0 ? (c.tp + c.tn) / total : NaN;
  return { threshold, precision, recall, f1, accuracy, confusion: c };
}

export function metricsAt(
  scores: ArrayLike<number>,
  labels: Labels,
  threshold: number,
  weights?: ArrayLike<number>,
): ThresholdMetrics {
  return metricsFromConfusion(confusionAt(scores, labels, threshold, weights), threshold);
}

/** Mean (weighted) log loss, probabilities clipped to [1e-15, 1 − 1e-15] as scikit-learn does. */
export function logLoss(scores: ArrayLike<number>, labels: Labels, weights?: ArrayLike<number>): number {
  checkInputs(scores, labels, weights);
  let s = 0;
  let sw = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights ? weights[i] : 1;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]));
    s -= w * (labels[i] === 1 ? Math.log(p) : Math.log(1 - p));
    sw += w;
  }
  return sw > 0 ? s / sw : NaN;
}

/**
 * Keeps at most `maxPoints` points of a curve for display, spread evenly along its length (so the
 * bends survive) and always keeping both ends. Metrics are computed on the full curve, never on this.
 */
export function thinCurve<T>(points: T[], x: (p: T) => number, y: (p: T) => number, maxPoints = 200): T[] {
  if (points.length <= maxPoints || maxPoints < 2) return points;
  const cum = new Float64Array(points.length);
  for (let k = 1; k < points.length; k++) {
    const dx = x(points[k]) - x(points[k - 1]);
    const dy = y(points[k]) - y(points[k - 1]);
    cum[k] = cum[k - 1] + (Number.isFinite(dx) && Number.isFinite(dy) ? Math.hypot(dx, dy) : 0);
  }
  const total = cum[points.length - 1];
  const out: T[] = [points[0]];
  let next = 1;
  for (let j = 1; j < maxPoints - 1; j++) {
    const target = (total * j) / (maxPoints - 1);
    while (next < points.length - 1 && cum[next] < target) next++;
    if (next >= points.length - 1) break;
    if (out[out.length - 1] !== points[next]) out.push(points[next]);
  }
  out.push(points[points.length - 1]);
  return out;
}

/** Everything an evaluation shows, with curves thinned to `maxCurvePoints` for display. */
export function evaluateBinary(
  scores: ArrayLike<number>,
  labels: Labels,
  options: { threshold?: number; weights?: ArrayLike<number>; maxCurvePoints?: number } = {},
): BinaryEvaluation {
  const threshold = options.threshold ?? 0.5;
  const w = options.weights;
  const atThreshold = metricsAt(scores, labels, threshold, w);
  const roc = rocCurve(scores, labels, w);
  const pr = prCurve(scores, labels, w);
  const c = atThreshold.confusion;
  const maxPts = options.maxCurvePoints ?? 200;
  return {
    ...atThreshold,
    auc: auc(scores, labels, w),
    averagePrecision: averagePrecision(scores, labels, w),
    logLoss: logLoss(scores, labels, w),
    positives: c.tp + c.fn,
    negatives: c.fp + c.tn,
    roc: thinCurve(roc, (p) => p.fpr, (p) => p.tpr, maxPts),
    pr: thinCurve(pr, (p) => p.recall, (p) => p.precision, maxPts),
  };
}
