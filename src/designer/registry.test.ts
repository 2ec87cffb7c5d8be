import { describe, expect, it } from 'vitest';
import nodes from '../../examples/node-package/index.js';
import { definitionsFromModule } from '../core/node-packages.ts';
import { createDesignerRegistry, nodePackageProblems } from './registry.ts';

describe('designer registry with node packages', () => {
  it('adds the nodes of bundled packages, marked with their package, and reports the unusable ones', () => {
    const registry = createDesignerRegistry([
      { name: 'crispflow-nodes-pay-equity', version: '1.0.0', definitions: definitionsFromModule({ default: nodes }) },
      { name: 'future-nodes', error: new Error('it needs node API 9') },
    ]);
    expect(registry.get('pay-compa-ratio')?.origin).toEqual({ package: 'crispflow-nodes-pay-equity', version: '1.0.0' });
    expect(registry.get('join')?.origin).toBeUndefined();
    expect(registry.get('join')?.help).toContain('Join');
    expect(nodePackageProblems()).toEqual(['Node package "future-nodes" was not loaded: it failed while loading: it needs node API 9']);
  });

  it('has no extension nodes when none were named at build time', () => {
    const registry = createDesignerRegistry();
    expect(registry.list().filter((d) => d.origin)).toEqual([]);
    expect(nodePackageProblems()).toEqual([]);
  });
});
