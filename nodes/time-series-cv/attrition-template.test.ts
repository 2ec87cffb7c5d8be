import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fixture from './attrition-cv.fixture.json' with { type: 'json' };
import { runInProcess } from '../../src/runtime/testing/run-in-process.ts';
import { parsePipeline } from '../../src/core/document-io.ts';
import { createBuiltinRegistry } from '../index.ts';
import { cliDatasetProvider } from '../../src/cli/load-pipeline.ts';
import type { Metrics } from '../../src/core/ports.ts';
import type { Table } from '../../src/core/table/table.ts';
import { isoDate } from '../../src/ml/temporal/dates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'examples', 'attrition.pipeline.json');

describe('attrition template: time-series CV against scikit-learn', () => {
  it('has per-fold AUCs within 0.01 of HistGradientBoostingClassifier on the same folds and features', async () => {
    const { doc } = parsePipeline(JSON.parse(readFileSync(file, 'utf8')));
    const out = await runInProcess(doc!, createBuiltinRegistry(), cliDatasetProvider(file), ['cv']);
    expect((out.labelled.table as Table).nRows).toBe(fixture.panelRows);
    const folds = (out.cv.metrics as Metrics).folds!;
    expect(folds.map((f) => isoDate(f.testStart))).toEqual(fixture.folds.map((f) => f.testStart));
    folds.forEach((f, k) => {
      expect(f.trainRows).toBe(fixture.folds[k].trainRows);
      expect(f.testRows).toBe(fixture.folds[k].testRows);
      expect(Math.abs(f.auc - fixture.folds[k].auc)).toBeLessThan(0.01);
    });
  }, 120_000);
});
