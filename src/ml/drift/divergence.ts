/**
 * Distances between two binned distributions (counts over the same bins).
 *
 * Population stability index: Σ (c − r)·ln(c / r) over bins, with r and c the reference and current
 * shares. An empty bin would make it infinite, so a zero share is replaced by 0.0001 (Evidently's rule;
 * the shares are not renormalised). Bands (credit-scoring practice, also Evidently's and NannyML's
 * default reading): < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift.
 *
 * Jensen–Shannon distance: √JS divergence with base-2 logarithms (scipy.spatial.distance.jensenshannon
 * with base=2), between 0 (same) and 1 (disjoint). It is finite with empty bins, so no smoothing.
 */

export const PSI_EMPTY_SHARE = 0.0001;
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;

export type PsiBand = 'stable' | 'moderate' | 'major';

export function psiBand(psi: number, moderate = PSI_MODERATE, major = PSI_MAJOR): PsiBand {
  return psi >= major ? 'major' : psi >= moderate ? 'moderate' : 'stable';
}

function total(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i];
  return s;
}

/** PSI of `current` against `reference` (counts over the same bins); also each bin's term. */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): { psi: number; terms: Float64Array } {
  const nr = total(reference);
  const nc = total(current);
  const terms = new Float64Array(reference.length);
  if (nr === 0 || nc === 0) return { psi: NaN, terms: terms.fill(NaN) };
  let psi = 0;
  for (let k = 0; k < reference.length; k++) {
    const r = reference[k] / nr || PSI_EMPTY_SHARE;
    const c = current[k] / nc || PSI_EMPTY_SHARE;
    terms[k] = (c - r) * Math.log(c / r);
    psi += terms[k];
  }
  return { psi, terms };
}

/** Jensen–Shannon distance (base 2) between the normalised count vectors. */
export function jensenShannonDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const nr = total(reference);
  const nc = total(current);
  if (nr === 0 || nc === 0) return NaN;
  // Same order of operations as scipy: Σ rel_entr(p, m) + Σ rel_entr(q, m), / ln 2, / 2, √.
  let left = 0;
  let right = 0;
  for (let k = 0; k < reference.length; k++) {
    const p = reference[k] / nr;
    const q = current[k] / nc;
    const m = (p + q) / 2;
    if (p > 0) left += p * Math.log(p / m);
    if (q > 0) right += q * Math.log(q / m);
  }
  const js = (left + right) / Math.LN2 / 2;
  return Math.sqrt(Math.max(0, js));
}
