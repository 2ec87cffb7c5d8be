/**
 * The shapes human review passes around: the request a review node suspends with (what people must
 * decide), the decisions that resume it, and the review document it outputs. Plain JSON, so they cross
 * threads, go into run-state files and IndexedDB unchanged.
 */
export type Recommendation = 'recommend' | 'not-recommend';
export type DecisionKind = 'accept' | 'override';

export interface ReviewDriver {
  feature: string;
  /** Contribution to the score (SHAP value on the model's scale); sign = direction. */
  contribution: number;
}

export interface ReviewItem {
  itemId: string;
  /** Row in the node's predictions input. */
  row: number;
  recommendation: Recommendation;
  score: number;
  /** Value of the group column (protected attribute), for per-group override rates. */
  group?: string;
  /** Top explanation drivers, largest |contribution| first (when an explanation is connected). */
  drivers?: ReviewDriver[];
}

export interface FairnessContext {
  attribute: string;
  privileged?: string;
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
  groups: Array<{ group: string; n: number; selectionRate: number | null }>;
  warnings: string[];
}

export interface ReviewRequest {
  kind: 'review-request';
  nodeId: string;
  title: string;
  itemColumn: string;
  groupColumn?: string;
  threshold: number;
  hideScore: boolean;
  fourEyes: boolean;
  items: ReviewItem[];
  fairness?: FairnessContext;
  /** Items already decided (a partial batch was applied): not asked again. */
  decided: string[];
}

export interface ReviewDecision {
  itemId: string;
  decision: DecisionKind;
  /** Mandatory for overrides. */
  reason: string;
  reviewer: string;
  /** Four-eyes mode: the second reviewer, who agreed. */
  secondReviewer?: string;
  /** The outcome after review: the model's recommendation (accept) or its opposite (override). */
  finalDecision: Recommendation;
  /** The reviewer's own assessment written before seeing the score (hide-score mode). */
  assessment?: string;
  at?: string;
}

export interface ReviewHalt {
  by: string;
  reason: string;
  at: string;
}

/** What resumes a review node (RunOptions.decisions[nodeId]). */
export interface ReviewDecisions {
  decisions: ReviewDecision[];
  /** Someone pressed stop: the pipeline must not be used; the node fails with this on the record. */
  halted?: ReviewHalt;
}

export interface RateRow {
  key: string;
  decided: number;
  overridden: number;
  overrideRate: number;
}

export const flip = (r: Recommendation): Recommendation => (r === 'recommend' ? 'not-recommend' : 'recommend');
