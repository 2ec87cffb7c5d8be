/**
 * JSON summaries of port values for the CLI's summary.json (DESIGN.md, "Headless CLI contract") and
 * for compact previews: scalars only, never the data itself. Non-finite numbers become null.
 */
import type { Document, FairnessReport, Metrics, Model, PortType } from '../core/ports.ts';
import type { Table } from '../core/table/table.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type Summary = { [k: string]: JsonValue };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const METRIC_KEYS = ['auc', 'precision', 'recall', 'f1', 'accuracy'] as const;

function summarizeMetrics(m: Metrics): Summary {
  const values = isObject(m.values) ? m.values : {};
  const out: Summary = { kind: m.kind ?? 'other' };
  for (const k of METRIC_KEYS) if (k in values) out[k] = num(values[k]);
  if (m.threshold !== undefined) out.threshold = num(m.threshold);
  // Any other scalar metrics (e.g. cross-validation means, silhouette) follow.
  for (const [k, v] of Object.entries(values)) if (!(k in out) && typeof v === 'number') out[k] = num(v);
  if (isObject(m.confusion)) {
    const c = m.confusion;
    out.confusion = { tp: num(c.tp), fp: num(c.fp), tn: num(c.tn), fn: num(c.fn) };
  }
  if (Array.isArray(m.folds)) out.folds = m.folds.length;
  return out;
}

const FAIRNESS_KEYS = [
  'disparateImpact',
  'statisticalParityDifference',
  'equalOpportunityDifference',
  'averageOddsDifference',
  'equalizedOddsDifference',
] as const;

function summarizeFairness(f: FairnessReport): Summary {
  const groups: Summary = {};
  for (const g of Array.isArray(f.groups) ? f.groups : []) {
    groups[String(g.group)] = { n: num(g.n), selectionRate: num(g.selectionRate), tpr: num(g.tpr), fpr: num(g.fpr) };
  }
  const out: Summary = { attribute: f.attribute ?? null };
  if (f.privileged !== undefined) out.privileged = f.privileged;
  if (f.favorable !== undefined) out.favorable = f.favorable;
  out.groups = groups;
  for (const k of FAIRNESS_KEYS) out[k] = num(f[k]);
  if (Array.isArray(f.warnings) && f.warnings.length > 0) out.warnings = f.warnings.map(String);
  return out;
}

function summarizeTable(t: Table): Summary {
  const columns = Array.isArray(t.columns) ? t.columns : [];
  const out: Summary = {
    rows: num(t.nRows),
    columns: columns.length,
    names: columns.map((c) => c.name),
    types: Object.fromEntries(columns.map((c) => [c.name, c.type])),
  };
  const roles = columns.filter((c) => c.role).map((c) => [c.name, c.role as string] as const);
  if (roles.length > 0) out.roles = Object.fromEntries(roles);
  if (t.weights) out.weighted = true;
  if (t.sparse) out.sparse = { name: t.sparse.name, features: num(t.sparse.nCols) };
  return out;
}

function summarizeModel(m: Model): Summary {
  const out: Summary = {
    kind: m.kind ?? null,
    features: Array.isArray(m.featureNames) ? m.featureNames.length : 0,
  };
  if (isObject(m.target)) out.target = { column: String(m.target.column), positive: String(m.target.positive) };
  if (m.fingerprint) out.fingerprint = m.fingerprint;
  if (isObject(m.metrics)) out.metrics = Object.fromEntries(Object.entries(m.metrics).map(([k, v]) => [k, num(v)]));
  return out;
}

function summarizeDocument(d: Document): Summary {
  const out: Summary = { kind: typeof d.kind === 'string' ? d.kind : 'document' };
  if (typeof d.title === 'string') out.title = d.title;
  return out;
}

/** A small JSON summary of one output value, by its port type. */
export function summarizeOutput(portType: PortType, value: unknown): Summary {
  if (!isObject(value)) return { kind: portType, empty: true };
  switch (portType) {
    case 'table':
    case 'predictions':
      return summarizeTable(value as unknown as Table);
    case 'metrics':
      return summarizeMetrics(value as unknown as Metrics);
    case 'fairness':
      return summarizeFairness(value as unknown as FairnessReport);
    case 'model':
      return summarizeModel(value as unknown as Model);
    default:
      return summarizeDocument(value as unknown as Document);
  }
}
