/**
 * The heading facts of a report on one node's output, from the pipeline document: its name and the
 * node's label, the datasets upstream of the node, the pipeline's description, and its
 * business-understanding note (objective, success criteria, stakeholders, legal basis, protected
 * attributes). The CLI (--out/reports/) and the designer's report downloads both build it here, so
 * the files they hand on say the same. Pure (no DOM, no file system).
 */
import { extractBusinessNote } from '../lessons/business-note.ts';
import type { ReportContext } from './report-page.ts';
import { upstreamDatasetNames } from './upstream-datasets.ts';

interface DocLike {
  metadata: { name: string; description?: unknown };
  nodes: Array<{ id: string; type: string; label?: string; params: Record<string, unknown> }>;
  edges: Array<{ from: { node: string }; to: { node: string } }>;
}

export function reportContextFor(doc: DocLike, nodeId: string, generatedAt: string): ReportContext {
  const business = extractBusinessNote(doc);
  return {
    pipeline: doc.metadata.name,
    nodeId,
    nodeLabel: doc.nodes.find((n) => n.id === nodeId)?.label,
    generatedAt,
    dataSources: upstreamDatasetNames(doc, nodeId),
    dataExplanation: typeof doc.metadata.description === 'string' ? doc.metadata.description : undefined,
    ...(business ? { business } : {}),
  };
}
