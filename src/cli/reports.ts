/**
 * Reports as files from a CLI run: every output that has a report (bias audit, fairness, SHAP, keyword
 * bias; src/reports/report-files.ts) is rendered as it arrives — the explanations themselves are not kept
 * to the end of the run — and written to <out>/reports/ when the run is over.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDocument } from '../core/document.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { reportFilesFor, type ReportFile } from '../reports/report-files.ts';
import { reportContextFor } from '../reports/report-context.ts';

export function createReportCollector(doc: PipelineDocument, generatedAt = new Date().toISOString()) {
  const files: ReportFile[] = [];
  return {
    /** Renders the reports of one node's outputs (called as each node finishes). */
    collect(nodeId: string, values: Record<string, unknown>): void {
      const context = reportContextFor(doc, nodeId, generatedAt);
      for (const value of Object.values(values)) files.push(...reportFilesFor(value, context));
    },
    /** Writes the reports into <out>/reports/ (atomically); returns their paths. */
    async write(outDir: string): Promise<string[]> {
      if (files.length === 0) return [];
      const dir = path.join(outDir, 'reports');
      await mkdir(dir, { recursive: true });
      const written: string[] = [];
      for (const f of files) {
        const file = path.join(dir, f.fileName);
        await writeFileAtomic(file, f.text);
        written.push(file);
      }
      return written;
    },
  };
}
