/**
 * Every count-based fairness metric is a function of a tiny table of (weighted) counts:
 * group × predicted (0/1) × actual (negative, positive, unknown). Counting rows into those cells once
 * (and once per bootstrap resample) is all the fairness kernels need — no per-row objects.
 */

/** Cells per group: predicted 0/1 × actual negative/positive/unknown. */
export const CELLS_PER_GROUP = 6;

/** Cell of one row within its group's six, from predicted (0/1) and actual (0, 1 or -1 unknown). */
export function cellIndex(predicted: number, actual: number): number {
  return predicted * 3 + (actual < 0 ? 2 : actual);
}

export interface GroupRates {
  n: number;
  selected: number;
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  selectionRate: number;
  tpr: number;
  fpr: number;
  fnr: number;
  precision: number;
  /** Observed positive (base) rate among labelled rows. */
  baseRate: number;
  accuracy: number;
}

/** Rates from the six cells starting at `offset` (or the sum of several groups' cells). */
export function ratesOf(c: ArrayLike<number>, offset = 0): GroupRates {
  const tn = c[offset];
  const fn = c[offset + 1];
  const u0 = c[offset + 2];
  const fp = c[offset + 3];
  const tp = c[offset + 4];
  const u1 = c[offset + 5];
  const n = tn + fn + u0 + fp + tp + u1;
  const selected = fp + tp + u1;
  const positives = tp + fn;
  const negatives = tn + fp;
  return {
    n,
    selected,
    positives,
    negatives,
    tp,
    fp,
    fn,
    tn,
    selectionRate: selected / n,
    tpr: tp / positives,
    fpr: fp / negatives,
    fnr: fn / positives,
    precision: tp / (tp + fp),
    baseRate: positives / (positives + negatives),
    accuracy: (tp + tn) / (positives + negatives),
  };
}

/** Sums the cells of the groups whose `member` flag is 1 into six cells. */
export function pooledCells(cells: ArrayLike<number>, member: Uint8Array): Float64Array {
  const out = new Float64Array(CELLS_PER_GROUP);
  for (let g = 0; g < member.length; g++) {
    if (!member[g]) continue;
    for (let k = 0; k < CELLS_PER_GROUP; k++) out[k] += cells[g * CELLS_PER_GROUP + k];
  }
  return out;
}

/**
 * Row → cell id (group·6 + cell) for rows that belong to a group and have a prediction; -1 otherwise.
 * `predicted` and `actual` use 1/0 and -1 for missing.
 */
export function cellIds(groups: Int32Array, predicted: Int8Array, actual: Int8Array): Int32Array {
  const n = groups.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    const p = predicted[i];
    ids[i] = g < 0 || p < 0 ? -1 : g * CELLS_PER_GROUP + cellIndex(p, actual[i]);
  }
  return ids;
}

/** Counts (weighted when `weights` is given) rows into cells. */
export function countCells(ids: Int32Array, nGroups: number, weights?: Float64Array): Float64Array {
  const cells = new Float64Array(nGroups * CELLS_PER_GROUP);
  if (weights) {
    for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) cells[ids[i]] += weights[i];
  } else {
    for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) cells[ids[i]] += 1;
  }
  return cells;
}
