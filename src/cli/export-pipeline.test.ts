/**
 * Bad input for the cluster export and partial runs (issue 16): what cannot run as a step, or a step
 * without what it reads, exits 2 naming it; nothing is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';

describe('crispflow export --target argo|kfp: refusals', () => {
  it('a human-review node cannot be an unattended step: exit 2 naming it, no file', () => {
    for (const target of ['argo', 'kfp']) {
      const out = path.join(tempDir(), `${target}.yaml`);
      const r = crispflow(['export', examplePipeline('promotion'), '--target', target, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Node "[\w-]+" \(human-review\) waits for human review/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('an unknown node type: exit 2 naming the node and the type', () => {
    const doc = JSON.parse(readFileSync(examplePipeline('promotion-baseline'), 'utf8')) as { nodes: Array<{ id: string; type: string }> };
    doc.nodes.find((n) => n.id === 'split')!.type = 'quantum-split';
    const file = path.join(tempDir(), 'odd.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = path.join(tempDir(), 'wf.yaml');
    const r = crispflow(['export', file, '--target', 'argo', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('quantum-split');
    expect(r.stderr).toContain('split');
    expect(existsSync(out)).toBe(false);
  });

  it('a pipeline too large to travel in the steps: exit 2 with the limit', () => {
    const doc = JSON.parse(readFileSync(examplePipeline('promotion-baseline'), 'utf8')) as { metadata: Record<string, unknown> };
    doc.metadata.description = 'x'.repeat(250_000);
    const file = path.join(tempDir(), 'big.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = crispflow(['export', file, '--target', 'kfp', '--out', path.join(tempDir(), 'k.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('which Linux limits to 120000 bytes');
    const a = crispflow(['export', file, '--target', 'argo', '--out', path.join(tempDir(), 'a.yaml')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/embedded in each of the 5 steps/);
  });

  it('a relative --data (not a container path) and an unknown target: exit 2', () => {
    const r = crispflow(['export', examplePipeline('promotion-baseline'), '--target', 'argo', '--data', 'data', '--out', path.join(tempDir(), 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be an absolute path inside the container');
    const t = crispflow(['export', examplePipeline('promotion-baseline'), '--target', 'airflow', '--out', path.join(tempDir(), 'x.yaml')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/Unknown export target "airflow".*argo, kfp/);
  });
});

describe('crispflow run --only: refusals', () => {
  it('a step whose inputs were not given names the node, the port and what to run first', () => {
    const out = tempDir();
    const r = crispflow(['run', examplePipeline('promotion-baseline'), '--only', 'split', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Node "split" reads "source.table", which is in none of the --inputs folders (none given): run the step with node "source" first');
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
  });

  it('an unknown node and a human-review node: exit 2 naming them', () => {
    const unknown = crispflow(['run', examplePipeline('promotion-baseline'), '--only', 'nope', '--out', tempDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no node "nope" in the pipeline (its nodes: source, split, train-lr, evaluate)');
    const review = crispflow(['run', examplePipeline('promotion'), '--only', 'panel-review', '--out', tempDir()]);
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('Node "panel-review" (human-review) waits for human review');
  });

  it('--collect names a node no step reported and fails (exit 1)', () => {
    const work = tempDir();
    const pipeline = examplePipeline('promotion-baseline');
    expect(crispflow(['run', pipeline, '--only', 'source', '--out', path.join(work, 'a')]).code).toBe(0);
    const r = crispflow(['run', pipeline, '--collect', '--inputs', path.join(work, 'a'), '--out', path.join(work, 'all')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No step reported node(s) split, train-lr, evaluate');
    const summary = JSON.parse(readFileSync(path.join(work, 'all/summary.json'), 'utf8')) as { status: string; nodes: Record<string, { status: string }> };
    expect(summary.status).toBe('error');
    expect(summary.nodes.source.status).toBe('ok');
    expect(summary.nodes.split.status).toBe('skipped');
  });
});
