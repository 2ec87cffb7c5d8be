/**
 * The promotion scenario end to end (issue 15): the promotion template is trained with the CLI into a
 * registry; its debiased recommender, whose input carries the k-means `cluster` computed by an earlier
 * node, is then monitored and scored on RAW batches (no cluster column) made by the sample generator
 * with another seed and a drift injected. The model's scoring pipeline (source → k-means → split) is
 * replayed on each batch: the scores must equal the full pipeline's own predictions for the same rows.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { Model } from '../core/ports.ts';
import { cellValue, type Table } from '../core/table/table.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { cliDatasetProvider, loadPipelineFile } from '../cli/load-pipeline.ts';
import { loadModelFile } from '../cli/model-file.ts';
import { crispflow, examplePipeline, repoRoot, tempDir } from '../cli/testing/run-cli.ts';
import { runInProcess } from '../runtime/testing/run-in-process.ts';
import { generatePromotionDecisions } from '../samples/promotion-decisions.ts';
import type { MonitoringRecord } from './monitoring-record.ts';
import { scoringInfoOf, type ScoringPipeline } from './scoring-pipeline.ts';
import { trainRepairedCapabilityModel } from './testing/repaired-capability-model.ts';

const MODEL = 'Promotion model (adversarial debiasing)';
const promotionPipeline = examplePipeline('promotion');
const trainingData = path.join(repoRoot, 'public/samples/promotion.csv');

let work: string;
let registry: string;
let batch: string;
let outcomes: string;

const csvRows = (file: string) => {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [names[j], v])));
};

beforeAll(() => {
  work = tempDir('crispflow-scoring-');
  registry = path.join(work, 'registry');
  // The template stops at its promotion panel (exit 3, waiting for review); its models are registered before.
  const r = crispflow(['run', promotionPipeline, '--out', path.join(work, 'out'), '--registry', registry]);
  expect(r.code, r.stderr).toBe(3);
  expect(r.stderr).toMatch(/Registered "Promotion model \(adversarial debiasing\)" v1/);
  // Four new quarters from the generator with another seed; group B's KPI drops from the third quarter.
  const generated = generatePromotionDecisions({ seed: 777, quarters: 4, rowsPerQuarter: 1000, driftFrom: 2, startYear: 2026 });
  batch = path.join(work, 'decisions-2026.csv');
  outcomes = path.join(work, 'outcomes-2026.csv');
  writeFileSync(batch, tableToCsv(generated.decisions, { escapeFormulas: false }));
  writeFileSync(outcomes, tableToCsv(generated.outcomes, { escapeFormulas: false }));
}, 180_000);

describe('the debiased promotion recommender is saved with its scoring pipeline', () => {
  it('keeps the fitted k-means (centres and standardisation) between the raw data and the model', async () => {
    createBuiltinRegistry(); // installs the model scorers the model file is checked against
    const model = await loadModelFile(path.join(registry, 'promotion-model-adversarial-debiasing', 'v1', 'model.json'));
    const sp = scoringInfoOf(model) as ScoringPipeline;
    expect(sp.steps.map((s) => [s.nodeId, s.replay])).toEqual([
      ['source', 'rerun'],
      ['clusters', 'fitted'],
      ['split', 'pass-through'],
    ]);
    expect(sp.modelInput).toEqual({ node: 'split', port: 'train' });
    expect(model.featureNames.some((f) => f.startsWith('cluster'))).toBe(true);
    const kmeansState = sp.steps[1].state as { centers: Float64Array; standardize: { mean: Float64Array }; k: number };
    expect(kmeansState.k).toBe(4);
    expect(kmeansState.centers).toBeInstanceOf(Float64Array);
    expect(kmeansState.centers).toHaveLength(4 * 6);
    expect(sp.requiredColumns.sort()).toEqual(['awards', 'kpi_score', 'peer_rating', 'projects_led', 'tenure_years', 'training_score']);
  });
});

describe('crispflow score on raw rows', () => {
  it('gives the full pipeline’s own scores for the same rows (to 1e-9)', async () => {
    const out = path.join(work, 'scored.csv');
    const r = crispflow(['score', `${MODEL}@v1`, '--registry', registry, '--input', trainingData, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/prepared as in training \(Capability clusters → split\)/);
    const scored = new Map(csvRows(out).map((row) => [row.employee_id, Number(row.score)]));
    expect(scored.size).toBe(5000);

    // The full pipeline, run here: the debiased model's predictions of its test rows.
    const { doc } = await loadPipelineFile(promotionPipeline);
    const registryOfNodes = createBuiltinRegistry();
    const outputs = await runInProcess(doc!, registryOfNodes, cliDatasetProvider(promotionPipeline), ['adversarial']);
    const inProcess = outputs.adversarial.model as Model;
    const saved = await loadModelFile(path.join(registry, 'promotion-model-adversarial-debiasing', 'v1', 'model.json'));
    expect(inProcess.fingerprint).toBe(saved.fingerprint); // the same training, so the same model
    const predictions = outputs.adversarial.predictions as Table;
    const id = predictions.columns.find((c) => c.name === 'employee_id')!;
    const score = predictions.columns.find((c) => c.name === 'score')!;
    expect(predictions.nRows).toBe(1500);
    let worst = 0;
    for (let i = 0; i < predictions.nRows; i++) {
      const mine = scored.get(String(cellValue(id, i)));
      expect(mine, `employee ${cellValue(id, i)}`).toBeDefined();
      worst = Math.max(worst, Math.abs(mine! - (cellValue(score, i) as number)));
    }
    expect(worst).toBeLessThan(1e-9);
  }, 120_000);

  it('sharded scoring of a raw file gives the unsharded scores', () => {
    const whole = path.join(work, 'whole.csv');
    expect(crispflow(['score', `${MODEL}@v1`, '--registry', registry, '--input', batch, '--out', whole]).code).toBe(0);
    const dir = path.join(work, 'shards');
    for (const s of ['1/2', '2/2']) {
      const r = crispflow(['score', `${MODEL}@v1`, '--registry', registry, '--input', batch, '--shard', s, '--out', dir]);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = path.join(work, 'merged.csv');
    const m = crispflow(['score', 'merge', dir, '--shards', '2', '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(csvRows(merged).map((r) => [r.employee_id, r.score])).toEqual(csvRows(whole).map((r) => [r.employee_id, r.score]));
    expect(csvRows(merged)).toHaveLength(4000);
  }, 120_000);

  it('a raw batch without a column the k-means reads: exit 2 naming it', () => {
    const lines = readFileSync(batch, 'utf8').trim().split(/\r?\n/).slice(0, 200);
    const header = lines[0].split(',');
    const drop = header.indexOf('peer_rating');
    const file = path.join(work, 'no-peer.csv');
    writeFileSync(file, lines.map((l) => l.split(',').filter((_, j) => j !== drop).join(',')).join('\n'));
    const r = crispflow(['score', `${MODEL}@v1`, '--registry', registry, '--input', file, '--out', path.join(work, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lacks the model feature "peer_rating" \(columns the model's scoring pipeline reads from the raw data\)/);
  });
});

describe('crispflow monitor on a raw batch: real drift and fairness numbers', () => {
  let result: ReturnType<typeof crispflow>;
  let records: MonitoringRecord[];
  beforeAll(() => {
    result = crispflow(['monitor', `${MODEL}@v1`, '--registry', registry, '--data', batch, '--reference', trainingData, '--outcomes', outcomes, '--period', 'decision_date', '--protected', 'group']);
    const dir = path.join(registry, 'promotion-model-adversarial-debiasing', 'v1', 'monitoring');
    records = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as MonitoringRecord)
      .sort((a, b) => a.batch.period!.localeCompare(b.batch.period!));
  }, 120_000);

  it('exits 4 with one record per quarter, each measuring the k-means cluster the batch did not carry', () => {
    expect(result.code, result.stderr).toBe(4);
    expect(records.map((r) => r.batch.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    for (const r of records) {
      const cluster = r.drift!.features.find((d) => d.column === 'cluster')!;
      expect(cluster.kind).toBe('categorical');
      expect(Number.isFinite(cluster.psi)).toBe(true);
      expect(cluster.newLevels).toEqual([]);
      expect(r.drift!.score!.psi).toBeGreaterThanOrEqual(0);
      expect(r.fairness!.groups.map((g) => g.group).sort()).toEqual(['A', 'B']);
      expect(r.fairness!.groups.reduce((s, g) => s + g.n, 0)).toBe(1000);
      expect(r.outcomes!.n).toBe(1000);
      expect(r.outcomes!.auc!).toBeGreaterThan(0.6);
    }
  });

  it('flags the drifted quarters (KPI of group B, four-fifths) and raises no alarm before', () => {
    for (const r of records.slice(0, 2)) {
      expect(r.alerts, r.batch.period).toEqual([]);
      expect(r.fairness!.disparateImpact!).toBeGreaterThan(0.8);
      for (const d of r.drift!.features) expect(d.psi, `${r.batch.period} ${d.column}`).toBeLessThan(0.1);
    }
    for (const r of records.slice(2)) {
      const kinds = r.alerts.map((a) => `${a.kind}:${a.subject}`);
      expect(kinds).toContain('feature-drift:kpi_score');
      expect(kinds).toContain('four-fifths:B');
      expect(r.fairness!.disparateImpact!).toBeLessThan(0.6);
      // The shifted KPI moves people between capability clusters too.
      const cluster = r.drift!.features.find((d) => d.column === 'cluster')!;
      const early = records[0].drift!.features.find((d) => d.column === 'cluster')!;
      expect(cluster.psi).toBeGreaterThan(early.psi);
    }
  });

  it('a raw batch is refused when a node between the data and the model cannot be replayed (named)', async () => {
    const run = trainRepairedCapabilityModel(work, registry);
    expect(run.code, run.stderr).toBe(0);
    const r = crispflow(['monitor', 'Repaired model@v1', '--registry', registry, '--data', batch, '--reference', trainingData]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/passes through node "Repair features" \(repair\) \(disparate-impact-remover\), which cannot be replayed on a new batch/);
    expect(r.stderr).toMatch(/--prepared/);
  }, 120_000);
});

describe('crispflow retrain with a scoring pipeline', () => {
  it('trains a challenger on raw newest data and compares both on the same raw holdout', () => {
    const lines = readFileSync(batch, 'utf8').trim().split(/\r?\n/);
    const outcome = new Map(csvRows(outcomes).map((o) => [o.id, o.outcome]));
    const newest = path.join(work, 'promotion.csv');
    // The newest data as the pipeline reads it: the batch's rows with the panel's outcome as `promoted`.
    writeFileSync(newest, [lines[0] + ',promoted', ...lines.slice(1).map((l) => `${l},${outcome.get(l.split(',')[0])}`)].join('\n'));
    const r = crispflow(['retrain', promotionPipeline, '--champion', `${MODEL}@v1`, '--data', newest, '--registry', registry, '--requester', 'ana', '--protected', 'group']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Challenger Promotion model \(adversarial debiasing\)@v2 registered \(requested by ana\)/);
    const json = JSON.parse(readFileSync(path.join(registry, 'promotion-model-adversarial-debiasing', 'v2', 'challenger-report.json'), 'utf8')) as { rows: number; metrics: Array<{ metric: string; champion: { value: number }; challenger: { value: number } }> };
    expect(json.rows).toBeGreaterThan(600);
    const auc = json.metrics.find((m) => m.metric === 'auc')!;
    expect(auc.champion.value).toBeGreaterThan(0.6);
    expect(auc.challenger.value).toBeGreaterThan(0.6);
  }, 240_000);
});
