import { describe, expect, it } from 'vitest';
import { defineNode, type CrispPhase } from '../../core/node-definition.ts';
import { extensionLabel, paletteGroups } from './palette-groups.ts';

const def = (type: string, phase: CrispPhase, category: string, summary: string) =>
  defineNode({ type, version: 1, title: type, phase, category, summary, inputs: {}, outputs: {}, params: {}, run: async () => ({}) });

const defs = [
  def('train-lr', 'modeling', 'Models', 'Logistic regression'),
  def('source', 'data-understanding', 'Sources', 'Load a CSV file'),
  def('impute', 'data-preparation', 'Clean', 'Fill missing values'),
  def('audit', 'evaluation', 'Fairness', 'Disparate impact check'),
];

describe('paletteGroups', () => {
  it('orders groups by CRISP-DM phase and drops empty ones', () => {
    expect(paletteGroups(defs, '').map((g) => g.phase)).toEqual(['data-understanding', 'data-preparation', 'modeling', 'evaluation']);
  });
  it('searches titles, summaries and categories with every word', () => {
    expect(paletteGroups(defs, 'csv').flatMap((g) => g.nodes.map((n) => n.type))).toEqual(['source']);
    expect(paletteGroups(defs, 'fairness impact').flatMap((g) => g.nodes.map((n) => n.type))).toEqual(['audit']);
    expect(paletteGroups(defs, 'nothing-like-this')).toEqual([]);
  });
  it('finds extension nodes by their package name and the word "extension", and labels them', () => {
    const ext = { ...def('pay-compa-ratio', 'data-preparation', 'Features', 'Pay relative to the peer median'), origin: { package: 'crispflow-nodes-pay-equity', version: '1.0.0' } };
    const all = [...defs, ext];
    expect(paletteGroups(all, 'extension').flatMap((g) => g.nodes.map((n) => n.type))).toEqual(['pay-compa-ratio']);
    expect(paletteGroups(all, 'pay-equity').flatMap((g) => g.nodes.map((n) => n.type))).toEqual(['pay-compa-ratio']);
    expect(extensionLabel(ext)).toBe('Extension from crispflow-nodes-pay-equity 1.0.0');
    expect(extensionLabel(defs[0])).toBeUndefined();
  });
});
