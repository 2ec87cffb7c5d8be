import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, repoRoot, tempDir, testAuditKeyFile } from './testing/run-cli.ts';

const baseline = examplePipeline('promotion-baseline');

/** The promotion baseline with a review of the recommended people, fairness context and an export of the decisions. */
function reviewPipeline(dir: string): string {
  const doc = JSON.parse(readFileSync(baseline, 'utf8'));
  doc.metadata.name = 'Promotion with review';
  doc.nodes.push(
    { id: 'fairness', type: 'fairness-metrics', version: 1, params: { mode: 'predictions', protected: ['group'], privileged: 'A', resamples: 0 }, position: { x: 780, y: 260 } },
    {
      id: 'review',
      type: 'human-review',
      version: 1,
      params: { itemColumn: 'employee_id', groupColumn: 'group', threshold: 0.5, scope: 'recommended', hideScore: false, fourEyes: false },
      position: { x: 1040, y: 120 },
    },
    { id: 'export', type: 'export-table', version: 1, params: { fileName: 'reviewed.csv' }, position: { x: 1300, y: 120 } },
  );
  doc.edges.push(
    { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'fairness', port: 'data' } },
    { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'review', port: 'predictions' } },
    { from: { node: 'fairness', port: 'report' }, to: { node: 'review', port: 'fairness' } },
    { from: { node: 'review', port: 'decisions' }, to: { node: 'export', port: 'table' } },
  );
  const file = path.join(dir, 'review.pipeline.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n') + '\n';

describe('crispflow review and audit (issue 7)', () => {
  it('run waits (exit 3) → bad decisions rejected whole → good decisions complete the run; audit verifies; tampering is caught', () => {
    const dir = tempDir('crispflow-review-');
    const file = reviewPipeline(dir);
    const out = path.join(dir, 'out');

    const run = crispflow(['run', file, '--out', out]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/Waiting for review: \d+ item\(s\) from review/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('waiting');
    expect(summary.nodes.review.status).toBe('waiting');
    expect(summary.nodes.export.status).toBe('pending');
    expect(summary.nodes.evaluate.status).toBe('ok');

    const queue = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'review-queue.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    expect(queue.meta.fields).toEqual(['node_id', 'item_id', 'recommendation', 'score', 'group', 'top_drivers', 'decision', 'reason', 'reviewer']);
    const items = queue.data;
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items.map((r) => r.item_id)).size).toBe(items.length);
    for (const r of items) {
      expect(r.recommendation).toBe('recommend');
      expect(Number(r.score)).toBeGreaterThanOrEqual(0.5);
      expect(['A', 'B']).toContain(r.group);
    }
    const state = JSON.parse(readFileSync(path.join(out, 'run-state.json'), 'utf8'));
    expect(state.status).toBe('waiting');
    expect(state.pipelineFile).toBe(file);
    expect(state.waiting.review.fairness.attribute).toBe('group');

    const auditFile = path.join(out, 'audit.jsonl');
    const auditBefore = readFileSync(auditFile, 'utf8');
    const runEntry = JSON.parse(auditBefore.trim().split('\n')[0]);
    expect(runEntry.kind).toBe('run');
    expect(runEntry.data.pipelineHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(runEntry.data.datasets)).toEqual(['sample:promotion.csv']);
    expect(runEntry.data.models['train-lr.model'].fingerprint).toBeTruthy();
    expect(typeof runEntry.data.metrics['evaluate.metrics'].auc).toBe('number');
    expect(typeof runEntry.data.fairness['fairness.report'].disparateImpact).toBe('number');
    expect(runEntry.data.params.review.params.scope).toBe('recommended');

    const header = ['item_id', 'decision', 'reason', 'reviewer'];
    // Every item decided; the 2nd is overridden with a reason.
    const good = items.map((r, i) => [r.item_id, i === 1 ? 'override' : 'accept', i === 1 ? 'Strong KPI from a single project, "needs" more evidence' : '', i % 2 ? 'Ana' : 'Bo']);

    // Bad files: an override without reason, an unknown id, a duplicate, a bad value → rejected whole.
    const bad = [...good.slice(0, 3).map((r) => r.slice()), ['999999', 'accept', '', 'Ana'], [good[0][0], 'accept', '', 'Bo'], [good[4][0], 'maybe', '', 'Bo']];
    bad[1][2] = '';
    const badFile = path.join(dir, 'bad.csv');
    writeFileSync(badFile, csv([header, ...bad]));
    const rejected = crispflow(['review', 'apply', out, badFile]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/rejected, nothing was changed/);
    expect(rejected.stderr).toMatch(/Row 3 \(item "\d+"\): an override needs a reason/);
    expect(rejected.stderr).toMatch(/Row 5 \(item "999999"\): item_id "999999" is not in this review queue/);
    expect(rejected.stderr).toMatch(/Row 7 \(item "\d+"\): decision must be "accept" or "override", not "maybe"/);
    expect(rejected.stderr).toMatch(/Rows 2, 6 \(item "\d+"\): the item appears more than once/);
    expect(readFileSync(auditFile, 'utf8')).toBe(auditBefore);
    expect(JSON.parse(readFileSync(path.join(out, 'run-state.json'), 'utf8')).status).toBe('waiting');

    const goodFile = path.join(dir, 'decisions.csv');
    writeFileSync(goodFile, csv([header, ...good]));
    const applied = crispflow(['review', 'apply', out, goodFile]);
    expect(applied.code, applied.stderr).toBe(0);
    const done = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(done.status).toBe('ok');
    expect(done.nodes.review.status).toBe('ok');
    expect(done.nodes.export.status).toBe('ok');
    expect(done.nodes.review.outputs.decisions.rows).toBe(items.length);
    expect(existsSync(path.join(out, 'review-queue.csv'))).toBe(false);
    const reviewed = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'reviewed.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(reviewed.map((r) => r.employee_id)).toEqual(items.map((r) => r.item_id));
    expect(reviewed[1]).toMatchObject({ final_decision: 'not-recommend', review_decision: 'override', decided_by: 'Ana', reason: 'Strong KPI from a single project, "needs" more evidence' });
    expect(reviewed[0]).toMatchObject({ final_decision: 'recommend', review_decision: 'accept', decided_by: 'Bo' });
    expect(JSON.parse(readFileSync(path.join(out, 'run-state.json'), 'utf8')).status).toBe('done');

    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.kind)).toEqual(['run', ...items.map(() => 'decision'), 'run']);
    expect(lines[2].data).toMatchObject({ itemId: items[1].item_id, decision: 'override', finalDecision: 'not-recommend', reviewer: 'Ana' });
    expect(lines[lines.length - 1].data.status).toBe('ok');
    expect(lines[lines.length - 1].data.reviews['review.review']).toMatchObject({ items: items.length, overridden: 1 });

    // Applying again: the run is done.
    expect(crispflow(['review', 'apply', out, goodFile]).code).toBe(1);

    const verified = crispflow(['audit', 'verify', auditFile]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`OK: ${lines.length} entries`));

    // Tamper: change one decision's reason.
    const tampered = lines.map((e) => structuredClone(e));
    tampered[2].data.reason = 'changed afterwards';
    writeFileSync(auditFile, tampered.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const broken = crispflow(['audit', 'verify', auditFile]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/entry 3 \(seq 2\) was changed/);

    // Tamper: drop the last entry (caught by the anchor).
    writeFileSync(auditFile, lines.slice(0, -1).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const truncated = crispflow(['audit', 'verify', auditFile]);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(/last 1 entry was deleted/);
  });

  it('review apply killed between the audit entries and run-state.json: the next apply recovers the recorded decisions, none twice', () => {
    const dir = tempDir('crispflow-review-crash-');
    const file = reviewPipeline(dir);
    const out = path.join(dir, 'out');
    expect(crispflow(['run', file, '--out', out]).code).toBe(3);
    const items = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'review-queue.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const decisionsFile = path.join(dir, 'decisions.csv');
    writeFileSync(decisionsFile, csv([['item_id', 'decision', 'reason', 'reviewer'], ...items.map((r, i) => [r.item_id, i === 0 ? 'override' : 'accept', i === 0 ? 'Too new in the role' : '', 'Ana'])]));

    const killed = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/testing/review-apply-and-crash.ts'), out, decisionsFile], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: testAuditKeyFile },
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const auditFile = path.join(out, 'audit.jsonl');
    const kinds = () => readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).kind as string);
    // The decisions are on the record; the state does not know yet. The log verifies.
    expect(kinds()).toEqual(['run', ...items.map(() => 'decision')]);
    const state = JSON.parse(readFileSync(path.join(out, 'run-state.json'), 'utf8'));
    expect(state.waiting.review.decided).toEqual([]);
    expect(crispflow(['audit', 'verify', auditFile]).code).toBe(0);

    // The same file again: recovered, not recorded twice, and the run completes with the decisions.
    const again = crispflow(['review', 'apply', out, decisionsFile]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`Recovered ${items.length} decision\\(s\\) that the audit log records from an interrupted "review apply"`));
    expect(kinds()).toEqual(['run', ...items.map(() => 'decision'), 'run']);
    const reviewed = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'reviewed.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(reviewed[0]).toMatchObject({ review_decision: 'override', reason: 'Too new in the role', decided_by: 'Ana' });
    expect(reviewed.filter((r) => r.review_decision === 'accept')).toHaveLength(items.length - 1);
  });

  it('audit verify: exit 2 for a missing file, usage errors for incomplete commands', () => {
    expect(crispflow(['audit', 'verify', path.join(os.tmpdir(), 'no-such-audit.jsonl')]).code).toBe(2);
    expect(crispflow(['review', 'apply']).code).toBe(2);
    expect(crispflow(['audit']).code).toBe(2);
  });
});
