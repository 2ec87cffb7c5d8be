/**
 * The studio's monitoring API (src/studio/api/monitoring.ts): records the CLI kept are listed for the
 * designer, and an audit run through the studio is kept as a record with source "studio" (issue 15).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crispflow, repoRoot, tempDir } from '../cli/testing/run-cli.ts';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
const pipeline = path.join(repoRoot, 'src/monitoring/testing/capability-model.pipeline.json');
const samples = path.join(repoRoot, 'public/samples');

beforeAll(async () => {
  studio = await startTestStudio();
  const registry = path.join(studio.workspaceDir, 'registry');
  const r = crispflow(['run', pipeline, '--out', tempDir(), '--registry', registry]);
  expect(r.code, r.stderr).toBe(0);
  for (const f of ['promotion_decisions.csv', 'promotion_outcomes.csv', 'promotion.csv']) copyFileSync(path.join(samples, f), path.join(studio.workspaceDir, 'datasets', f));
}, 60_000);
afterAll(async () => {
  await studio?.close();
});

const auth = () => ({ Authorization: `Bearer ${studio.token}` });
const post = (p: string, body: unknown) => rawRequest(studio.port, { method: 'POST', path: p, headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('studio monitoring API', () => {
  it('runs an audit from the designer and keeps it as the CLI does', async () => {
    const res = await post('/api/monitoring/Capability%20model/1', { data: 'promotion_decisions.csv', reference: 'promotion.csv', outcomes: 'promotion_outcomes.csv', protected: 'group', period: 'decision_date' });
    expect(res.status, res.text).toBe(200);
    const body = JSON.parse(res.text) as { alert: boolean; records: Array<{ source: string; batch: { period: string }; alerts: unknown[] }> };
    expect(body.alert).toBe(true);
    expect(body.records).toHaveLength(8);
    expect(body.records.every((r) => r.source === 'studio')).toBe(true);
    expect(body.records.filter((r) => r.alerts.length > 0).map((r) => r.batch.period)).toEqual(['2025-Q3', '2025-Q4']);
    expect(res.text).not.toContain(studio.workspaceDir);
    const log = readFileSync(path.join(studio.workspaceDir, 'registry', 'audit.jsonl'), 'utf8');
    expect(log.match(/"event":"monitored"/g)).toHaveLength(8);
  });

  it('lists the records of a model (every version) and of one version', async () => {
    const all = await rawRequest(studio.port, { path: '/api/monitoring/Capability%20model', headers: auth() });
    expect(all.status).toBe(200);
    const body = JSON.parse(all.text) as { model: string; versions: Array<{ version: number }>; records: Array<{ version: number; file: string; batch: { period: string } }> };
    expect(body.model).toBe('Capability model');
    expect(body.records.map((r) => r.batch.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(body.records[0].file).toMatch(/^registry\/capability-model\/v1\/monitoring\/.*2024-Q1\.json$/);
    const one = await rawRequest(studio.port, { path: '/api/monitoring/Capability%20model/v1', headers: auth() });
    expect(JSON.parse(one.text).records).toHaveLength(8);
  });

  it('refuses what it cannot use, with the reason', async () => {
    expect((await rawRequest(studio.port, { path: '/api/monitoring/Nope', headers: auth() })).status).toBe(404);
    expect((await rawRequest(studio.port, { path: '/api/monitoring/Capability%20model' })).status).toBe(401);
    const outside = await post('/api/monitoring/Capability%20model/1', { data: '../registry/registry.json' });
    expect(outside.status).toBe(400);
    const missing = await post('/api/monitoring/Capability%20model/1', { data: 'promotion_outcomes.csv' });
    expect(missing.status).toBe(422);
    expect(JSON.parse(missing.text).columns).toEqual(['tenure_years', 'kpi_score', 'training_score', 'peer_rating', 'projects_led', 'awards']);
  });
});
