/**
 * Per-entity window features over time-ordered records (e.g. each employee's quarterly surveys).
 * For each record, looking only at that entity's records up to and including it (no look-ahead):
 *  - lag:   the previous record's value;
 *  - delta: the change across the window, value now − value k−1 records back (or the oldest available
 *           record in the window when there are fewer; missing with a single record);
 *  - mean:  the mean of the last k values;
 *  - trend: the least-squares slope per record over the last k values (needs two).
 * Missing values are left out of mean/trend/delta; the output for a record is missing when too few
 * values remain.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, Table } from '../../core/table/table.ts';
import { groupRows, keyIds, requireColumn, requireDateColumn, sortGroupsByTime, uniqueName } from './gather.ts';

export const WINDOW_FEATURES = ['lag', 'delta', 'mean', 'trend'] as const;
export type WindowFeature = (typeof WINDOW_FEATURES)[number];

export interface WindowOptions {
  by: string[];
  orderBy: string;
  columns: string[];
  k: number;
  features: WindowFeature[];
}

export function windowFeatureName(column: string, f: WindowFeature, k: number): string {
  return f === 'lag' ? `${column}_lag1` : `${column}_${f}_${k}`;
}

export function windowFeatures(table: Table, o: WindowOptions): Table {
  if (!(o.k >= 2)) throw new NodeError(`The window must cover at least 2 records (got ${o.k}).`, { field: 'k' });
  const { ids, count } = keyIds([{ table, columns: o.by }]);
  const { start, order } = groupRows(ids[0], count);
  sortGroupsByTime(start, order, requireDateColumn(table, o.orderBy, 'Order', 'orderBy'));
  const n = table.nRows;
  const taken = new Set(table.columns.map((c) => c.name));
  const added: Column[] = [];
  const k = Math.floor(o.k);
  for (const name of o.columns) {
    const c = requireColumn(table, name, 'Feature', 'columns');
    if (c.type === 'category' || c.type === 'text') {
      throw new NodeError(`Window features need numbers, but "${name}" is ${c.type}. Choose numeric columns.`, { column: name, field: 'columns' });
    }
    const v = c.values;
    const outs = o.features.map(() => new Float64Array(n).fill(NaN));
    const lag = outs[o.features.indexOf('lag')];
    const delta = outs[o.features.indexOf('delta')];
    const mean = outs[o.features.indexOf('mean')];
    const trend = outs[o.features.indexOf('trend')];
    // One pass per group over its time-sorted rows; each record looks back over at most k records.
    for (let g = 0; g < count; g++) {
      const a = start[g];
      const b = start[g + 1];
      for (let p = a; p < b; p++) {
        const row = order[p];
        // Present values among the last k records (oldest first) and their positions in the window.
        let m = 0;
        let first = NaN;
        let sumX = 0;
        let sumY = 0;
        let sumXY = 0;
        let sumXX = 0;
        const from = p - k + 1 > a ? p - k + 1 : a;
        for (let q = from; q <= p; q++) {
          const y = v[order[q]];
          if (y !== y) continue;
          const x = q - from;
          if (m === 0) first = y;
          m++;
          sumX += x;
          sumY += y;
          sumXY += x * y;
          sumXX += x * x;
        }
        if (lag && p > a) lag[row] = v[order[p - 1]];
        if (delta && m >= 2 && v[row] === v[row]) delta[row] = v[row] - first;
        if (mean && m >= 1) mean[row] = sumY / m;
        if (trend && m >= 2) {
          const den = m * sumXX - sumX * sumX;
          if (den > 0) trend[row] = (m * sumXY - sumX * sumY) / den;
        }
      }
    }
    // A feature asked for twice gets its own copy of the values.
    o.features.forEach((f, fi) => {
      const firstIndex = o.features.indexOf(f);
      if (firstIndex !== fi) outs[fi] = outs[firstIndex].slice();
    });
    o.features.forEach((f, fi) => {
      const outName = uniqueName(windowFeatureName(name, f, k), taken, '_2');
      taken.add(outName);
      added.push({ name: outName, type: 'number', values: outs[fi] });
    });
  }
  return { ...table, columns: [...table.columns, ...added] };
}
