/**
 * Fairlearn's MetricFrame aggregates of a per-group metric:
 * between_groups — difference = max − min, ratio = min / max;
 * to_overall — difference = max |m_g − m_overall|, ratio = min over groups of min(m_g/m, m/m_g).
 * Groups where the metric is undefined (NaN, e.g. no positives) are left out, as a NaN-aware max/min would.
 */
export interface Aggregate {
  difference: number;
  ratio: number;
  toOverallDifference: number;
  toOverallRatio: number;
}

export function aggregate(perGroup: ArrayLike<number>, overall: number): Aggregate {
  let max = -Infinity;
  let min = Infinity;
  let toDiff = -Infinity;
  let toRatio = Infinity;
  let any = false;
  for (let g = 0; g < perGroup.length; g++) {
    const v = perGroup[g];
    if (Number.isNaN(v)) continue;
    any = true;
    if (v > max) max = v;
    if (v < min) min = v;
    toDiff = Math.max(toDiff, Math.abs(v - overall));
    const r = v === overall ? 1 : Math.min(v / overall, overall / v);
    toRatio = Math.min(toRatio, Number.isNaN(r) ? 0 : r);
  }
  if (!any) return { difference: NaN, ratio: NaN, toOverallDifference: NaN, toOverallRatio: NaN };
  return {
    difference: max - min,
    ratio: max === 0 ? (min === 0 ? 1 : NaN) : min / max,
    toOverallDifference: toDiff,
    toOverallRatio: toRatio,
  };
}

/** Fairlearn's equalized odds aggregate: the worse of the TPR and FPR aggregates. */
export function equalizedOdds(tpr: Aggregate, fpr: Aggregate): Aggregate {
  return {
    difference: Math.max(tpr.difference, fpr.difference),
    ratio: Math.min(tpr.ratio, fpr.ratio),
    toOverallDifference: Math.max(tpr.toOverallDifference, fpr.toOverallDifference),
    toOverallRatio: Math.min(tpr.toOverallRatio, fpr.toOverallRatio),
  };
}
