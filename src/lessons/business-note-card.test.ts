import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../core/document.ts';
import type { Model } from '../core/ports.ts';
import { modelCardHtml, modelCardMarkdown } from '../governance/registry/model-card.ts';
import { registerModelVersion } from '../governance/registry/model-version.ts';
import { trainedModels } from '../runtime/model-evaluations.ts';

const model = {
  kind: 'logistic-regression',
  hyperParams: { C: 1 },
  featureNames: ['kpi_score'],
  featurizer: null,
  state: {},
  target: { column: 'promoted', positive: '1' },
  fingerprint: 'fp-1',
} as unknown as Model;

function doc(withNote: boolean): PipelineDocument {
  const nodes = [
    { id: 'train-lr', type: 'logistic-regression', version: 1, params: {}, position: { x: 0, y: 0 } },
    ...(withNote
      ? [
          {
            id: 'note',
            type: 'business-understanding',
            version: 1,
            params: { objective: 'Recommend people for leadership training.\nNo automated decisions.', protectedAttributes: 'group, gender', legalBasis: '' },
            position: { x: 0, y: 0 },
          },
        ]
      : []),
  ];
  return { schemaVersion: 1, metadata: { name: 'Promotion' }, nodes, edges: [] } as unknown as PipelineDocument;
}

describe('the business-understanding note in model cards', () => {
  it('travels from the pipeline to the version record and into both card formats', () => {
    const [trained] = trainedModels({ doc: doc(true), outputs: { 'train-lr': { model } }, portType: (_n, p) => (p === 'model' ? 'model' : undefined) });
    expect(trained.registration.business).toEqual({ objective: 'Recommend people for leadership training.\nNo automated decisions.', protectedAttributes: ['group', 'gender'] });
    const { version } = registerModelVersion([], { ...trained.registration, now: new Date('2026-12-07T00:00:00Z') });
    const md = modelCardMarkdown(version);
    expect(md).toContain('## Business understanding');
    expect(md).toContain('| Objective | Recommend people for leadership training. No automated decisions. |');
    expect(md).toContain('| Protected attributes | group, gender |');
    expect(md).not.toContain('Legal basis');
    expect(md.indexOf('## Business understanding')).toBeLessThan(md.indexOf('## Intended use'));
    expect(modelCardHtml(version)).toContain('<h2>Business understanding</h2>');
  });

  it('adds no section when the pipeline has no note', () => {
    const [trained] = trainedModels({ doc: doc(false), outputs: { 'train-lr': { model } }, portType: (_n, p) => (p === 'model' ? 'model' : undefined) });
    expect(trained.registration.business).toBeUndefined();
    expect(modelCardMarkdown(registerModelVersion([], trained.registration).version)).not.toContain('Business understanding');
  });
});
