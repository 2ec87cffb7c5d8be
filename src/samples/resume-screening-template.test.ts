/**
 * examples/resume-screening.pipeline.json end to end through the CLI, on a smaller copy of the resumes
 * sample (--data) and with fewer trees, so it stays quick; the full-size run is in bench/resume.bench.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resumesCsv } from './resumes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const template = path.join(root, 'examples/resume-screening.pipeline.json');

describe('examples/resume-screening.pipeline.json', () => {
  it('runs through the CLI and writes metrics and fairness summaries for both models', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-resume-'));
    writeFileSync(path.join(dir, 'resumes.csv'), resumesCsv({ n: 2000 }));
    const doc = JSON.parse(readFileSync(template, 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'train-rf').params.nTrees = 15;
    const file = path.join(dir, 'resume.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = path.join(dir, 'out');
    const r = spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'run', file, '--data', dir, '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.pipeline).toBe('Resume screening');
    expect(Object.values(summary.nodes).every((n) => (n as { status: string }).status === 'ok')).toBe(true);
    expect(summary.nodes.source.outputs.table.rows).toBe(2000);
    for (const id of ['evaluate-lr', 'evaluate-rf']) {
      const m = summary.nodes[id].outputs.metrics;
      expect(m.n).toBe(400);
      expect(m.auc).toBeGreaterThan(0.75);
      for (const k of ['precision', 'recall', 'f1', 'accuracy']) expect(m[k]).toBeGreaterThan(0);
    }
    // the logistic regression on anonymised text still carries the historical bias against women
    const fairness = summary.nodes['fairness-lr'].outputs.report;
    expect(fairness.privileged).toBe('Male');
    expect(fairness.groups.Female.selectionRate).toBeLessThan(fairness.groups.Male.selectionRate);
    expect(fairness.disparateImpact).toBeLessThan(1);
    expect(summary.nodes['keyword-bias'].outputs.report.kind).toBe('keyword-bias');
    expect(summary.nodes.tfidf.outputs.train.sparse.features).toBeGreaterThan(500);
  });
});
