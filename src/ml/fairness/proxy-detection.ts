/**
 * Proxy detection: how well does each feature, on its own, predict the protected attribute?
 * Two measures, so neither a monotone nor a non-monotone relation slips through:
 * - AUC (one-vs-rest per protected group, macro-averaged; direction-free: max(AUC, 1 − AUC)).
 *   Numeric features score by value; a category feature scores each row by its category's share of
 *   the group (in-sample, so slightly optimistic for features with many rare categories).
 * - Mutual information I(feature; protected), numeric features in quantile bins, normalised by the
 *   protected attribute's entropy (0: independent, 1: the feature determines the group).
 */
import type { Column } from '../../core/table/table.ts';
import { auc } from '../metrics/classification.ts';

export interface ProxyScore {
  feature: string;
  auc: number;
  /** Worst single group (one-vs-rest). */
  maxGroupAuc: number;
  worstGroup: string;
  mutualInformation: number;
  normalizedMutualInformation: number;
  flagged: boolean;
}

/** Feature values as bin codes (categories, or quantile bins for numbers), -1 missing. */
export function binFeature(c: Column, n: number, bins: number): { codes: Int32Array; k: number } {
  const codes = new Int32Array(n);
  if (c.type === 'category') {
    codes.set(c.codes);
    return { codes, k: c.categories.length };
  }
  if (c.type === 'text') {
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = c.values[i];
      if (v == null) codes[i] = -1;
      else {
        if (!index.has(v)) index.set(v, index.size);
        codes[i] = index.get(v)!;
      }
    }
    return { codes, k: index.size };
  }
  const finite = c.values.filter((v) => !Number.isNaN(v)).sort();
  const distinct = new Set(finite).size;
  if (distinct <= bins) {
    const values = [...new Set(finite)];
    const index = new Map(values.map((v, k) => [v, k]));
    for (let i = 0; i < n; i++) codes[i] = Number.isNaN(c.values[i]) ? -1 : index.get(c.values[i])!;
    return { codes, k: values.length };
  }
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) edges.push(finite[Math.floor((b * finite.length) / bins)]);
  for (let i = 0; i < n; i++) {
    const v = c.values[i];
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let b = 0;
    while (b < edges.length && v >= edges[b]) b++;
    codes[i] = b;
  }
  return { codes, k: bins };
}

function entropy(counts: Float64Array, total: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

/** Mutual information (nats) between two code vectors, over rows where both are present. */
export function mutualInformation(a: Int32Array, ka: number, b: Int32Array, kb: number): { mi: number; hB: number } {
  const joint = new Float64Array(ka * kb);
  const pa = new Float64Array(ka);
  const pb = new Float64Array(kb);
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    joint[a[i] * kb + b[i]]++;
    pa[a[i]]++;
    pb[b[i]]++;
    total++;
  }
  if (total === 0) return { mi: 0, hB: 0 };
  let mi = 0;
  for (let x = 0; x < ka; x++) {
    for (let y = 0; y < kb; y++) {
      const j = joint[x * kb + y];
      if (j > 0) mi += (j / total) * Math.log((j * total) / (pa[x] * pb[y]));
    }
  }
  return { mi: Math.max(0, mi), hB: entropy(pb, total) };
}

/** Direction-free one-vs-rest AUCs of a feature for each protected group. */
export function groupAucs(c: Column, n: number, groups: Int32Array, nGroups: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (groups[i] < 0) continue;
    if (c.type === 'category' ? c.codes[i] < 0 : c.type === 'text' ? c.values[i] == null : Number.isNaN(c.values[i])) continue;
    rows.push(i);
  }
  const out: number[] = [];
  const targets = nGroups === 2 ? [1] : Array.from({ length: nGroups }, (_, g) => g);
  let codes: Int32Array | undefined;
  let k = 0;
  if (c.type === 'category' || c.type === 'text') ({ codes, k } = binFeature(c, n, 0));
  for (const g of targets) {
    const labels = Float64Array.from(rows, (i) => (groups[i] === g ? 1 : 0));
    let scores: Float64Array;
    if (codes) {
      // Each category scored by its share of group g.
      const hit = new Float64Array(k);
      const cnt = new Float64Array(k);
      rows.forEach((i, r) => {
        hit[codes![i]] += labels[r];
        cnt[codes![i]]++;
      });
      scores = Float64Array.from(rows, (i) => hit[codes![i]] / cnt[codes![i]]);
    } else {
      const values = (c as { values: Float64Array }).values;
      scores = Float64Array.from(rows, (i) => values[i]);
    }
    const a = auc(scores, labels);
    out.push(Number.isNaN(a) ? NaN : Math.max(a, 1 - a));
  }
  return nGroups === 2 ? [out[0], out[0]] : out;
}
