/**
 * The attrition template's cross-validation evaluates the configuration that is deployed: the CV retrains
 * the connected gradient-boosting model with its settings (early stopping included), not its own
 * 200-tree settings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../core/document-io.ts';
import type { Metrics, Model } from '../core/ports.ts';
import { cliDatasetProvider } from '../cli/load-pipeline.ts';
import { runInProcess } from '../runtime/testing/run-in-process.ts';
import { createBuiltinRegistry } from '../../nodes/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'examples', 'attrition.pipeline.json');

describe('attrition template: the CV validates the deployed model', () => {
  it('connects the trained gradient-boosting model to the CV', () => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.edges).toContainEqual({ from: { node: 'train-gb', port: 'model' }, to: { node: 'cv', port: 'model' } });
  });

  it('every fold trains with the deployed settings: early stopping when the deployed model stops early', async () => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    // The sample has fewer than 10,000 rows, where "auto" means no early stopping: force it on, as on bigger data.
    json.nodes.find((n: { id: string }) => n.id === 'train-gb').params.earlyStopping = 'on';
    const { doc } = parsePipeline(json);
    const registry = createBuiltinRegistry();
    const out = await runInProcess(doc!, registry, cliDatasetProvider(file), ['cv', 'train-gb']);
    const model = out['train-gb'].model as Model;
    const deployed = model.hyperParams as Record<string, unknown>;
    expect(deployed.earlyStopping).toBe(true);
    const trees = (model.state as { nTrees: number }).nTrees;
    expect(trees).toBeLessThan(deployed.maxIter as number);
    const folds = (out.cv.metrics as Metrics).folds! as unknown as Array<{ trees: number }>;
    expect(folds.length).toBeGreaterThan(1);
    // Without the connection each fold grew all 200 trees (the CV's own settings have no early stopping).
    for (const f of folds) {
      expect(f.trees).toBeGreaterThan(0);
      expect(f.trees).toBeLessThan(deployed.maxIter as number);
    }
  }, 180_000);
});
