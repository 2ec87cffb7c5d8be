/**
 * Groups a model's features back to the table columns they came from, using the featurizer spec:
 * a numeric column is one feature, a one-hot column's indicators form one group, and the sparse text
 * block's tokens form one group named after its source column. SHAP values of a group add up.
 */
import type { FeaturizerSpec } from '../features/featurizer.ts';

export interface FeatureGroups {
  /** Output slot of every model feature (dense first, then sparse). */
  groupOf: Int32Array;
  /** Slot names: source column names (grouped) or feature names. */
  names: string[];
  /** For each slot, the table column whose values describe it (for display), or null. */
  columns: Array<string | null>;
}

export function featureGroups(spec: FeaturizerSpec, featureNames: string[], grouped: boolean, sparseSource?: string): FeatureGroups {
  const groupOf = new Int32Array(featureNames.length);
  const names: string[] = [];
  const columns: Array<string | null> = [];
  let f = 0;
  for (const c of spec.columns) {
    const width = c.kind === 'numeric' ? 1 : c.categories.length - (c.dropFirst ? 1 : 0);
    if (grouped || c.kind === 'numeric') {
      names.push(c.name);
      columns.push(c.name);
      for (let k = 0; k < width; k++) groupOf[f++] = names.length - 1;
    } else {
      for (let k = 0; k < width; k++) {
        names.push(featureNames[f]);
        columns.push(c.name);
        groupOf[f++] = names.length - 1;
      }
    }
  }
  if (spec.sparse) {
    // Thousands of token columns are always grouped: one slot for the text they came from.
    names.push(sparseSource ?? spec.sparse.name);
    columns.push(sparseSource ?? null);
    for (let k = 0; k < spec.sparse.nCols; k++) groupOf[f++] = names.length - 1;
  }
  return { groupOf, names, columns };
}
