/** serve --score-log: each row scored by /score is logged with the model and its id, nothing else (issue 15). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { loadModelFile } from '../cli/model-file.ts';
import { startServing, type ServingHandle } from '../cli/serve/start-server.ts';
import { crispflow, repoRoot, tempDir } from '../cli/testing/run-cli.ts';
import { readScoreLog } from './score-log.ts';

const TOKEN = 'score-log-token-0123456789';
let server: ServingHandle;
let log: string;

beforeAll(async () => {
  createBuiltinRegistry();
  const out = tempDir();
  const r = crispflow(['run', path.join(repoRoot, 'src/monitoring/testing/capability-model.pipeline.json'), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const model = await loadModelFile(path.join(out, 'models', 'train-lr.model.json'));
  log = path.join(tempDir(), 'scores.jsonl');
  server = await startServing({ model, scoreLog: { file: log, name: 'Capability model', version: 1 } }, { token: TOKEN, port: 0 });
}, 60_000);
afterAll(() => server?.close());

async function waitForLines(n: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (lines.length >= n) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the score log never reached ${n} lines`);
}

describe('serve --score-log', () => {
  it('logs every scored row with the model version and the row id, and no feature values', async () => {
    const row = { tenure_years: 4, kpi_score: 80, training_score: 75, peer_rating: 4.1, projects_led: 3, awards: 1 };
    const res = await fetch(`http://127.0.0.1:${server.port}/score`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [{ employee_id: 'E-1', ...row }, { employee_id: 'E-2', ...row, kpi_score: 40 }, row] }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: Array<{ score: number }> };
    await waitForLines(3);
    const { entries, badLines } = await readScoreLog(log);
    expect(badLines).toBe(0);
    expect(entries.map((e) => e.id)).toEqual(['E-1', 'E-2', null]);
    expect(entries.map((e) => e.score)).toEqual(answer.results.map((r) => r.score));
    expect(entries[0]).toMatchObject({ model: { name: 'Capability model', version: 1 }, source: 'serve' });
    expect(readFileSync(log, 'utf8')).not.toMatch(/kpi_score|TOKEN|Bearer/);
  });
});
