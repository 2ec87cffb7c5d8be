/**
 * Node packages through the real command (bin/crispflow.mjs): the example package's pipeline is valid
 * only with --nodes, runs with the package's node in the workers, and broken packages are refused with
 * the package's name and the reason while the built-in nodes keep working.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, repoRoot, tempDir } from './testing/run-cli.ts';

const PACKAGE = 'examples/node-package';
const PIPELINE = path.join(repoRoot, PACKAGE, 'pay-equity.pipeline.json');

/** A package folder with a package.json (its `crispflow` block) and files. */
function writePackage(root: string, name: string, crispflow: unknown, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.1.0', type: 'module', crispflow }));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const node = (type: string, extra = '') => `{
  type: '${type}', version: 1, title: 'T', phase: 'data-preparation', category: 'Features', summary: 's',
  inputs: { table: { type: 'table' } }, outputs: { table: { type: 'table' } }, params: {},
  async run({ inputs }) { return { table: inputs.table }; }${extra}
}`;

describe('crispflow --nodes', () => {
  it('the example pipeline is refused without its package and valid with it', () => {
    const without = crispflow(['validate', PIPELINE]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('Unknown node type "pay-compa-ratio"');
    const withPackage = crispflow(['validate', PIPELINE, '--nodes', PACKAGE]);
    expect(withPackage.code).toBe(0);
    expect(withPackage.stdout).toContain('valid (5 nodes, 4 edges)');
    expect(withPackage.stderr).toContain('Node package "crispflow-nodes-pay-equity" 1.0.0 loaded: pay-compa-ratio.');
  });

  it('runs the package node in the worker pool and exports its columns', () => {
    const out = tempDir();
    const r = crispflow(['run', PIPELINE, '--nodes', PACKAGE, '--out', out]);
    expect(r.stderr).toContain('compa: Compa-ratio against the median pay of 6 groups (department)');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.nodes.compa).toMatchObject({ type: 'pay-compa-ratio', status: 'ok' });
    const csv = readFileSync(path.join(out, 'compa-ratio.csv'), 'utf8').split(/\r?\n/);
    expect(csv[0].endsWith(',compa_ratio,compa_ratio_band')).toBe(true);
    // employee 100001, Sales: 61,900 against the Sales median
    expect(csv[1]).toMatch(/^100001,2023-01-01,61900,.*,(within|below|above)$/);
  });

  it('refuses broken packages, naming each and the reason, and still loads the built-in nodes', () => {
    const root = tempDir('crispflow-packages-');
    const future = writePackage(root, 'future-nodes', { nodeApi: '9', nodes: './index.js' }, { 'index.js': 'export default () => [];' });
    const throwing = writePackage(root, 'throwing-nodes', { nodeApi: '1', nodes: './index.js' }, { 'index.js': "throw new Error('cannot reach the licence server');" });
    const invalid = writePackage(root, 'invalid-nodes', { nodeApi: '1', nodes: './index.js' }, {
      'index.js': `export const nodes = [{ ...${node('Bad Type')}, phase: 'cooking' }];`,
    });
    const duplicate = writePackage(root, 'duplicate-nodes', { nodeApi: '1', nodes: './index.js' }, { 'index.js': `export const nodes = [${node('join')}];` });
    const noManifest = path.join(root, 'no-manifest');
    mkdirSync(noManifest);
    const r = crispflow([
      'validate', examplePipeline('promotion-baseline'),
      '--nodes', future, '--nodes', throwing, '--nodes', invalid, '--nodes', duplicate, '--nodes', noManifest, '--nodes', 'no-such-crispflow-package',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid');
    expect(r.stderr).toContain('Node package "future-nodes" was not loaded: it needs node API 9, but this Crispflow supports node API 1');
    expect(r.stderr).toContain('Node package "throwing-nodes" was not loaded: it failed while loading: cannot reach the licence server');
    expect(r.stderr).toContain('Node package "invalid-nodes" was not loaded: its definitions are invalid: node "Bad Type" needs a "type" in kebab-case');
    expect(r.stderr).toContain('has phase "cooking"');
    expect(r.stderr).toContain('Node package "duplicate-nodes" was not loaded: node type "join" is already taken by a built-in node; rename the type.');
    expect(r.stderr).toContain('Node package "no-manifest" was not loaded: it has no manifest');
    expect(r.stderr).toContain('Node package "no-such-crispflow-package" was not loaded: it is neither a folder nor an npm package installed here');
  });
});
