import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The promotion baseline with one edit, written to a fresh folder. */
function editedTemplate(edit: (doc: { metadata: Record<string, unknown>; nodes: Array<{ id: string; params: Record<string, unknown> }>; edges: Array<{ from: { node: string }; to: { node: string } }> }) => void): string {
  const doc = JSON.parse(readFileSync(template, 'utf8'));
  edit(doc);
  const file = path.join(tmp(), 'edited.pipeline.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('crispflow CLI: hostile and careless pipeline files (issue 12, item 4)', () => {
  it('refuses a node id "__proto__" with a documented exit code, naming the node, and writes nothing', () => {
    const file = editedTemplate((doc) => {
      doc.nodes.find((n) => n.id === 'train-lr')!.id = '__proto__';
      for (const e of doc.edges) for (const end of [e.from, e.to]) if (end.node === 'train-lr') end.node = '__proto__';
    });
    const v = crispflow(['validate', file]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/CF012 \(node "__proto__", field "nodes\[2\]\.id"\).*reserved name/);
    const out = path.join(tmp(), 'out');
    const r = crispflow(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"__proto__" is not a usable node id/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses deeply nested metadata when parsing, before the run (and its audit entry) could start', () => {
    // Written as text: JSON.stringify itself would overflow the stack on this value.
    const deep = `${'{"level":'.repeat(10_000)}"bottom"${'}'.repeat(10_000)}`;
    const file = path.join(tmp(), 'deep.pipeline.json');
    writeFileSync(file, readFileSync(template, 'utf8').replace('"metadata": {', `"metadata": { "notes": ${deep},`));
    expect(readFileSync(file, 'utf8')).toContain('"notes"');
    const v = crispflow(['validate', file]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/CF012 \(field "metadata\.notes\.level\.level\.level\.level…level\.level"\).*more than 64 levels deep/);
    const out = path.join(tmp(), 'out');
    const r = crispflow(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(path.join(out, 'audit.jsonl'))).toBe(false);
  });

  it('validate warns about an unknown parameter key, naming node and key and the closest known key', () => {
    const file = editedTemplate((doc) => {
      doc.nodes.find((n) => n.id === 'train-lr')!.params.max_iter = 50;
    });
    const v = crispflow(['validate', file]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('warning CF018 (node "train-lr", field "max_iter"): "max_iter" is not a parameter of "logistic-regression", so it is ignored. Did you mean "maxIter"?');
    expect(v.stdout).toMatch(/valid \(4 nodes, 4 edges\), with 1 warning above\./);
  });

  it('validate refuses a dataset name that leaves the data folders, naming node and field', () => {
    for (const name of ['../../etc/passwd', '/etc/passwd', 'data\\people.csv', 'people\u0000.csv']) {
      const file = editedTemplate((doc) => {
        Object.assign(doc.nodes.find((n) => n.id === 'source')!.params, { source: 'file', name });
      });
      const v = crispflow(['validate', file]);
      expect(v.code, name).toBe(1);
      expect(v.stdout).toContain(`error CF019 (node "source", field "name"): Dataset name "${name}" in parameter "name" is refused`);
    }
  });

  it('refuses a pipeline file over the size limit without reading it', () => {
    const file = editedTemplate((doc) => {
      doc.metadata.description = 'x'.repeat(6 * 1024 * 1024);
    });
    const v = crispflow(['validate', file]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/is 6\.0 MB; a pipeline file may have at most 5 MB/);
  });

  it('every shipped template still validates, without warnings', () => {
    const dir = path.dirname(template);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.pipeline.json'))) {
      const v = crispflow(['validate', path.join(dir, name)]);
      expect(v.code, `${name}: ${v.stdout}`).toBe(0);
      expect(v.stdout, name).not.toMatch(/warning/);
    }
  });
});

