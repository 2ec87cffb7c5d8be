/**
 * `crispflow review apply --nodes` through the real command: a waiting run whose pipeline uses a node
 * from a node package resumes only when the package is given again; without it nothing is recorded and
 * the unknown type is named.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';

/** A node package with one node that adds a "checked" column (1 on every row) to its table. */
function writeCheckPackage(root: string): string {
  const dir = path.join(root, 'review-check-nodes');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'review-check-nodes', version: '0.1.0', type: 'module', crispflow: { nodeApi: '1', nodes: './index.js' } }));
  writeFileSync(
    path.join(dir, 'index.js'),
    `export const nodes = [{
  type: 'mark-checked', version: 1, title: 'Mark checked', phase: 'deployment', category: 'Review', summary: 'Adds checked = 1.',
  inputs: { table: { type: 'table' } }, outputs: { table: { type: 'table' } }, params: {},
  async run({ inputs }) {
    const t = inputs.table;
    return { table: { nRows: t.nRows, columns: [...t.columns, { name: 'checked', type: 'integer', values: new Float64Array(t.nRows).fill(1) }] } };
  },
}];
`,
  );
  return dir;
}

/** The promotion baseline, a review of the recommended people, the package's node, an export. */
function pipelineWithPackageNode(dir: string): string {
  const doc = JSON.parse(readFileSync(examplePipeline('promotion-baseline'), 'utf8'));
  doc.nodes.push(
    {
      id: 'review',
      type: 'human-review',
      version: 1,
      params: { itemColumn: 'employee_id', groupColumn: 'group', threshold: 0.5, scope: 'recommended', hideScore: false, fourEyes: false },
      position: { x: 1040, y: 120 },
    },
    { id: 'mark', type: 'mark-checked', version: 1, params: {}, position: { x: 1300, y: 120 } },
    { id: 'export', type: 'export-table', version: 1, params: { fileName: 'reviewed.csv' }, position: { x: 1560, y: 120 } },
  );
  doc.edges.push(
    { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'review', port: 'predictions' } },
    { from: { node: 'review', port: 'decisions' }, to: { node: 'mark', port: 'table' } },
    { from: { node: 'mark', port: 'table' }, to: { node: 'export', port: 'table' } },
  );
  const file = path.join(dir, 'review-package.pipeline.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('crispflow review apply --nodes', () => {
  it('resumes a run whose pipeline uses a package node only with the package, recording nothing without it', () => {
    const dir = tempDir('crispflow-review-nodes-');
    const pkg = writeCheckPackage(dir);
    const file = pipelineWithPackageNode(dir);
    const out = path.join(dir, 'out');

    const run = crispflow(['run', file, '--out', out, '--nodes', pkg]);
    expect(run.code, run.stderr).toBe(3);
    const queue = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'review-queue.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(queue.length).toBeGreaterThan(0);
    const decisions = path.join(dir, 'decisions.csv');
    writeFileSync(decisions, ['item_id,decision,reason,reviewer', ...queue.map((r) => `${r.item_id},accept,,Ana`)].join('\n') + '\n');
    const auditFile = path.join(out, 'audit.jsonl');
    const auditBefore = readFileSync(auditFile, 'utf8');

    const without = crispflow(['review', 'apply', out, decisions]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('uses node type(s) "mark-checked"');
    expect(without.stderr).toContain('--nodes');
    expect(readFileSync(auditFile, 'utf8')).toBe(auditBefore);
    expect(JSON.parse(readFileSync(path.join(out, 'run-state.json'), 'utf8')).status).toBe('waiting');

    const applied = crispflow(['review', 'apply', out, decisions, '--nodes', pkg]);
    expect(applied.code, applied.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('ok');
    expect(summary.nodes.mark).toMatchObject({ type: 'mark-checked', status: 'ok' });
    const reviewed = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'reviewed.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(reviewed.map((r) => r.employee_id)).toEqual(queue.map((r) => r.item_id));
    expect(reviewed.every((r) => r.checked === '1' && r.review_decision === 'accept')).toBe(true);
  });
});
