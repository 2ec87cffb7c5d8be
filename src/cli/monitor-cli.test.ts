/**
 * crispflow monitor / monitor history / score / retrain / approve / schedule export, run as a user runs
 * them (issue 15). The quarterly audit uses the promotion template's generated quarters
 * (public/samples/promotion_decisions.csv, drift injected from 2025-Q3).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, repoRoot, tempDir } from './testing/run-cli.ts';
import type { MonitoringRecord } from '../monitoring/monitoring-record.ts';

const SAMPLES = path.join(repoRoot, 'public/samples');
const decisions = path.join(SAMPLES, 'promotion_decisions.csv');
const outcomes = path.join(SAMPLES, 'promotion_outcomes.csv');
const reference = path.join(SAMPLES, 'promotion.csv');
const capabilityPipeline = path.join(repoRoot, 'src/monitoring/testing/capability-model.pipeline.json');

let work: string;
let registry: string;

const csvLines = (file: string) => readFileSync(file, 'utf8').trim().split(/\r?\n/);

beforeAll(() => {
  work = tempDir('crispflow-monitor-');
  registry = path.join(work, 'registry');
  for (const p of [capabilityPipeline, examplePipeline('promotion-baseline')]) {
    const r = crispflow(['run', p, '--out', path.join(work, path.basename(p)), '--registry', registry]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

describe('crispflow monitor: the quarterly bias-drift audit of the promotion template', () => {
  let result: ReturnType<typeof crispflow>;
  let records: MonitoringRecord[];
  beforeAll(() => {
    result = crispflow(['monitor', 'Capability model@v1', '--registry', registry, '--data', decisions, '--reference', reference, '--outcomes', outcomes, '--period', 'decision_date', '--protected', 'group']);
    const dir = path.join(registry, 'capability-model', 'v1', 'monitoring');
    records = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as MonitoringRecord)
      .sort((a, b) => a.batch.period!.localeCompare(b.batch.period!));
  }, 60_000);

  it('exits 4 because an alert fired, with one record per quarter', () => {
    expect(result.code, result.stderr).toBe(4);
    expect(records.map((r) => r.batch.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    for (const r of records) {
      expect(r.batch.rows).toBe(1000);
      expect(r.batch.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(r.model).toMatchObject({ name: 'Capability model', version: 1 });
    }
  });

  it('flags the drifted quarters: the shifted KPI and the falling impact ratio of group B', () => {
    for (const period of ['2025-Q3', '2025-Q4']) {
      const r = records.find((x) => x.batch.period === period)!;
      const kinds = r.alerts.map((a) => `${a.kind}:${a.subject}`);
      expect(kinds).toContain('feature-drift:kpi_score');
      expect(kinds).toContain('four-fifths:B');
      expect(r.fairness!.disparateImpact!).toBeLessThan(0.6);
      expect(r.drift!.features.find((d) => d.column === 'kpi_score')!.ks!.pValue).toBeLessThan(1e-10);
    }
    expect(result.stdout).toMatch(/2025-Q3 \(1000 rows\): 3 ALERT\(S\)/);
  });

  it('raises no alarm in the quarters without drift', () => {
    for (const r of records.filter((x) => x.batch.period! < '2025-Q3')) {
      expect(r.alerts, r.batch.period).toEqual([]);
      expect(r.fairness!.disparateImpact!).toBeGreaterThan(0.8);
      for (const d of r.drift!.features) expect(d.psi, `${r.batch.period} ${d.column}`).toBeLessThan(0.1);
    }
  });

  it('joins the outcomes back: realised AUC and Brier per quarter', () => {
    for (const r of records) {
      expect(r.outcomes!.n).toBe(1000);
      expect(r.outcomes!.auc!).toBeGreaterThan(0.75);
      expect(r.outcomes!.brier).toBeGreaterThan(0);
      expect(r.outcomes!.reliability.reduce((s, b) => s + b.n, 0)).toBe(1000);
    }
    expect(records[0].outcomes!.source).toBe('promotion_outcomes.csv (outcomes up to 2026-02-11): 1000 of 1000 rows with an outcome');
  });

  it('announces every record in the registry audit log, which still verifies', () => {
    const log = csvLines(path.join(registry, 'audit.jsonl')).map((l) => JSON.parse(l) as { data: { event?: string; period?: string; alerts?: string[]; recordSha256?: string } });
    const monitored = log.filter((e) => e.data.event === 'monitored');
    expect(monitored.map((e) => e.data.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(monitored[6].data.alerts).toEqual(records[6].alerts.map((a) => `${a.kind}:${a.subject}`));
    expect(crispflow(['audit', 'verify', path.join(registry, 'audit.jsonl')]).code).toBe(0);
  });

  it('monitor history prints the series, and --json the records', () => {
    const h = crispflow(['monitor', 'history', 'Capability model', '--registry', registry]);
    expect(h.code, h.stderr).toBe(0);
    const lines = h.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^version\s+audited at\s+batch\s+period\s+rows\s+selected\s+DI/);
    expect(lines.filter((l) => /promotion_decisions\.csv/.test(l))).toHaveLength(8);
    expect(lines.find((l) => l.includes('2025-Q3'))).toMatch(/four-fifths:B/);
    expect(lines.find((l) => l.includes('2024-Q1'))).toMatch(/none$/);
    const j = crispflow(['monitor', 'history', 'capability-model', '--registry', registry, '--json']);
    const parsed = JSON.parse(j.stdout) as { model: string; records: Array<{ batch: { period: string } }> };
    expect(parsed.model).toBe('Capability model');
    expect(parsed.records).toHaveLength(8);
  });
});

describe('crispflow monitor: bad input', () => {
  it('a batch missing model features: exit 2 naming the columns', () => {
    const batch = path.join(tempDir(), 'batch.csv');
    const lines = csvLines(decisions);
    const header = lines[0].split(',');
    const drop = new Set([header.indexOf('kpi_score'), header.indexOf('awards')]);
    writeFileSync(batch, lines.slice(0, 300).map((l) => l.split(',').filter((_, j) => !drop.has(j)).join(',')).join('\n'));
    const r = crispflow(['monitor', 'Capability model@v1', '--registry', registry, '--data', batch]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lacks 2 model features "kpi_score", "awards"/);
  });

  it('new category levels are reported as drift, not a crash', () => {
    const batch = path.join(tempDir(), 'batch.csv');
    const lines = csvLines(decisions).slice(0, 501);
    writeFileSync(batch, lines.map((l, i) => (i > 0 && i % 5 === 0 ? l.replace(/^(\d+,[AB],)[A-Za-z]+,/, '$1Legal,') : l)).join('\n'));
    const r = crispflow(['monitor', 'Logistic regression@v1', '--registry', registry, '--data', batch, '--reference', reference, '--protected', 'group']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/ALERT new-levels: "department" has level\(s\) the reference never had: Legal/);
  });

  it('a period with too few rows: metrics omitted with a warning, no alert', () => {
    const batch = path.join(tempDir(), 'batch.csv');
    writeFileSync(batch, csvLines(decisions).slice(0, 41).join('\n'));
    const r = crispflow(['monitor', 'Logistic regression@v1', '--registry', registry, '--data', batch, '--protected', 'group']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/warning: Only 40 rows \(at least 100 are needed\): drift, fairness and realised metrics are omitted/);
    const dir = path.join(registry, 'logistic-regression', 'v1', 'monitoring');
    const last = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop()!;
    const rec = JSON.parse(readFileSync(path.join(dir, last), 'utf8')) as MonitoringRecord;
    expect(rec.batch.rows).toBe(40);
    expect(rec.drift).toBeNull();
    expect(rec.fairness).toBeNull();
  });

  it('an unknown version: exit 2 listing the versions', () => {
    const r = crispflow(['monitor', 'Capability model@v9', '--registry', registry, '--data', decisions]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"Capability model" has no version 9 .*versions: 1/);
  });
});

describe('crispflow score --score-log, outcomes joined back', () => {
  it('scores a CSV, logs each row with the model version and id, and the log feeds nothing secret', () => {
    const dir = tempDir();
    const input = path.join(dir, 'q.csv');
    writeFileSync(input, csvLines(decisions).slice(0, 201).join('\n'));
    const out = path.join(dir, 'scored.csv');
    const log = path.join(dir, 'scores.jsonl');
    const r = crispflow(['score', 'Capability model@v1', '--registry', registry, '--input', input, '--out', out, '--score-log', log]);
    expect(r.code, r.stderr).toBe(0);
    const scored = csvLines(out);
    expect(scored).toHaveLength(201);
    expect(scored[0].split(',').slice(-2)).toEqual(['score', 'predicted']);
    const entries = csvLines(log).map((l) => JSON.parse(l) as { id: string; score: number; model: { name: string; version: number }; source: string });
    expect(entries).toHaveLength(200);
    expect(entries[0]).toMatchObject({ id: '50001', model: { name: 'Capability model', version: 1 }, source: 'score' });
    expect(entries[0].score).toBeCloseTo(Number(scored[1].split(',').at(-2)), 12);
    // Only the id, the score and the model: no feature values.
    expect(Object.keys(entries[0]).sort()).toEqual(['at', 'id', 'model', 'predicted', 'score', 'source']);
    const again = crispflow(['score', 'Capability model@v1', '--registry', registry, '--input', input, '--out', out, '--score-log', log]);
    expect(again.code).toBe(0);
    expect(csvLines(log)).toHaveLength(400); // appended, not replaced
  });
});

describe('crispflow retrain and approve (four eyes)', () => {
  it('trains a challenger on the newest data, compares it on a holdout, and promotes it only with another approver', () => {
    const dir = tempDir();
    // The newest data: the 2025 quarters with the panel's decisions as the target.
    const outcome = new Map(csvLines(outcomes).slice(1).map((l) => l.split(',')).map(([id, o]) => [id, o]));
    const lines = csvLines(decisions);
    const newest = path.join(dir, 'promotion-2025.csv');
    writeFileSync(newest, [lines[0] + ',promoted', ...lines.slice(1).filter((l) => l.includes(',2025-')).map((l) => `${l},${outcome.get(l.split(',')[0])}`)].join('\n'));
    const r = crispflow(['retrain', capabilityPipeline, '--champion', 'Capability model@v1', '--data', newest, '--registry', registry, '--requester', 'ana', '--protected', 'group']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Challenger Capability model@v2 registered \(requested by ana\)/);
    const report = readFileSync(path.join(registry, 'capability-model', 'v2', 'challenger-report.md'), 'utf8');
    expect(report).toMatch(/\| AUC \(higher is better\) \| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \| 0\.\d{3} \[/);
    expect(report).toMatch(/Impact ratio/);
    const json = JSON.parse(readFileSync(path.join(registry, 'capability-model', 'v2', 'challenger-report.json'), 'utf8')) as { rows: number; metrics: Array<{ metric: string; difference: { ci: [number, number] } }> };
    expect(json.rows).toBeGreaterThan(600); // ~20% of 4000 rows, by id hash
    expect(json.rows).toBeLessThan(1000);
    expect(json.metrics.map((m) => m.metric)).toEqual(['auc', 'brier', 'selectionRate', 'impactRatio']);
    const stages = () => (JSON.parse(readFileSync(path.join(registry, 'registry.json'), 'utf8')) as { versions: Array<{ name: string; version: number; stage?: string }> }).versions.filter((v) => v.name === 'Capability model').map((v) => [v.version, v.stage ?? null]);
    expect(stages()).toEqual([[1, null], [2, 'challenger']]);

    const same = crispflow(['approve', 'Capability model@v2', '--approver', 'Ana ', '--registry', registry]);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/"Ana" requested this promotion and cannot approve it too \(four eyes\)/);
    expect(stages()).toEqual([[1, null], [2, 'challenger']]);

    const ok = crispflow(['approve', 'Capability model@v2', '--approver', 'ben', '--registry', registry]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(stages()).toEqual([[1, null], [2, 'champion']]);
    const log = csvLines(path.join(registry, 'audit.jsonl')).map((l) => JSON.parse(l) as { actor: string; data: Record<string, unknown> });
    expect(log.find((e) => e.data.event === 'approved')).toMatchObject({ actor: 'ben', data: { name: 'Capability model', version: 2, approver: 'ben', requester: 'ana' } });
    expect(crispflow(['audit', 'verify', path.join(registry, 'audit.jsonl')]).code).toBe(0);
    // The model name alone now means its champion.
    const h = crispflow(['score', 'Capability model', '--registry', registry, '--input', newest, '--out', path.join(dir, 's.csv')]);
    expect(h.stdout).toMatch(/with Capability model@v2/);
  }, 120_000);
});

describe('crispflow schedule export', () => {
  it('writes a crontab line, a systemd timer and a Kubernetes CronJob for the pipeline schedule', () => {
    const cron = crispflow(['schedule', 'export', capabilityPipeline, '--format', 'crontab']);
    expect(cron.code, cron.stderr).toBe(0);
    expect(cron.stdout).toMatch(/^CRON_TZ=Europe\/Berlin$/m);
    expect(cron.stdout).toMatch(/^0 6 1 1,4,7,10 \* cd .* && npx crispflow run \S+capability-model\.pipeline\.json --out runs\/crispflow-promotion-capability-model/m);
    const systemd = crispflow(['schedule', 'export', capabilityPipeline, '--format', 'systemd']);
    expect(systemd.stdout).toMatch(/^OnCalendar=\*-01,04,07,10-01 06:00:00 Europe\/Berlin$/m);
    expect(systemd.stdout).toMatch(/^Persistent=true$/m);
    const k8s = crispflow(['schedule', 'export', capabilityPipeline, '--format', 'k8s-cronjob']);
    expect(k8s.stdout).toMatch(/^ {2}schedule: "0 6 1 1,4,7,10 \*"$/m);
    expect(k8s.stdout).toMatch(/^ {2}timeZone: "Europe\/Berlin"$/m);
  });

  it('refuses a pipeline without a schedule and an unknown format (exit 2)', () => {
    const none = crispflow(['schedule', 'export', examplePipeline('promotion-baseline'), '--format', 'crontab']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no schedule/);
    expect(crispflow(['schedule', 'export', capabilityPipeline, '--format', 'at']).code).toBe(2);
  });

  it('validate refuses a cron expression that is not five valid fields', () => {
    const bad = JSON.parse(readFileSync(capabilityPipeline, 'utf8')) as { metadata: { schedule: { cron: string } } };
    bad.metadata.schedule.cron = '0 61 * * *';
    const file = path.join(tempDir(), 'bad.pipeline.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = crispflow(['validate', file]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/schedule "0 61 \* \* \*".*not a five-field cron expression/);
  });
});

describe('crispflow monitor --retrain', () => {
  it('trains a challenger when an alert fires, compares it and still exits 4', () => {
    const dir = tempDir();
    const reg = path.join(dir, 'registry');
    expect(crispflow(['run', capabilityPipeline, '--out', path.join(dir, 'out'), '--registry', reg]).code).toBe(0);
    // The drifted quarter 2025-Q3, with the panel's decisions as the target column.
    const outcome = new Map(csvLines(outcomes).slice(1).map((l) => l.split(',')).map(([id, o]) => [id, o]));
    const lines = csvLines(decisions);
    const q3 = path.join(dir, 'q3.csv');
    writeFileSync(q3, [lines[0] + ',promoted', ...lines.slice(1).filter((l) => /,2025-0[789]-/.test(l)).map((l) => `${l},${outcome.get(l.split(',')[0])}`)].join('\n'));
    const r = crispflow(['monitor', 'Capability model@v1', '--registry', reg, '--data', q3, '--reference', reference, '--protected', 'group', '--retrain', capabilityPipeline, '--requester', 'ana']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/ALERT four-fifths/);
    expect(r.stdout).toMatch(/Challenger Capability model@v2 registered \(requested by ana\)/);
    expect(r.stdout).toMatch(/^impactRatio\s+champion 0\.\d{3}\s+challenger 0\.\d{3}/m);
  }, 120_000);
});
