/**
 * crispflow retrain <pipeline.json> --champion <model-version> --data <newest.csv|dir> [--holdout <csv>]
 *                   [--registry <dir>] [--out <dir>] [--requester <name>] [--protected <col>] [--privileged <group>]
 *
 * Trains a challenger with the same pipeline on the newest data, compares it with the champion on the same
 * recent holdout (AUC, Brier, selection and impact ratio with bootstrap intervals, side by side), writes
 * the report beside the challenger (<registry>/<model>/v<N>/challenger-report.md and .json) and marks the
 * version as challenger in the registry (audited with the requester). Promotion is a separate, human step:
 * `crispflow approve` by someone else.
 *
 * The holdout: --holdout <csv> when given (the newest data then trains in full); otherwise, with --data a
 * CSV file, its rows are split by a hash of the row id (about 20% held out, the same rows every time), the
 * challenger trains on the rest and neither model has seen the holdout. A folder for --data needs --holdout.
 *
 * Exit codes: 0 challenger registered, 1 the run failed or the challenger equals the champion, 2 bad usage.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { cellValue, takeRows, type Table } from '../core/table/table.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { compareOnHoldout, comparisonMarkdown } from '../monitoring/champion-challenger.ts';
import { scoreTable } from '../ml/models/scorers.ts';
import { prepareModelInput } from '../monitoring/prepare-batch.ts';
import { idColumn, outcomesFromTarget } from '../monitoring/outcomes.ts';
import { loadVersionModel, resolveModelVersion, versionFolder, versionLabel, type StagedVersion } from '../monitoring/registry-versions.ts';
import { readCsvTable } from '../monitoring/run-monitor.ts';
import { ApprovalRefusedError, markChallenger } from '../monitoring/stages.ts';
import { readRegistry } from './model-registry-folder.ts';
import { auditKeyForWriting } from './audit-command.ts';
import { EXIT } from './exit-codes.ts';
import { loadPipelineFile } from './load-pipeline.ts';
import { usageProblem } from './monitor-command.ts';
import { runCommand } from './run-command.ts';

export interface RetrainOptions {
  pipeline: string;
  champion?: string;
  data?: string;
  holdout?: string;
  registry?: string;
  out?: string;
  requester?: string;
  protected?: string;
  privileged?: string;
  auditKeyFile?: string;
}

/** Share of rows the id hash holds out. */
export const HOLDOUT_SHARE = 0.2;

/** Row indices split by the SHA-256 of each row's id (its row number when the table has no id column). */
export function hashSplit(table: Table): { train: Int32Array; holdout: Int32Array } {
  let id: ReturnType<typeof idColumn> | undefined;
  try {
    id = idColumn(table);
  } catch {
    id = undefined;
  }
  const train: number[] = [];
  const holdout: number[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const k = id ? String(cellValue(id, i)) : `row:${i}`;
    const h = createHash('sha256').update(k).digest().readUInt32BE(0) / 2 ** 32;
    (h < HOLDOUT_SHARE ? holdout : train).push(i);
  }
  return { train: Int32Array.from(train), holdout: Int32Array.from(holdout) };
}

const defaultRequester = () => process.env.USER || process.env.USERNAME || os.userInfo().username || 'unknown';

export async function retrainCommand(o: RetrainOptions): Promise<number> {
  if (!o.champion || !o.data) return (console.error('Usage: crispflow retrain <pipeline.json> --champion <model>@v<N> --data <newest.csv|dir> [--holdout <csv>] [--registry <dir>]'), EXIT.usage);
  const { doc, errors } = await loadPipelineFile(o.pipeline);
  if (!doc) return (errors.forEach((e) => console.error(e)), EXIT.usage);
  let scratch: string | undefined;
  try {
    const registry = createBuiltinRegistry(); // also installs the model scorers in this thread
    const champion = await resolveModelVersion(o.champion, o.registry);
    const championModel = await loadVersionModel(champion);
    const dataIsDir = await stat(o.data).then((s) => s.isDirectory(), () => false);
    let dataDir = o.data;
    let holdout: Table;
    let holdoutName: string;
    scratch = await mkdtemp(path.join(os.tmpdir(), 'crispflow-retrain-'));
    if (dataIsDir) {
      if (!o.holdout) return (console.error('With a folder for --data, name the recent holdout with --holdout <csv> (rows neither model trained on, with outcomes).'), EXIT.usage);
      holdout = (await readCsvTable(o.holdout, 'The holdout')).table;
      holdoutName = o.holdout;
    } else {
      const names = doc.nodes.flatMap((n) => registry.get(n.type)?.capabilities?.datasets?.(n.params) ?? []).map((d) => d.name);
      const unique = [...new Set(names)];
      if (unique.length !== 1) {
        return (console.error(`The pipeline reads ${unique.length === 0 ? 'no dataset' : `${unique.length} datasets (${unique.join(', ')})`}: pass --data <folder> holding them under those names, with --holdout <csv>.`), EXIT.usage);
      }
      const newest = await readCsvTable(o.data, 'The newest data');
      let train: Table = newest.table;
      if (o.holdout) {
        holdout = (await readCsvTable(o.holdout, 'The holdout')).table;
        holdoutName = o.holdout;
      } else {
        const split = hashSplit(newest.table);
        if (split.holdout.length < 50) return (console.error(`Only ${split.holdout.length} rows of ${o.data} fall in the holdout (at least 50 are needed): give a larger batch or --holdout <csv>.`), EXIT.usage);
        train = takeRows(newest.table, split.train);
        holdout = takeRows(newest.table, split.holdout);
        holdoutName = `${path.basename(o.data)} (the ${split.holdout.length} rows whose id hash falls in the held-out ${HOLDOUT_SHARE * 100}%)`;
      }
      dataDir = path.join(scratch, 'data');
      await mkdir(path.dirname(path.join(dataDir, unique[0])), { recursive: true });
      await writeFile(path.join(dataDir, unique[0]), tableToCsv(train, { escapeFormulas: false }));
    }
    const actual = outcomesFromTarget(holdout, championModel);
    if (!actual) return (console.error(`The holdout has no "${championModel.target.column}" column: the comparison needs the real outcomes.`), EXIT.usage);

    const outDir = o.out ?? path.join(scratch, 'out');
    const code = await runCommand({ file: o.pipeline, dataDir, outDir, registryDir: champion.registryDir, auditKeyFile: o.auditKeyFile });
    if (!o.out) console.error('(That output folder was temporary and is removed; pass --out <dir> to keep the run\'s summary.json and model files.)');
    // A pipeline with a review panel after the model (the promotion template) waits for people (exit 3): its models are trained and registered all the same.
    if (code !== EXIT.ok && code !== EXIT.waitingForReview) return (console.error(`Training the challenger failed (exit ${code}); nothing was marked.`), code);
    const after = (await readRegistry(champion.registryDir)) as StagedVersion[];
    const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as { nodes: Record<string, { outputs?: Record<string, { name?: string; version?: number }> }> };
    const produced = Object.values(summary.nodes).flatMap((n) => Object.values(n.outputs ?? {})).find((x) => x.name === champion.version.name && typeof x.version === 'number');
    if (!produced) return (console.error(`The pipeline registered no model named "${champion.version.name}": retrain with the pipeline that trained the champion.`), EXIT.nodeFailed);
    const challenger = after.find((v) => v.name === champion.version.name && v.version === produced.version)!;
    if (challenger.version === champion.version.version) return (console.error(`The newest data trained the same model as ${versionLabel(champion.version)} (same fingerprint): no challenger.`), EXIT.nodeFailed);
    const challengerResolved = { ...champion, version: challenger, versions: after, folder: versionFolder(champion.registryDir, after, challenger) };
    const challengerModel = await loadVersionModel(challengerResolved);
    // Each model scores the raw holdout through its own scoring pipeline (its own fitted preparation).
    const holdoutBatch = { name: path.basename(holdoutName.split(' (')[0]) || 'holdout.csv', bytes: new TextEncoder().encode(tableToCsv(holdout, { escapeFormulas: false })) };
    const scoresOf = async (m: typeof championModel, label: string) => scoreTable(m, (await prepareModelInput(m, registry, holdoutBatch, `The holdout (scored by ${label})`)).table);
    const comparison = compareOnHoldout(championModel, challengerModel, holdout, actual, {
      protectedColumn: o.protected ?? champion.version.fairness?.[0]?.attribute,
      privileged: o.privileged ?? champion.version.fairness?.[0]?.privileged,
      scores: { champion: await scoresOf(championModel, versionLabel(champion.version)), challenger: await scoresOf(challengerModel, versionLabel(challenger)) },
    });
    const report = path.join(challengerResolved.folder, 'challenger-report.md');
    await writeFileAtomic(report, comparisonMarkdown(comparison, { champion: versionLabel(champion.version), challenger: versionLabel(challenger), holdout: holdoutName }));
    await writeFileAtomic(report.replace(/\.md$/, '.json'), JSON.stringify({ champion: versionLabel(champion.version), challenger: versionLabel(challenger), holdout: holdoutName, ...comparison }, null, 2) + '\n');
    const requester = o.requester ?? defaultRequester();
    await markChallenger(champion.registryDir, challenger, { requester, champion: champion.version, report: path.relative(champion.registryDir, report), key: await auditKeyForWriting(o.auditKeyFile) });
    for (const m of comparison.metrics) {
      const side = (s: { value: number | null }) => (s.value === null ? '—' : s.value.toFixed(3));
      console.log(`${m.metric.padEnd(14)} champion ${side(m.champion)}  challenger ${side(m.challenger)}  difference ${side(m.difference)}${m.difference.ci ? ` [${m.difference.ci[0].toFixed(3)}, ${m.difference.ci[1].toFixed(3)}]` : ''}`);
    }
    console.log(`Challenger ${versionLabel(challenger)} registered (requested by ${requester}); report: ${report}`);
    console.log(`To promote it, someone other than ${requester} runs: crispflow approve "${versionLabel(challenger)}" --approver <name>${o.registry ? ` --registry ${o.registry}` : ''}`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ApprovalRefusedError) return (console.error(e.message), EXIT.nodeFailed);
    const problem = usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
