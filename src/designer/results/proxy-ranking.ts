/**
 * The proxy-detection report as display rows: features ranked by how well they reveal the protected
 * attribute, with rounded figures and a strength flag. Pure, so the ranking rules are tested without a DOM.
 */

export type ProxyStrength = 'strong' | 'possible' | 'none';

export interface ProxyRow {
  feature: string;
  /** Best one-vs-rest AUC over the groups (0.5 = reveals nothing). */
  auc: number;
  worstGroup: string;
  /** Normalised mutual information, 0 (independent) to 1 (determines the group). */
  nmi: number;
  strength: ProxyStrength;
  /** Bar length 0–1: AUC rescaled from 0.5 (nothing) to 1 (perfect). */
  bar: number;
}

export interface ProxyRanking {
  protectedColumns: string[];
  aucThreshold: number;
  miThreshold: number;
  rows: ProxyRow[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/**
 * Strong when both signals reach their thresholds (the feature predicts the group AND shares much of
 * its information), possible when one does.
 */
export function proxyStrength(auc: number, nmi: number, aucThreshold: number, miThreshold: number): ProxyStrength {
  const byAuc = auc >= aucThreshold;
  const byMi = nmi >= miThreshold;
  return byAuc && byMi ? 'strong' : byAuc || byMi ? 'possible' : 'none';
}

/** Reads a proxy-detection document's data; undefined when it is not one (e.g. a summary after reload). */
export function proxyRankingOf(data: unknown): ProxyRanking | undefined {
  if (!isObject(data) || !Array.isArray(data.features)) return undefined;
  const aucThreshold = num(data.aucThreshold);
  const miThreshold = num(data.miThreshold);
  const rows: ProxyRow[] = [];
  for (const f of data.features) {
    if (!isObject(f) || typeof f.feature !== 'string') return undefined;
    const auc = num(f.maxGroupAuc);
    const nmi = num(f.normalizedMutualInformation);
    rows.push({
      feature: f.feature,
      auc,
      worstGroup: typeof f.worstGroup === 'string' ? f.worstGroup : '',
      nmi,
      strength: proxyStrength(auc, nmi, aucThreshold, miThreshold),
      bar: Number.isFinite(auc) ? Math.min(1, Math.max(0, (auc - 0.5) / 0.5)) : 0,
    });
  }
  const rank = (r: ProxyRow) => (r.strength === 'strong' ? 2 : r.strength === 'possible' ? 1 : 0);
  rows.sort((a, b) => rank(b) - rank(a) || (b.auc || 0) - (a.auc || 0) || b.nmi - a.nmi);
  const protectedColumns = Array.isArray(data.protected) ? data.protected.filter((p): p is string => typeof p === 'string') : [];
  return { protectedColumns, aucThreshold, miThreshold, rows };
}

/** Two decimals: the figures are estimates, more digits only suggest precision they do not have. */
export function round2(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : '—';
}
