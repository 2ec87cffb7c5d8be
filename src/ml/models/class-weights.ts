/**
 * Sample weights for binary training: row weights times optional 'balanced' class weights.
 * 'balanced' is scikit-learn's n / (2 · n_c), computed from label counts (not from row weights).
 */
export type ClassWeightMode = 'none' | 'balanced';

export function trainingWeights(y: Uint8Array, rowWeights: Float64Array | undefined, mode: ClassWeightMode): Float64Array | undefined {
  if (mode === 'none') return rowWeights;
  const n = y.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += y[i];
  const n0 = n - n1;
  const w1 = n1 > 0 ? n / (2 * n1) : 0;
  const w0 = n0 > 0 ? n / (2 * n0) : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (y[i] === 1 ? w1 : w0) * (rowWeights ? rowWeights[i] : 1);
  return out;
}
