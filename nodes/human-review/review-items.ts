/**
 * Builds review items from a predictions table: one per row (or per recommended row), with the
 * recommendation at the review threshold, the score, the row's group and its top explanation drivers.
 */
import { NodeError } from '../../src/core/errors.ts';
import type { Document, FairnessReport } from '../../src/core/ports.ts';
import { cellValue, type Column, type Table } from '../../src/core/table/table.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import type { FairnessContext, ReviewDriver, ReviewItem } from './types.ts';

export interface ItemOptions {
  itemColumn: string;
  groupColumn: string;
  threshold: number;
  scope: 'all' | 'recommended';
  topDrivers: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function column(t: Table, name: string, field: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `Column "${name}" is not in the predictions. Choose one of: ${t.columns.map((x) => x.name).join(', ')}.`,
      { column: name, field },
    );
  }
  return c;
}

/** Item ids: the id column's values as text (row numbers from 1 when no column is chosen); must be unique. */
export function itemIds(t: Table, itemColumn: string): string[] {
  const ids = new Array<string>(t.nRows);
  if (!itemColumn) {
    for (let i = 0; i < t.nRows; i++) ids[i] = String(i + 1);
    return ids;
  }
  const c = column(t, itemColumn, 'itemColumn');
  const seen = new Map<string, number>();
  for (let i = 0; i < t.nRows; i++) {
    const v = cellValue(c, i);
    if (v === null || v === '') {
      throw new NodeError(`Row ${i + 1} has no value in the item id column "${itemColumn}". Every reviewed person needs an id.`, { row: i, column: itemColumn });
    }
    const id = String(v);
    const before = seen.get(id);
    if (before !== undefined) {
      throw new NodeError(
        `Item id "${id}" appears in rows ${before + 1} and ${i + 1} of column "${itemColumn}". Choose a column that identifies each person once.`,
        { row: i, column: itemColumn },
      );
    }
    seen.set(id, i);
    ids[i] = id;
  }
  return ids;
}

/**
 * Per-row explanation drivers from an explanation document. Accepts the shapes explanation nodes
 * produce: `data.values` or `data.shap` (row-major n × d, one row per predictions row) with `data.featureNames`
 * (or `names`/`features`), or `data.rows`/`data.local`: a list of `{ row?, contributions }` where
 * contributions are `{ feature: value }` or `[{ feature, value|contribution|shap }]`.
 */
export function explanationDrivers(explanation: Document | undefined, nRows: number, top: number): Array<ReviewDriver[] | undefined> {
  const out = new Array<ReviewDriver[] | undefined>(nRows).fill(undefined);
  const data = explanation?.data as Record<string, unknown> | undefined;
  if (!data || top <= 0) return out;
  const pickTop = (pairs: ReviewDriver[]) =>
    pairs
      .filter((p) => Number.isFinite(p.contribution))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
      .slice(0, top);
  const names = (data.featureNames ?? data.names ?? data.features) as unknown;
  // `shap` is what the explain node (src/ml/explain/explanation.ts, kind 'shap') calls the row-major values.
  const values = (data.values ?? data.shap) as ArrayLike<number> | undefined;
  if (Array.isArray(names) && values && typeof values.length === 'number') {
    const d = names.length;
    const n = d > 0 ? Math.floor(values.length / d) : 0;
    const rowIndex = (data.rowIndex ?? data.rowIndices) as ArrayLike<number> | undefined;
    for (let r = 0; r < n; r++) {
      const target = rowIndex ? rowIndex[r] : r;
      if (!(target >= 0 && target < nRows)) continue;
      const pairs: ReviewDriver[] = [];
      for (let j = 0; j < d; j++) pairs.push({ feature: String(names[j]), contribution: values[r * d + j] });
      out[target] = pickTop(pairs);
    }
    return out;
  }
  const rows = (data.rows ?? data.local) as unknown;
  if (Array.isArray(rows)) {
    rows.forEach((entry, k) => {
      const e = entry as { row?: number; contributions?: unknown };
      const target = typeof e.row === 'number' ? e.row : k;
      if (!(target >= 0 && target < nRows)) return;
      const c = e.contributions;
      let pairs: ReviewDriver[] = [];
      if (Array.isArray(c)) {
        pairs = c.map((p: Record<string, unknown>) => ({
          feature: String(p.feature ?? p.name),
          contribution: Number(p.contribution ?? p.value ?? p.shap),
        }));
      } else if (c && typeof c === 'object') {
        pairs = Object.entries(c as Record<string, unknown>).map(([feature, v]) => ({ feature, contribution: Number(v) }));
      }
      out[target] = pickTop(pairs);
    });
  }
  return out;
}

export function fairnessContext(report: FairnessReport | undefined): FairnessContext | undefined {
  if (!report || !Array.isArray(report.groups)) return undefined;
  return {
    attribute: String(report.attribute),
    ...(report.privileged !== undefined ? { privileged: String(report.privileged) } : {}),
    disparateImpact: num(report.disparateImpact),
    statisticalParityDifference: num(report.statisticalParityDifference),
    groups: report.groups.map((g) => ({ group: String(g.group), n: Number(g.n) || 0, selectionRate: num(g.selectionRate) })),
    warnings: Array.isArray(report.warnings) ? report.warnings.map(String) : [],
  };
}

/** The items to review, in row order. */
export function buildItems(
  predictions: Table,
  o: ItemOptions,
  explanation?: Document,
): { items: ReviewItem[]; groupColumn?: string } {
  const { score: scoreName } = predictionColumns(predictions);
  if (!scoreName) {
    throw new NodeError('The input has no score column. Connect the predictions output of a model (it adds "score", "predicted" and "actual").', {
      field: 'predictions',
    });
  }
  const scoreCol = column(predictions, scoreName, 'predictions');
  if (scoreCol.type === 'category' || scoreCol.type === 'text') {
    throw new NodeError(`Column "${scoreName}" must hold numeric scores.`, { column: scoreName });
  }
  const ids = itemIds(predictions, o.itemColumn);
  const groupCol = o.groupColumn ? column(predictions, o.groupColumn, 'groupColumn') : undefined;
  const drivers = explanationDrivers(explanation, predictions.nRows, o.topDrivers);
  const items: ReviewItem[] = [];
  for (let i = 0; i < predictions.nRows; i++) {
    const score = scoreCol.values[i];
    if (Number.isNaN(score)) {
      throw new NodeError(`Row ${i + 1} (item "${ids[i]}") has no score. Impute or filter missing values before the model.`, { row: i, column: scoreName });
    }
    const recommendation = score >= o.threshold ? 'recommend' : 'not-recommend';
    if (o.scope === 'recommended' && recommendation !== 'recommend') continue;
    const item: ReviewItem = { itemId: ids[i], row: i, recommendation, score };
    if (groupCol) {
      const g = cellValue(groupCol, i);
      if (g !== null) item.group = String(g);
    }
    if (drivers[i]) item.drivers = drivers[i];
    items.push(item);
  }
  return { items, ...(groupCol ? { groupColumn: groupCol.name } : {}) };
}
