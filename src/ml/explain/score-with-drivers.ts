/**
 * Scores table rows with a model and explains each with its top drivers (exact SHAP: TreeSHAP or
 * linear). Shared by the scoring endpoint and the manager view's what-if; pure, no Node or DOM APIs.
 */
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { createRng } from '../../core/rng.ts';
import type { FeaturizerSpec } from '../features/featurizer.ts';
import { featurizeForModel, scoreMatrix } from '../models/scorers.ts';
import { defaultMethod, explainMatrix } from './explain-model.ts';
import { featureGroups } from './feature-groups.ts';
import { topDrivers, type Driver } from './plain-language.ts';

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

export interface ScoredRow {
  score: number;
  predicted: 0 | 1;
  drivers: Driver[];
}

export function scoreWithDrivers(model: Model, table: Table, topK = 3): ScoredRow[] {
  const spec = model.featurizer as FeaturizerSpec;
  const m = featurizeForModel(model, table);
  const scores = scoreMatrix(model, m);
  const groups = featureGroups(spec, model.featureNames, true, table.sparse?.source);
  const method = defaultMethod(model);
  const threshold = typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5;
  // Exact explanations only (tree / linear); sampling would need training rows as background.
  const shap = method === 'sampling' ? undefined : explainMatrix(model, m, groups.groupOf, groups.names.length, { method, rng: createRng(1), timeBudgetMs: 0, backgroundRows: 1 });
  const k = groups.names.length;
  return Array.from({ length: table.nRows }, (_, i) => {
    const values = groups.columns.map((name) => {
      const c = name ? table.columns.find((x) => x.name === name) : undefined;
      if (!c) return null;
      if (c.type === 'category') return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
      if (c.type === 'text') return c.values[i];
      const v = c.values[i];
      return Number.isNaN(v) ? null : c.type === 'date' ? v / MS_PER_YEAR : v;
    });
    return {
      score: scores[i],
      predicted: scores[i] >= threshold ? 1 : 0,
      drivers: shap ? topDrivers(groups.names, shap.values.subarray(i * k, i * k + k), values, topK, true) : [],
    };
  });
}
