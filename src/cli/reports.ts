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
import type { ReportContext } from '../reports/report-page.ts';

/** The dataset names upstream of a node (its data sources, as a report states them). */
export function upstreamDatasets(doc: PipelineDocument, nodeId: string): string[] {
  const parents = new Map<string, string[]>();
  for (const e of doc.edges) parents.set(e.to.node, [...(parents.get(e.to.node) ?? []), e.from.node]);
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(parents.get(id) ?? []));
  }
  return doc.nodes
    .filter((n) => seen.has(n.id) && n.type === 'dataset-source' && typeof n.params.name === 'string' && n.params.name)
    .map((n) => String(n.params.name));
}

export function createReportCollector(doc: PipelineDocument, generatedAt = new Date().toISOString()) {
  const files: ReportFile[] = [];
  const labels = new Map(doc.nodes.map((n) => [n.id, n.label]));
  const description = typeof doc.metadata.description === 'string' ? doc.metadata.description : undefined;
  return {
    /** Renders the reports of one node's outputs (called as each node finishes). */
    collect(nodeId: string, values: Record<string, unknown>): void {
      const context: ReportContext = {
        pipeline: doc.metadata.name,
        nodeId,
        nodeLabel: labels.get(nodeId),
        generatedAt,
        dataSources: upstreamDatasets(doc, nodeId),
        dataExplanation: description,
      };
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
