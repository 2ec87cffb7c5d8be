/**
 * One POST /score body of RAW rows in, one JSON answer out: the rows are typed as the training data's
 * source read them (raw-rows-to-table.ts), the model's scoring pipeline is replayed on them (the fitted
 * k-means, scaling, levels… of the training run, src/monitoring/scoring-pipeline.ts), and the prepared rows
 * are scored with drivers, exactly as `crispflow score` scores a raw CSV. Runs in the scoring worker.
 */
import { NodeError } from '../../core/errors.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { Column, Table } from '../../core/table/table.ts';
import { scoreWithDrivers } from '../../ml/explain/score-with-drivers.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { modelAcceptsMissing } from '../../ml/models/scorers.ts';
import { checkFeatures, MissingFeaturesError } from '../../monitoring/batch-audit.ts';
import { applyScoringPipeline, type ScoringPipeline } from '../../monitoring/scoring-pipeline.ts';
import { rawRowsToTable } from './raw-rows-to-table.ts';
import type { FieldProblem } from './rows-to-table.ts';
import { MAX_PROBLEMS_LISTED, modelInfo, requestRows, type ScoreAnswer, type ServedModel } from './score-request.ts';

const refusal = (problems: FieldProblem[], what: string) => ({
  status: 400,
  body: {
    error: `${problems.length} value${problems.length === 1 ? '' : 's'} in the rows ${what}; nothing was scored.`,
    problemCount: problems.length,
    problems: problems.slice(0, MAX_PROBLEMS_LISTED),
  },
});

const isMissingAt = (c: Column, i: number) => (c.type === 'category' ? c.codes[i] < 0 : c.type === 'text' ? c.values[i] === null : Number.isNaN(c.values[i]));

/** Model features each prepared row lacks (a missing raw value carried through the preparation). */
function missingFeatures(spec: FeaturizerSpec, table: Table): string[][] {
  const cols = spec.columns.map((f) => table.columns.find((c) => c.name === f.name)).filter((c): c is Column => !!c);
  return Array.from({ length: table.nRows }, (_, i) => cols.filter((c) => isMissingAt(c, i)).map((c) => c.name));
}

export async function scoreRawRequest(served: ServedModel & { scoring: ScoringPipeline }, registry: NodeRegistry, bytes: Uint8Array, maxRows: number): Promise<ScoreAnswer> {
  const parsed = requestRows(bytes, maxRows);
  if (!('rows' in parsed)) return parsed;
  const { rows } = parsed;
  const { model, scoring } = served;
  const spec = model.featurizer as FeaturizerSpec;
  const acceptsMissing = modelAcceptsMissing(model);
  const features = new Set(spec.columns.map((c) => c.name));
  const built = rawRowsToTable(rows, {
    columns: scoring.rawColumns ?? [],
    required: scoring.requiredColumns,
    // A feature taken straight from the raw data reaches a model that scores missing values itself.
    missingAllowed: (column) => acceptsMissing && features.has(column),
  });
  if (!built.table) return refusal(built.problems, 'do not fit the columns of the training data');

  let table: Table;
  try {
    const prepared = await applyScoringPipeline(scoring, registry, { name: 'request.json', bytes: new Uint8Array(0), table: built.table }, 'The request');
    checkFeatures(model, prepared.table, 'The prepared request');
    table = prepared.table;
  } catch (e) {
    // A node of the preparation refused these rows (its message names the node and the column).
    if (e instanceof NodeError || e instanceof MissingFeaturesError) return { status: 422, body: { error: e.message } };
    return { status: 500, body: { error: `Preparing the rows failed: ${(e as Error).message}` } };
  }
  const lacking = missingFeatures(spec, table);
  if (!acceptsMissing) {
    const problems: FieldProblem[] = [];
    lacking.forEach((names, i) => {
      for (const f of names) problems.push({ row: i + 1, field: f, message: `After preparation the model's input "${f}" is missing (the row lacks ${built.notes[i].missingColumns.names.map((c) => `"${c}"`).join(', ') || 'a value it needs'}); this model cannot score missing values.` });
    });
    if (problems.length) return refusal(problems, 'leave model inputs missing');
  }
  let scored;
  try {
    scored = scoreWithDrivers(model, table);
  } catch (e) {
    return { status: 500, body: { error: `Scoring failed: ${(e as Error).message}` } };
  }
  const results = scored.map((r, i) => ({ ...r, ...built.notes[i], missingFeatures: { count: lacking[i].length, names: lacking[i] } }));
  return {
    status: 200,
    body: {
      model: modelInfo(model),
      input: 'raw',
      preparedBy: scoring.steps.slice(1).map((s) => s.label ?? s.nodeId),
      rows: results.length,
      rowsLackingColumns: built.notes.filter((n) => n.missingColumns.count > 0).length,
      rowsLackingFeatures: lacking.filter((l) => l.length > 0).length,
      rowsOutOfRange: built.notes.filter((n) => n.outOfRange.length > 0).length,
      results,
    },
  };
}
