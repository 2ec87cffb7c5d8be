import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'proxy-detection',
  version: 1,
  title: 'Proxy detection',
  phase: 'data-understanding',
  category: 'Fairness',
  summary: 'Ranks features by how well they reveal a protected attribute (AUC, mutual information) and flags likely proxies.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { report: { type: 'report', label: 'Proxy ranking' } },
  params: {
    protected: param.columns({ from: 'table', types: ['category', 'integer', 'boolean', 'text'], label: 'Protected columns', minItems: 1 }),
    features: param.columns({
      from: 'table',
      types: ['number', 'integer', 'boolean', 'category', 'text'],
      label: 'Features',
      help: 'Columns to check. Empty: every feature column (not the target, identifiers or protected columns).',
    }),
    aucThreshold: param.number({ default: 0.7, min: 0.5, max: 1, step: 0.01, label: 'AUC flag threshold', help: 'Flag features whose AUC for the protected attribute reaches this (0.5 = no information).' }),
    miThreshold: param.number({ default: 0.1, min: 0, max: 1, step: 0.01, label: 'Mutual information flag threshold', help: 'Flag features whose normalised mutual information reaches this (0 = independent, 1 = determines the group).' }),
    bins: param.integer({ default: 10, min: 2, max: 100, label: 'Bins for numbers', advanced: true }),
  },
  schema() {
    return { report: { kind: 'proxy-detection' } };
  },
});

export const proxyDetection = withLazyRun(description, () => import('./run.ts'));
