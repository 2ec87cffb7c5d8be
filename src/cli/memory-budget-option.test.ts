import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';

const template = examplePipeline('promotion-baseline');

/** The baseline with a second logistic regression beside the first, so two steps are ready at once. */
function twoBranches(dir: string): string {
  const doc = JSON.parse(readFileSync(template, 'utf8'));
  const train = doc.nodes.find((n: { id: string }) => n.id === 'train-lr');
  doc.nodes.push({ ...train, id: 'train-lr-2', position: { x: train.position.x, y: train.position.y + 200 } });
  for (const e of doc.edges.filter((x: { to: { node: string } }) => x.to.node === 'train-lr')) doc.edges.push({ ...e, to: { ...e.to, node: 'train-lr-2' } });
  delete doc.metadata.roles;
  const file = path.join(dir, 'two-branches.pipeline.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('crispflow run --memory-budget', () => {
  it('runs within a small budget (steps one at a time) with the same results, and says so in the log', () => {
    const out = tempDir('crispflow-budget-');
    const r = crispflow(['run', twoBranches(out), '--out', out, '--memory-budget', '0.01']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('ok');
    const logs = Object.values(summary.nodes as Record<string, { log?: Array<{ message: string }> }>).flatMap((n) => n.log ?? []);
    expect(logs.some((l) => /^Waits for memory: the run holds \d+ MB of results, over its budget of 0 MB; steps now run one at a time\.$/.test(l.message))).toBe(true);
    expect(summary.nodes.evaluate.outputs.metrics.auc).toBeGreaterThan(0.7);
    // The two trainers ran one after the other: the second started once the first had finished.
    expect(r.stderr).toMatch(/train-lr(-2)? ok \d+ ms[\s\S]*train-lr(-2)? running/);
  });

  it('refuses a budget that is not a positive number of megabytes with exit 2', () => {
    const r = crispflow(['run', template, '--out', tempDir('crispflow-budget-'), '--memory-budget', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--memory-budget must be a positive number of megabytes (MB), e.g. --memory-budget 2048; got "lots".');
  });
});
