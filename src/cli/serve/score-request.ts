/**
 * One POST /score body in, one JSON answer out: parse, check the shape and the row cap, validate every
 * row against the training schema, score with drivers, and add per-row notes. Pure and synchronous; it
 * runs inside the scoring worker (score-worker.ts), never on the thread that answers HTTP.
 */
import type { Model } from '../../core/ports.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { scoreWithDrivers } from '../../ml/explain/score-with-drivers.ts';
import { modelAcceptsMissing } from '../../ml/models/scorers.ts';
import { isRowObject, rowsToTable } from './rows-to-table.ts';
import { rowNotes } from './row-notes.ts';
import type { TrainingRanges } from './training-ranges.ts';
import type { ServeScoreLog } from '../../monitoring/serve-score-log.ts';
import type { ScoringPipeline } from '../../monitoring/scoring-pipeline.ts';

/** The model as served, with what serve knows about its training data. */
export interface ServedModel {
  model: Model;
  ranges?: TrainingRanges;
  /** Why `ranges` is absent; repeated in every answer so nobody mistakes "no flags" for "in range". */
  rangesNote?: string;
  /** serve --score-log: where each scored row is logged with the model and its id (issue 15). */
  scoreLog?: ServeScoreLog;
  /**
   * The model's scoring pipeline, replayed on the posted rows (raw columns in, score-raw-request.ts);
   * absent with --prepared and for models saved without one (rows are the model's input as they are).
   */
  scoring?: ScoringPipeline;
}

export interface ScoreAnswer {
  status: number;
  body: unknown;
}

/** Beyond this many, problems are counted but not listed (a 10,000-row request could have 100,000). */
export const MAX_PROBLEMS_LISTED = 200;

export const modelInfo = (model: Model) => ({ kind: model.kind, target: model.target, fingerprint: model.fingerprint, trainedAt: model.trainedAt ?? null });

const decoder = new TextDecoder('utf-8', { fatal: true });

export function rowCapMessage(maxRows: number, got: number): string {
  return `At most ${maxRows} rows per request (got ${got}). Split the rows into requests of at most ${maxRows}, or start the server with a larger --max-rows.`;
}

/** The rows of a request body, or the answer refusing it (not UTF-8 JSON, no rows, too many rows). */
export function requestRows(bytes: Uint8Array, maxRows: number): { rows: unknown[] } | ScoreAnswer {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { status: 400, body: { error: 'The body is not valid UTF-8 text. Send the rows as UTF-8 JSON.' } };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { status: 400, body: { error: `The body is not valid JSON: ${(e as Error).message}. Send { "rows": [ { column: value, … } ] }.` } };
  }
  const rows = Array.isArray(body) ? body : isRowObject(body) ? body.rows : undefined;
  if (!Array.isArray(rows)) return { status: 400, body: { error: 'Send { "rows": [ { column: value, … } ] } or a JSON array of rows.' } };
  if (rows.length === 0) return { status: 400, body: { error: 'No rows to score: "rows" is empty.' } };
  if (rows.length > maxRows) return { status: 413, body: { error: rowCapMessage(maxRows, rows.length), maxRows } };
  return { rows };
}

/** Scores rows that already hold the model's input (serve --prepared, and models saved without a scoring pipeline). */
export function scoreRequest(served: ServedModel, bytes: Uint8Array, maxRows: number): ScoreAnswer {
  const parsed = requestRows(bytes, maxRows);
  if (!('rows' in parsed)) return parsed;
  const { rows } = parsed;
  const { model } = served;
  const spec = model.featurizer as FeaturizerSpec;
  if (spec.sparse) {
    return {
      status: 422,
      body: { error: `This model also uses the text features "${spec.sparse.name}" (e.g. TF-IDF), which /score cannot build from JSON rows. Serve a model trained on table columns only.` },
    };
  }
  const { table, problems } = rowsToTable(spec, rows, modelAcceptsMissing(model));
  if (!table) {
    return {
      status: 400,
      body: {
        error: `${problems.length} value${problems.length === 1 ? '' : 's'} in the rows do not match the columns the model was trained on; nothing was scored.`,
        problemCount: problems.length,
        problems: problems.slice(0, MAX_PROBLEMS_LISTED),
      },
    };
  }
  let scored;
  try {
    scored = scoreWithDrivers(model, table);
  } catch (e) {
    return { status: 500, body: { error: `Scoring failed: ${(e as Error).message}` } };
  }
  const notes = rowNotes(spec, served.ranges, rows as Record<string, unknown>[], table);
  const results = scored.map((r, i) => ({ ...r, ...notes[i] }));
  return {
    status: 200,
    body: {
      model: modelInfo(model),
      rows: results.length,
      rowsLackingFeatures: notes.filter((n) => n.missingFeatures.count > 0).length,
      rowsOutOfRange: served.ranges ? notes.filter((n) => n.outOfRange!.length > 0).length : null,
      ...(served.rangesNote ? { notes: [served.rangesNote] } : {}),
      results,
    },
  };
}
