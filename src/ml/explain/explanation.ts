/**
 * The SHAP explanation document (port type `explanation`) that the Explain node produces and the SHAP
 * view, manager view and scoring endpoint read. Values are on `outputScale`: model output = expected
 * value + Σ contributions (log-odds for tree boosting and logistic regression; the score otherwise).
 */
import type { Document } from '../../core/ports.ts';

export interface ShapExplanationData {
  method: 'tree' | 'linear' | 'sampling';
  outputScale: 'log-odds' | 'probability';
  /** Slot names (source columns when grouped). */
  features: string[];
  rows: number;
  expectedValue: number;
  /** Row-major rows × features. */
  shap: Float64Array;
  /** Numeric value of each slot per row (NaN for categories and groups), row-major. */
  featureValues: Float64Array;
  /** For category slots, the label per row; null for numeric slots. */
  featureLabels: Array<Array<string | null> | null>;
  /** Row identifiers for display (the identifier column, else row numbers). */
  rowIds: string[];
  /** The model's score (probability) per explained row. */
  scores: Float64Array;
  /** Mean |SHAP| per slot, largest first. */
  importance: Array<{ feature: string; meanAbs: number }>;
  modelKind: string;
  /** e.g. "2 permutations per row (time budget)". */
  note?: string;
}

export interface ShapExplanation extends Document {
  kind: 'shap';
  data: ShapExplanationData & Record<string, unknown>;
}

export function isShapExplanation(d: unknown): d is ShapExplanation {
  return typeof d === 'object' && d !== null && (d as Document).kind === 'shap' && typeof (d as Document).data === 'object';
}

export function globalImportance(shap: Float64Array, rows: number, features: string[]): Array<{ feature: string; meanAbs: number }> {
  const k = features.length;
  const sums = new Float64Array(k);
  for (let i = 0; i < rows; i++) for (let g = 0; g < k; g++) sums[g] += Math.abs(shap[i * k + g]);
  return features.map((feature, g) => ({ feature, meanAbs: rows > 0 ? sums[g] / rows : 0 })).sort((a, b) => b.meanAbs - a.meanAbs);
}

/** Model output on the explanation's scale → probability. */
export function toProbability(scale: ShapExplanationData['outputScale'], value: number): number {
  return scale === 'log-odds' ? 1 / (1 + Math.exp(-value)) : value;
}
