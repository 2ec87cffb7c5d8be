import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../core/document.ts';
import type { FairnessReport } from '../core/ports.ts';
import { reportContextFor } from '../reports/report-context.ts';
import { reportFilesFor } from '../reports/report-files.ts';
import { createReportCollector } from './reports.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const outDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'cf-reports-'));
  dirs.push(d);
  return d;
};

const doc = {
  schemaVersion: 1,
  metadata: { name: 'Screening' },
  nodes: [
    { id: 'fair-a', type: 'fairness-metrics', version: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'fair-b', type: 'fairness-metrics', version: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'broken', type: 'fairness-metrics', version: 1, params: {}, position: { x: 0, y: 0 } },
  ],
  edges: [],
} as unknown as PipelineDocument;

function fairness(selectionF: number): FairnessReport {
  return {
    attribute: 'sex',
    privileged: 'M',
    favorable: 'predicted = 1',
    groups: [
      { group: 'F', n: 10, selectionRate: selectionF, tpr: 0.5, fpr: 0.1, impactRatioVsMostFavoured: selectionF / 0.4 },
      { group: 'M', n: 10, selectionRate: 0.4, tpr: 0.8, fpr: 0.2, impactRatioVsMostFavoured: 1 },
    ] as FairnessReport['groups'],
    disparateImpact: selectionF / 0.4,
    statisticalParityDifference: selectionF - 0.4,
    equalOpportunityDifference: -0.3,
    averageOddsDifference: -0.2,
    equalizedOddsDifference: 0.3,
    warnings: [],
  } as FairnessReport;
}

const GENERATED_AT = '2026-12-08T05:00:00.000Z';
const rendered = (nodeId: string, value: unknown) => reportFilesFor(value, reportContextFor(doc, nodeId, GENERATED_AT));

describe('CLI report files', () => {
  it('are the rendered reports of each output, written side by side and listed in the order the outputs arrived', async () => {
    const reports = createReportCollector(doc, GENERATED_AT);
    reports.collect('fair-b', { report: fairness(0.1), table: { nRows: 3, columns: [] } });
    reports.collect('fair-a', { report: fairness(0.2) });
    const out = outDir();
    const written = await reports.write(out);
    expect(written.map((f) => path.relative(out, f))).toEqual(['reports/fair-b-fairness.html', 'reports/fair-b-fairness.csv', 'reports/fair-a-fairness.html', 'reports/fair-a-fairness.csv']);
    const expected = [...rendered('fair-b', fairness(0.1)), ...rendered('fair-a', fairness(0.2))];
    expected.forEach((f, i) => expect(readFileSync(written[i], 'utf8')).toBe(f.text));
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.join(out, 'reports')).sort()).toEqual(['fair-a-fairness.csv', 'fair-a-fairness.html', 'fair-b-fairness.csv', 'fair-b-fairness.html']);
  });

  it('are rendered from the outputs as they arrived, though the runner drops unread outputs from the record right after', async () => {
    const reports = createReportCollector(doc, GENERATED_AT);
    const values: Record<string, unknown> = { report: fairness(0.2) };
    reports.collect('fair-a', values);
    delete values.report; // what the runner's release does to an output no step reads
    const out = outDir();
    const written = await reports.write(out);
    expect(written.map((f) => path.basename(f))).toEqual(['fair-a-fairness.html', 'fair-a-fairness.csv']);
    expect(readFileSync(written[1], 'utf8')).toBe(rendered('fair-a', fairness(0.2))[1].text);
  });

  it('keep the later of two reports with one name, as when they were written one after another', async () => {
    const reports = createReportCollector(doc, GENERATED_AT);
    reports.collect('fair-a', { first: fairness(0.1), second: fairness(0.3) });
    const out = outDir();
    const written = await reports.write(out);
    expect(written.map((f) => path.basename(f))).toEqual(['fair-a-fairness.html', 'fair-a-fairness.csv', 'fair-a-fairness.html', 'fair-a-fairness.csv']);
    const later = rendered('fair-a', fairness(0.3));
    expect(readFileSync(path.join(out, 'reports', 'fair-a-fairness.csv'), 'utf8')).toBe(later[1].text);
    expect(readFileSync(path.join(out, 'reports', 'fair-a-fairness.html'), 'utf8')).toBe(later[0].text);
  });

  it('lose only the report of an output its renderer cannot draw; the others are written', async () => {
    const reports = createReportCollector(doc, GENERATED_AT);
    const broken = { ...fairness(0.1), groups: [null] } as unknown as FairnessReport;
    expect(() => rendered('broken', broken)).toThrow();
    reports.collect('broken', { report: broken });
    reports.collect('fair-a', { report: fairness(0.2) });
    const out = outDir();
    const written = await reports.write(out);
    expect(written.map((f) => path.basename(f))).toEqual(['fair-a-fairness.html', 'fair-a-fairness.csv']);
  });

  it('write nothing, not even the folder, when no output has a report', async () => {
    const reports = createReportCollector(doc, GENERATED_AT);
    reports.collect('fair-a', { table: { nRows: 0, columns: [] } });
    const out = outDir();
    expect(await reports.write(out)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });
});
