/**
 * The data behind the scikit-learn reference numbers (scripts/fixtures/gradient-boosting.py), rebuilt
 * here so tests and benchmarks compare on exactly the same matrices without storing them.
 */
import { readFileSync } from 'node:fs';
import type { FeatureMatrix } from '../features/featurizer.ts';

/** Integer hash of (i, j) → [0, 1), bit-identical to hash_u01 in the Python script. */
export function hashU01(i: number, j: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(j, 0x85ebca77) + 0x165667b1) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

/** synthetic_data(n, d) of the Python script: nonlinear signal, 10% missing in feature 3, feature 4 integer. */
export function syntheticData(n: number, d: number): { X: Float64Array; y: Uint8Array } {
  const X = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[i * d + j] = hashU01(i, j) * 4 - 2;
    X[i * d + 4] = Math.floor(hashU01(i, 4) * 5);
    let z = 1.5 * X[i * d] - X[i * d + 1] ** 2 + (X[i * d + 2] > 0.5 ? 1 : -0.5) + 0.4 * X[i * d + 4];
    if (hashU01(i, 97) < 0.1) {
      X[i * d + 3] = NaN;
      z += 1;
    } else z += 0.8 * X[i * d + 3];
    y[i] = hashU01(i, 99) < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

/** Rows of a row-major matrix as a FeatureMatrix. */
export function takeMatrixRows(X: Float64Array, d: number, rows: number[]): FeatureMatrix {
  const out = new Float64Array(rows.length * d);
  rows.forEach((i, r) => out.set(X.subarray(i * d, i * d + d), r * d));
  return { n: rows.length, d, X: out, names: Array.from({ length: d }, (_, j) => `x${j}`) };
}

const WNS_CATEGORIES = ['department', 'education', 'gender', 'recruitment_channel'];
const WNS_NUMBERS = ['no_of_trainings', 'age', 'previous_year_rating', 'length_of_service', 'KPIs_met _greaterthan_80percent', 'awards_won', 'avg_training_score'];

/** The WNS promotion data as the Python script encodes it: 11 features (sorted ordinal codes), NaN for missing. */
export function loadWnsMatrix(file: string): { X: Float64Array; y: Uint8Array; n: number; d: number; names: string[] } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const n = rows.length;
  const names = [...WNS_CATEGORIES, ...WNS_NUMBERS];
  const d = names.length;
  const X = new Float64Array(n * d);
  names.forEach((name, j) => {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`Column ${name} is not in ${file}.`);
    if (j < WNS_CATEGORIES.length) {
      const cats = [...new Set(rows.map((r) => r[c]).filter((v) => v !== ''))].sort();
      const code = new Map(cats.map((k, v) => [k, v]));
      rows.forEach((r, i) => (X[i * d + j] = r[c] === '' ? NaN : code.get(r[c])!));
    } else rows.forEach((r, i) => (X[i * d + j] = r[c] === '' ? NaN : Number(r[c])));
  });
  const t = header.indexOf('is_promoted');
  const y = Uint8Array.from(rows, (r) => Number(r[t]));
  return { X, y, n, d, names };
}
