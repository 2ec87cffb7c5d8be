/**
 * A batch as a model needs it. A model saved with a scoring pipeline gets the raw batch replayed through
 * the preparation of its training run (scoring-pipeline.ts); a model saved without one (older versions)
 * reads the batch as it is. A model whose preparation cannot be replayed refuses a raw batch, naming the
 * node: its columns may carry the same names as the model's input but not the same values (a repaired or
 * reviewed column), so only a batch declared prepared (`prepared`, the CLI's --prepared) is scored as it
 * is. Pure (no Node APIs): the CLI and the browser's monitoring worker use it.
 */
import type { Model } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { Table } from '../core/table/table.ts';
import { parseCsv } from '../io/csv.ts';
import { checkFeatures } from './batch-audit.ts';
import { applyScoringPipeline, isRefused, ScoringPipelineError, scoringInfoOf, type RawBatch } from './scoring-pipeline.ts';

export interface ModelInput {
  /** The model's input, one row per batch row. */
  table: Table;
  /** The batch as read (ids, protected attribute, dates, outcomes). */
  raw: Table;
  /** How it was prepared, for people. */
  notes: string[];
}

const utf8 = new TextDecoder();

/** The model's input for `batch`. `what` names the batch in errors ("The batch q3.csv"). */
export async function prepareModelInput(model: Model, registry: NodeRegistry, batch: RawBatch, what: string, o: { prepared?: boolean } = {}): Promise<ModelInput> {
  const info = scoringInfoOf(model);
  if (info && !isRefused(info) && !o.prepared) {
    const prepared = await applyScoringPipeline(info, registry, batch, what);
    checkFeatures(model, prepared.table, what);
    const names = info.steps.slice(1).map((s) => s.label ?? s.nodeId);
    return { table: prepared.table, raw: prepared.raw, notes: names.length ? [`${what}: prepared as in training (${names.join(' → ')}).`] : [] };
  }
  const raw = parseCsv(utf8.decode(batch.bytes)).table;
  if (raw.nRows === 0) throw new ScoringPipelineError(`${what} has no rows.`);
  if (info && isRefused(info) && !o.prepared) {
    throw new ScoringPipelineError(`${what} cannot be prepared for this model: ${info.refused.reason} (A batch that already holds the model's input, prepared as in training, is scored with --prepared.)`);
  }
  checkFeatures(model, raw, what);
  return { table: raw, raw, notes: info ? [`${what} is taken as prepared (the model's input columns as in training): its scoring pipeline is not applied.`] : [] };
}
