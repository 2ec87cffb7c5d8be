import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';

const template = examplePipeline('promotion-baseline');
const tmp = () => tempDir('crispflow-cli-');

describe('crispflow CLI', () => {
  it('runs the promotion baseline template and writes the summary of the contract', () => {
    const out = tmp();
    const r = crispflow(['run', template, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.pipeline).toBe('Promotion baseline');
    expect(summary.status).toBe('ok');
    for (const node of Object.values(summary.nodes) as Array<{ status: string; ms: number }>) {
      expect(node.status).toBe('ok');
      expect(node.ms).toBeGreaterThanOrEqual(0);
    }
    const metrics = summary.nodes.evaluate.outputs.metrics;
    for (const k of ['auc', 'precision', 'recall', 'f1', 'accuracy', 'threshold']) expect(typeof metrics[k]).toBe('number');
    // Capability metrics predict (biased) historical promotions well above chance.
    expect(metrics.auc).toBeGreaterThan(0.7);
    expect(metrics.auc).toBeLessThan(1);
    // Every trained model is saved for `serve --model`, with its model card (run-models.test.ts covers --registry).
    expect(summary.nodes['train-lr'].outputs.model).toMatchObject({ kind: 'logistic-regression', file: 'models/train-lr.model.json', card: 'models/train-lr.card.md', version: 1 });
    expect(JSON.parse(readFileSync(path.join(out, 'models/train-lr.model.json'), 'utf8')).format).toBe('crispflow-model/1');
    // Progress goes to stderr as plain lines when it is not a terminal, with what the nodes said.
    expect(r.stderr).toMatch(/train-lr ok \d+ ms/);
    expect(r.stderr).toMatch(/source: Read 5,000 rows × 10 columns/);
    // … which summary.json keeps per node.
    expect(summary.nodes.source.log).toContainEqual({ level: 'info', message: expect.stringMatching(/^Read 5,000 rows × 10 columns/) });
  });

  it('validate lists every problem with its node id and exits 1', () => {
    const doc = JSON.parse(readFileSync(template, 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'train-lr').params.target = 'no_such_column';
    doc.nodes.push({ id: 'mystery', type: 'no-such-node', version: 1, params: {}, position: { x: 0, y: 0 } });
    const file = path.join(tmp(), 'broken.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = crispflow(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CF007.*node "train-lr".*no_such_column/);
    expect(r.stdout).toMatch(/CF001.*node "mystery"/);
  });

  it('validate accepts the shipped template', () => {
    const r = crispflow(['validate', template]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('exits 2 for bad usage and for an invalid pipeline, without running anything', () => {
    expect(crispflow([]).code).toBe(2);
    expect(crispflow(['frobnicate', template]).code).toBe(2);
    const missing = crispflow(['run', path.join(tmp(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const file = path.join(tmp(), 'cycle.pipeline.json');
    const doc = JSON.parse(readFileSync(template, 'utf8'));
    doc.edges.push({ from: { node: 'evaluate', port: 'metrics' }, to: { node: 'source', port: 'x' } });
    writeFileSync(file, JSON.stringify(doc));
    const out = tmp();
    const r = crispflow(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing was run/);
  });

  it('exits 1 when a node fails at run time and names it in the summary', () => {
    const dir = tmp();
    // Right columns, but nobody was ever promoted: the model cannot learn from one class.
    const header = 'employee_id,group,department,tenure_years,kpi_score,training_score,peer_rating,projects_led,awards,promoted';
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${i % 2 ? 'A' : 'B'},Sales,${i % 7},${50 + i},60,3.5,1,0,0`);
    writeFileSync(path.join(dir, 'promotion.csv'), [header, ...rows].join('\n'));
    const doc = JSON.parse(readFileSync(template, 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'source').params.source = 'file';
    const file = path.join(dir, 'p.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = tmp();
    const r = crispflow(['run', file, '--out', out]);
    expect(r.code).toBe(1);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('error');
    const failed = Object.entries(summary.nodes).filter(([, n]) => (n as { status: string }).status === 'error');
    expect(failed.length).toBeGreaterThan(0);
    expect(Object.values(summary.nodes).some((n) => (n as { status: string }).status === 'skipped')).toBe(true);
  });
});
