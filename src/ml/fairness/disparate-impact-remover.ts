/**
 * Disparate impact remover (Feldman et al. 2015, AIF360's DisparateImpactRemover): moves each numeric
 * feature's distribution within every group towards a common target distribution — at each quantile,
 * the median of the groups' values at that quantile — so the feature no longer tells the groups apart,
 * while the order of people *within* a group is kept (rank-preserving).
 *
 * A value at within-group quantile u (mid-rank for ties) is repaired to
 *   (1 − λ)·x + λ·median_h Q_h(u),
 * with λ the repair level (0: unchanged, 1: identical distributions across groups).
 */
export interface RepairResult {
  values: Float64Array;
  /** Per group: mean before and after. */
  means: Array<{ before: number; after: number }>;
}

/** Empirical quantile function of sorted values (inverse CDF, no interpolation, as the repair's bins). */
function quantileOf(sorted: Float64Array, u: number): number {
  const k = Math.min(sorted.length - 1, Math.max(0, Math.floor(u * sorted.length)));
  return sorted[k];
}

function median(a: number[]): number {
  const s = a.slice().sort((x, y) => x - y);
  const m = s.length;
  return m % 2 ? s[(m - 1) / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
}

/**
 * Repairs one feature. `groups`: code per row (-1 = no group: value left as is); NaN values stay NaN.
 */
export function repairFeature(values: Float64Array, groups: Int32Array, nGroups: number, level: number): RepairResult {
  const n = values.length;
  const members: number[][] = Array.from({ length: nGroups }, () => []);
  for (let i = 0; i < n; i++) if (groups[i] >= 0 && !Number.isNaN(values[i])) members[groups[i]].push(i);
  const sorted = members.map((idx) => Float64Array.from(idx, (i) => values[i]).sort());
  const present = sorted.map((s, g) => (s.length ? g : -1)).filter((g) => g >= 0);
  const out = Float64Array.from(values);
  const means = members.map(() => ({ before: 0, after: 0 }));
  for (const g of present) {
    const s = sorted[g];
    const m = s.length;
    // Mid-rank quantile of each distinct value (ties share one repaired value).
    let lo = 0;
    const repairedAt = new Map<number, number>();
    while (lo < m) {
      let hi = lo;
      while (hi + 1 < m && s[hi + 1] === s[lo]) hi++;
      const u = ((lo + hi) / 2 + 0.5) / m;
      const target = median(present.map((h) => quantileOf(sorted[h], u)));
      repairedAt.set(s[lo], (1 - level) * s[lo] + level * target);
      lo = hi + 1;
    }
    for (const i of members[g]) {
      out[i] = repairedAt.get(values[i])!;
      means[g].before += values[i] / m;
      means[g].after += out[i] / m;
    }
  }
  return { values: out, means };
}
