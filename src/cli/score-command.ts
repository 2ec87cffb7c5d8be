/**
 * crispflow score <model-version|model.json> --input <rows.csv> --out <scored.csv> [--registry <dir>]
 *                 [--id <column>] [--score-log <file.jsonl>] [--prepared]
 *
 * A raw input is prepared as the model's training run prepared its rows (the scoring pipeline saved with
 * the model, src/monitoring/scoring-pipeline.ts); --prepared scores an input that already holds the
 * model's input columns as it is.
 *
 * Batch scoring: every row of the input gets the model's score and predicted label (columns `score` and
 * `predicted` appended to the input's columns). With --score-log each row is also logged with the model
 * version and its id (monitoring/score-log.ts) so outcomes can be joined back later.
 * Exit codes: 0 scored, 2 bad usage (unknown model, unreadable input, missing model features: named).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { Model } from '../core/ports.ts';
import { cellValue, withColumns } from '../core/table/table.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { scoreTable } from '../ml/models/scorers.ts';
import { idColumn } from '../monitoring/outcomes.ts';
import { loadVersionModel, resolveModelVersion } from '../monitoring/registry-versions.ts';
import { readModelInput } from '../monitoring/run-monitor.ts';
import { appendScoreLog } from '../monitoring/score-log.ts';
import { EXIT } from './exit-codes.ts';
import { loadModelFile } from './model-file.ts';
import { usageProblem } from './monitor-command.ts';

export interface ScoreOptions {
  model?: string;
  input?: string;
  out?: string;
  registry?: string;
  id?: string;
  scoreLog?: string;
  /** The input already holds the model's input columns (prepared as in training): the model's scoring pipeline is not applied. */
  prepared?: boolean;
  /** Sharded scoring (issue 16, score-shards.ts): every --input, and "i/n". */
  inputs?: string[];
  shard?: string;
}

export async function scoreCommand(o: ScoreOptions): Promise<number> {
  if (o.shard !== undefined) {
    const { scoreShardCommand } = await import('./score-shards.ts');
    if (!o.model) return (console.error('Usage: crispflow score <model> --input <rows.csv>... --shard i/n --out <dir>'), EXIT.usage);
    return scoreShardCommand({ model: o.model, inputs: o.inputs ?? (o.input ? [o.input] : []), shard: o.shard, out: o.out, registry: o.registry });
  }
  if (o.inputs && o.inputs.length > 1) return (console.error('Several --input files are scored with --shard i/n (use --shard 1/1 for all of them in one process).'), EXIT.usage);
  if (!o.model || !o.input || !o.out) return (console.error('Usage: crispflow score <model>@v<N>|<model.json> --input <rows.csv> --out <scored.csv> [--registry <dir>] [--score-log <file.jsonl>]'), EXIT.usage);
  try {
    const registry = createBuiltinRegistry(); // installs the model scorers in this thread
    let model: Model;
    let name: string | undefined;
    let version: number | undefined;
    const isFile = o.model.endsWith('.json') && (await stat(o.model).then((s) => s.isFile(), () => false));
    if (isFile) {
      try {
        model = await loadModelFile(o.model);
      } catch (e) {
        // Not a model file, or a model kind this build cannot score: named, exit 2 (not an internal error).
        return (console.error((e as Error).message), EXIT.usage);
      }
    } else {
      const r = await resolveModelVersion(o.model, o.registry);
      model = await loadVersionModel(r);
      ({ name, version } = r.version);
    }
    // A raw input is prepared as in training (the model's scoring pipeline); a model without one reads it as it is.
    const input = await readModelInput(model, registry, o.input, 'The input', { prepared: o.prepared });
    for (const note of input.notes) console.error(note);
    const table = input.raw;
    const scores = scoreTable(model, input.table);
    const t = typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5;
    const predicted = Float64Array.from(scores, (s) => (s >= t ? 1 : 0));
    const out = withColumns(table, [
      { name: 'score', type: 'number', values: scores },
      { name: 'predicted', type: 'integer', values: predicted },
    ]);
    await writeFileAtomic(o.out, tableToCsv(out));
    if (o.scoreLog) {
      let id: ReturnType<typeof idColumn> | undefined;
      try {
        id = idColumn(table, o.id);
      } catch (e) {
        if (o.id) throw e;
        console.error(`warning: no id column found; the score log names rows by line number instead (--id <column> to choose one).`);
      }
      const at = new Date().toISOString();
      await appendScoreLog(
        o.scoreLog,
        Array.from(scores, (score, i) => ({
          at,
          model: { ...(name ? { name, version } : {}), fingerprint: model.fingerprint },
          id: id ? (cellValue(id, i) === null ? null : String(cellValue(id, i))) : `row ${i + 1}`,
          score,
          predicted: score >= t ? 1 : 0,
          source: 'score' as const,
        })),
      );
    }
    console.log(`Scored ${table.nRows} rows with ${name ? `${name}@v${version}` : path.basename(o.model)}: ${path.resolve(o.out)}${o.scoreLog ? ` (logged to ${o.scoreLog})` : ''}`);
    return EXIT.ok;
  } catch (e) {
    const problem = usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  }
}
