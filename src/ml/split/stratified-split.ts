/**
 * Seeded train/test split, optionally stratified: each stratum keeps its share of rows in the test set.
 *
 * Algorithm: the total test size is round(fraction · n); each stratum gets floor(fraction · n_s) test
 * rows and the remaining slots go to the strata with the largest fractional remainders (ties: larger
 * stratum first), so class shares in train and test differ by less than one row per stratum. Rows are
 * chosen by a seeded shuffle within each stratum; both outputs keep the original row order.
 */
import type { Rng } from '../../core/rng.ts';

export interface SplitIndices {
  train: Uint32Array;
  test: Uint32Array;
}

export function trainTestSplitIndices(n: number, testFraction: number, rng: Rng, strata?: Int32Array): SplitIndices {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`The test fraction must be between 0 and 1 (got ${testFraction}).`);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = strata ? strata[i] : 0;
    let g = groups.get(s);
    if (!g) groups.set(s, (g = []));
    g.push(i);
  }
  const list = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
  const nTest = Math.round(testFraction * n);
  const quota = list.map((rows) => Math.floor(testFraction * rows.length));
  let left = nTest - quota.reduce((a, b) => a + b, 0);
  const byRemainder = list
    .map((rows, k) => ({ k, rem: testFraction * rows.length - quota[k], size: rows.length }))
    .sort((a, b) => b.rem - a.rem || b.size - a.size || a.k - b.k);
  for (const { k } of byRemainder) {
    if (left <= 0) break;
    if (quota[k] < list[k].length) {
      quota[k]++;
      left--;
    }
  }
  const isTest = new Uint8Array(n);
  list.forEach((rows, k) => {
    const shuffled = rng.shuffle(Uint32Array.from(rows));
    for (let j = 0; j < quota[k]; j++) isTest[shuffled[j]] = 1;
  });
  const test = new Uint32Array(nTest);
  const train = new Uint32Array(n - nTest);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
