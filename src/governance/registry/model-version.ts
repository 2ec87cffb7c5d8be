/**
 * Model versions: each trained model kept with its version number, training-data fingerprint, params,
 * metrics and fairness report, so two versions can be compared and a model card written. Plain JSON
 * (no weights): the registry is the record, the model itself stays in its run.
 */
import type { FairnessReport, Model } from '../../core/ports.ts';
import type { BusinessNote } from '../../lessons/business-note.ts';

export interface GroupMetrics {
  group: string;
  n: number;
  selectionRate: number | null;
  tpr: number | null;
  fpr: number | null;
}

export interface FairnessSummary {
  attribute: string;
  privileged?: string;
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
  equalOpportunityDifference: number | null;
  averageOddsDifference: number | null;
  equalizedOddsDifference: number | null;
  groups: GroupMetrics[];
  warnings: string[];
}

export interface ModelVersion {
  id: string;
  /** The model's name in the registry (e.g. "Promotion model"); versions count per name. */
  name: string;
  version: number;
  createdAt: string;
  kind: string;
  /** Hash of training data and params (Model.fingerprint). */
  fingerprint: string;
  trainingData: { fingerprint: string; rows?: number; datasets?: Record<string, string | null>; description?: string };
  params: Record<string, unknown>;
  features: string[];
  target: { column: string; positive: string };
  metrics: Record<string, number | null>;
  /** Where the metrics come from when not from the model's own held-out predictions. */
  metricsSource?: 'cross-validated';
  fairness?: FairnessSummary[];
  pipeline?: { name: string; hash?: string; nodeId?: string };
  /** The pipeline's business-understanding note (objective, success criteria…), quoted by the model card. */
  business?: BusinessNote;
  /** Set by retrain/approve (src/monitoring/stages.ts); absent in registries written before stages. */
  stage?: 'champion' | 'challenger' | 'retired';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function summarizeFairness(r: FairnessReport): FairnessSummary {
  return {
    attribute: String(r.attribute),
    ...(r.privileged !== undefined ? { privileged: String(r.privileged) } : {}),
    disparateImpact: num(r.disparateImpact),
    statisticalParityDifference: num(r.statisticalParityDifference),
    equalOpportunityDifference: num(r.equalOpportunityDifference),
    averageOddsDifference: num(r.averageOddsDifference),
    equalizedOddsDifference: num(r.equalizedOddsDifference),
    groups: (r.groups ?? []).map((g) => ({ group: String(g.group), n: Number(g.n) || 0, selectionRate: num(g.selectionRate), tpr: num(g.tpr), fpr: num(g.fpr) })),
    warnings: (r.warnings ?? []).map(String),
  };
}

/** Next version number for `name`: one more than the highest so far. */
export function nextVersionNumber(existing: Array<Pick<ModelVersion, 'name' | 'version'>>, name: string): number {
  return existing.filter((v) => v.name === name).reduce((m, v) => Math.max(m, v.version), 0) + 1;
}

/** Params as JSON (typed arrays and non-finite numbers are not params; dropped or nulled). */
function jsonParams(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p ?? {})) {
    if (ArrayBuffer.isView(v) || typeof v === 'function') continue;
    out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  }
  return out;
}

/**
 * A version record for a trained model. Re-registering the same fingerprint under the same name
 * returns the existing version (a re-run of identical training is not a new model).
 */
export function registerModelVersion(
  existing: ModelVersion[],
  args: {
    name: string;
    model: Model;
    metrics?: Record<string, number | null | undefined>;
    metricsSource?: ModelVersion['metricsSource'];
    fairness?: FairnessReport[];
    trainingData?: Partial<ModelVersion['trainingData']>;
    pipeline?: ModelVersion['pipeline'];
    business?: BusinessNote;
    now?: Date;
  },
): { version: ModelVersion; created: boolean } {
  const same = existing.find((v) => v.name === args.name && v.fingerprint === args.model.fingerprint);
  if (same) return { version: same, created: false };
  const version = nextVersionNumber(existing, args.name);
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries({ ...(args.model.metrics ?? {}), ...(args.metrics ?? {}) })) metrics[k] = num(v);
  const record: ModelVersion = {
    id: `${args.name}@${version}`,
    name: args.name,
    version,
    createdAt: (args.now ?? new Date()).toISOString(),
    kind: args.model.kind,
    fingerprint: args.model.fingerprint,
    trainingData: { fingerprint: args.model.fingerprint, ...args.trainingData },
    params: jsonParams(args.model.hyperParams),
    features: args.model.featureNames.slice(),
    target: { ...args.model.target },
    metrics,
    ...(args.metricsSource ? { metricsSource: args.metricsSource } : {}),
    ...(args.fairness?.length ? { fairness: args.fairness.map(summarizeFairness) } : {}),
    ...(args.pipeline ? { pipeline: args.pipeline } : {}),
    ...(args.business ? { business: args.business } : {}),
  };
  return { version: record, created: true };
}
