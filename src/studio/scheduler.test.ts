/** The studio scheduler: due runs, catch-up of a missed run once on start, first sight, audit (issue 15). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testAuditKeyFile } from '../cli/testing/run-cli.ts';
import { auditKeyForWriting } from '../cli/audit-command.ts';
import { openWorkspace } from './workspace/workspace.ts';
import { startScheduler, stateFile, type PipelineRunner } from './scheduler.ts';

async function setup(cron = '0 6 1 1,4,7,10 *') {
  const ws = await openWorkspace(tempDir('crispflow-sched-'));
  mkdirSync(path.join(ws.root, 'pipelines'));
  const doc = { schemaVersion: 1, metadata: { name: 'Quarterly audit', schedule: { cron, timezone: 'UTC' } }, nodes: [], edges: [] };
  writeFileSync(path.join(ws.root, 'pipelines', 'audit.pipeline.json'), JSON.stringify(doc));
  writeFileSync(path.join(ws.root, 'pipelines', 'manual.pipeline.json'), JSON.stringify({ ...doc, metadata: { name: 'Manual' } }));
  const calls: Array<{ file: string; out: string }> = [];
  const run: PipelineRunner = async (file, out) => (calls.push({ file: path.basename(file), out }), 0);
  const auditKey = () => auditKeyForWriting(testAuditKeyFile);
  return { ws, calls, run, auditKey };
}

describe('studio scheduler', () => {
  it('waits for the first due time of a pipeline it has never seen, then runs it when due', async () => {
    const { ws, calls, run, auditKey } = await setup();
    let clock = new Date('2026-02-10T00:00:00Z');
    const s = startScheduler({ workspace: ws, auditKey, run, now: () => clock });
    expect(await s.started).toEqual([]);
    expect(calls).toEqual([]);
    clock = new Date('2026-04-01T05:59:00Z');
    expect(await s.tick()).toEqual([]);
    clock = new Date('2026-04-01T06:00:30Z');
    expect(await s.tick()).toEqual(['audit.pipeline.json']);
    expect(await s.tick()).toEqual([]); // the same due time runs once
    s.stop();
    expect(calls.map((c) => c.file)).toEqual(['audit.pipeline.json']);
    expect(calls[0].out).toContain(path.join('runs', 'scheduled', 'audit'));
    const state = JSON.parse(readFileSync(stateFile(ws), 'utf8'));
    expect(state.pipelines['audit.pipeline.json']).toMatchObject({ lastScheduled: '2026-04-01T06:00:00.000Z', lastExit: 0 });
    const log = readFileSync(ws.auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ kind: 'run', actor: 'studio-scheduler', data: { event: 'scheduled-run', pipeline: 'audit.pipeline.json', scheduledFor: '2026-04-01T06:00:00.000Z', exitCode: 0 } });
  });

  it('catches up missed runs once on start, however many were missed', async () => {
    const { ws, calls, run, auditKey } = await setup();
    const first = startScheduler({ workspace: ws, auditKey, run, now: () => new Date('2025-01-02T00:00:00Z') });
    await first.started;
    first.stop();
    // The studio was off for three quarters.
    const again = startScheduler({ workspace: ws, auditKey, run, now: () => new Date('2025-10-15T00:00:00Z') });
    expect(await again.started).toEqual(['audit.pipeline.json']);
    expect(await again.tick()).toEqual([]);
    again.stop();
    expect(calls).toHaveLength(1);
    const state = JSON.parse(readFileSync(stateFile(ws), 'utf8'));
    expect(state.pipelines['audit.pipeline.json'].lastScheduled).toBe('2025-10-01T06:00:00.000Z');
  });

  it('reports a pipeline with a bad schedule and runs the others', async () => {
    const { ws, calls, run, auditKey } = await setup();
    writeFileSync(path.join(ws.root, 'pipelines', 'bad.pipeline.json'), JSON.stringify({ metadata: { name: 'Bad', schedule: { cron: '99 * * * *' } } }));
    const lines: string[] = [];
    const s = startScheduler({ workspace: ws, auditKey, run, now: () => new Date('2026-01-01T00:00:00Z'), log: (l) => lines.push(l) });
    await s.started;
    s.stop();
    expect(lines.join('\n')).toMatch(/bad\.pipeline\.json is not scheduled: The schedule "99 \* \* \* \*"/);
    expect(calls).toEqual([]);
  });
});
