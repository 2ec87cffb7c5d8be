/**
 * Reports as files from a CLI run: every output that has a report (bias audit, fairness, SHAP, keyword
 * bias; src/reports/report-files.ts) is rendered as it arrives — the explanations themselves are not kept
 * to the end of the run — and written to <out>/reports/ when the run is over.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDocument } from '../core/document.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { ReportFile } from '../reports/report-files.ts';

/** The renderers load with the first output (the run has started by then), not before the first step. */
const loadRenderers = () => Promise.all([import('../reports/report-files.ts'), import('../reports/report-context.ts')]);

export function createReportCollector(doc: PipelineDocument, generatedAt = new Date().toISOString()) {
  const files: ReportFile[] = [];
  // Outputs are rendered in the order they arrived, each once the renderers are loaded.
  let rendered: Promise<void> = Promise.resolve();
  let renderers: ReturnType<typeof loadRenderers> | undefined;
  return {
    /** Renders the reports of one node's outputs (called as each node finishes). */
    collect(nodeId: string, values: Record<string, unknown>): void {
      const loaded = (renderers ??= loadRenderers());
      // Taken now: the runner removes outputs nobody reads from `values` as soon as this returns.
      const outputs = Object.values(values);
      rendered = rendered.then(async () => {
        const [{ reportFilesFor }, { reportContextFor }] = await loaded;
        try {
          const context = reportContextFor(doc, nodeId, generatedAt);
          for (const value of outputs) files.push(...reportFilesFor(value, context));
        } catch {
          // As when rendering ran inside the runner's onOutputs: a renderer's bug costs that output its report, not the run.
        }
      });
    },
    /** Writes the reports into <out>/reports/ (atomically, side by side); returns their paths in the order they arrived. */
    async write(outDir: string): Promise<string[]> {
      await rendered;
      if (files.length === 0) return [];
      const dir = path.join(outDir, 'reports');
      await mkdir(dir, { recursive: true });
      const written = files.map((f) => path.join(dir, f.fileName));
      // Two reports with one name: the later one is the file, as when they were written one after another.
      const last = new Map(files.map((f, i) => [written[i], f.text]));
      await Promise.all([...last].map(([file, text]) => writeFileAtomic(file, text)));
      return written;
    },
  };
}
