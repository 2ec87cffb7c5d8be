/**
 * Reweighing (Kamiran & Calders 2012): weight each row by P(group)·P(label) / P(group, label), so that
 * in the weighted data the label is independent of the group (the weighted statistical parity
 * difference is exactly 0) while every group and every label keeps its total weight.
 * Existing row weights are respected (all probabilities are weighted) and multiplied in, as AIF360 does.
 */
import { NodeError } from '../../core/errors.ts';

export interface ReweighingResult {
  weights: Float64Array;
  /** Weight factor per group (rows) × label (0 = unfavourable, 1 = favourable). */
  factors: Array<[number, number]>;
  /** Weighted counts per group × label before reweighing. */
  counts: Array<[number, number]>;
}

/**
 * `groups`: code per row (-1 missing); `label`: 1 favourable, 0 not, -1 missing. Rows with a missing
 * group or label keep their weight.
 */
export function reweigh(groups: Int32Array, nGroups: number, label: Int8Array, base?: Float64Array): ReweighingResult {
  const n = groups.length;
  const count = new Float64Array(nGroups * 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    const y = label[i];
    if (g < 0 || y < 0) continue;
    const w = base ? base[i] : 1;
    count[g * 2 + y] += w;
    total += w;
  }
  if (total <= 0) throw new NodeError('No row has both a group and a label, so there is nothing to reweigh.');
  const labelTotal = [0, 0];
  for (let g = 0; g < nGroups; g++) {
    labelTotal[0] += count[g * 2];
    labelTotal[1] += count[g * 2 + 1];
  }
  const factor = new Float64Array(nGroups * 2);
  for (let g = 0; g < nGroups; g++) {
    const ng = count[g * 2] + count[g * 2 + 1];
    for (let y = 0; y < 2; y++) {
      const c = count[g * 2 + y];
      // An empty cell has no rows to weigh; 1 keeps the array finite.
      factor[g * 2 + y] = c > 0 ? (ng * labelTotal[y]) / (total * c) : 1;
    }
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = base ? base[i] : 1;
    const g = groups[i];
    const y = label[i];
    weights[i] = g < 0 || y < 0 ? w : w * factor[g * 2 + y];
  }
  const factors: Array<[number, number]> = [];
  const counts: Array<[number, number]> = [];
  for (let g = 0; g < nGroups; g++) {
    factors.push([factor[g * 2], factor[g * 2 + 1]]);
    counts.push([count[g * 2], count[g * 2 + 1]]);
  }
  return { weights, factors, counts };
}
