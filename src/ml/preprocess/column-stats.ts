/** Per-column statistics that ignore missing values (imputation, standardisation, reports). */
import type { Column } from '../../core/table/table.ts';

export function mean(values: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      s += v;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** Population standard deviation (ddof 0, as scikit-learn's StandardScaler). */
export function std(values: Float64Array, mu = mean(values)): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      s += (v - mu) * (v - mu);
      n++;
    }
  }
  return n > 0 ? Math.sqrt(s / n) : NaN;
}

/** Median of the present values (mean of the two middle ones for an even count). */
export function median(values: Float64Array): number {
  const present = values.filter((v) => v === v).sort();
  const n = present.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? present[(n - 1) / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
}

/**
 * The most frequent present value as a string (ties: the smallest value, as scikit-learn's
 * SimpleImputer), or undefined when every value is missing.
 */
export function mostFrequent(c: Column, nRows: number): string | undefined {
  const counts = new Map<string | number, number>();
  for (let i = 0; i < nRows; i++) {
    let key: string | number | null;
    if (c.type === 'category') key = c.codes[i] < 0 ? null : c.categories[c.codes[i]];
    else if (c.type === 'text') key = c.values[i];
    else key = Number.isNaN(c.values[i]) ? null : c.values[i];
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: string | number | undefined;
  let bestCount = 0;
  for (const [k, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && k < best)) {
      best = k;
      bestCount = n;
    }
  }
  return best === undefined ? undefined : String(best);
}
