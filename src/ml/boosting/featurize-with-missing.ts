/**
 * The shared featurizer (src/ml/features) refuses missing values, which is right for linear models.
 * Gradient boosting handles them natively, so this builds the same design matrix but keeps NaN in
 * numeric columns and gives a missing category all-zero indicators (as an unseen category).
 */
import type { Column, Table } from '../../core/table/table.ts';
import { applyFeaturizer, type FeatureMatrix, type FeaturizerSpec } from '../features/featurizer.ts';

const MISSING_CATEGORY = '\u0000missing';

export function applyFeaturizerKeepingMissing(spec: FeaturizerSpec, table: Table): FeatureMatrix {
  const missingRows = new Map<string, number[]>();
  const columns = table.columns.map((c): Column => {
    if (!spec.columns.some((s) => s.name === c.name)) return c;
    if (c.type === 'category') {
      let missing = -1;
      for (let i = 0; i < table.nRows; i++) if (c.codes[i] < 0) missing = i;
      if (missing < 0) return c;
      const k = c.categories.length;
      const codes = Int32Array.from(c.codes, (v) => (v < 0 ? k : v));
      return { ...c, codes, categories: [...c.categories, MISSING_CATEGORY] };
    }
    if (c.type === 'text') return c;
    const rows: number[] = [];
    for (let i = 0; i < table.nRows; i++) if (c.values[i] !== c.values[i]) rows.push(i);
    if (rows.length === 0) return c;
    missingRows.set(c.name, rows);
    const values = Float64Array.from(c.values, (v) => (v !== v ? 0 : v));
    return { ...c, values };
  });
  const m = applyFeaturizer(spec, { ...table, columns });
  if (missingRows.size > 0) {
    let offset = 0;
    for (const s of spec.columns) {
      if (s.kind === 'numeric') {
        for (const i of missingRows.get(s.name) ?? []) m.X[i * m.d + offset] = NaN;
        offset += 1;
      } else offset += s.categories.length - (s.dropFirst ? 1 : 0);
    }
  }
  return m;
}
