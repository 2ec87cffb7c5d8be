import type { Column } from '../../core/table/table.ts';

/**
 * One integer code per distinct value of a column (missing values share code -1), with the value
 * labels: used for stratification and per-group statistics.
 */
export function groupCodes(c: Column, nRows: number): { codes: Int32Array; labels: string[] } {
  if (c.type === 'category') return { codes: c.codes.slice(0, nRows), labels: c.categories.slice() };
  const codes = new Int32Array(nRows);
  const index = new Map<string | number, number>();
  const labels: string[] = [];
  for (let i = 0; i < nRows; i++) {
    const v = c.type === 'text' ? c.values[i] : Number.isNaN(c.values[i]) ? null : c.values[i];
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = labels.length;
      index.set(v, k);
      labels.push(String(v));
    }
    codes[i] = k;
  }
  return { codes, labels };
}
