/**
 * The arithmetic of the compa-ratio, on plain arrays (no Crispflow types), so it is easy to test.
 * Compa-ratio = pay / reference pay. The reference is the median pay of the person's group (e.g. their
 * department and job level), or a salary-range midpoint given per row.
 */

/** Median of the finite values; NaN when there are none. */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * The median pay of each row's group. `groupKeys[i]` is a string naming row i's group, or null when
 * one of its group columns is missing (then the row has no reference). Rows with no usable pay do not
 * enter their group's median.
 */
export function groupMedians(pay, groupKeys) {
  const byGroup = new Map();
  for (let i = 0; i < pay.length; i++) {
    const key = groupKeys[i];
    if (key === null) continue;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key).push(pay[i]);
  }
  const medianOf = new Map([...byGroup].map(([k, v]) => [k, median(v)]));
  return Float64Array.from(groupKeys, (k) => (k === null ? NaN : medianOf.get(k)));
}

/** pay / reference per row; NaN where either is missing or the reference is not positive. */
export function compaRatios(pay, reference) {
  return Float64Array.from(pay, (p, i) => {
    const r = reference[i];
    return Number.isFinite(p) && Number.isFinite(r) && r > 0 ? p / r : NaN;
  });
}

/** 'below' (under `low`), 'within' or 'above' (over `high`); -1 (missing) where the ratio is NaN. */
export const BANDS = ['below', 'within', 'above'];
export function bandCodes(ratios, low, high) {
  return Int32Array.from(ratios, (r) => (Number.isNaN(r) ? -1 : r < low ? 0 : r > high ? 2 : 1));
}
