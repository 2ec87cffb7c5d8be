/**
 * Auto-layout with ELK's layered algorithm (left → right, like data flowing through the pipeline).
 * ELK runs in its own Web Worker (loaded on first use), so laying out big pipelines never blocks
 * the page.
 */
import type { ELK } from 'elkjs/lib/elk-api';
import type { PipelineDocument } from '../../core/document.ts';
import type { XY } from '../store/doc-edits.ts';

let elk: Promise<ELK> | undefined;

async function loadElk(): Promise<ELK> {
  const [{ default: ELKApi }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  return new ELKApi({ workerFactory: () => new Worker(workerUrl) });
}

const DEFAULT_SIZE = { width: 220, height: 110 };

export async function layoutPositions(
  doc: PipelineDocument,
  sizes: Record<string, { width: number; height: number } | undefined>,
): Promise<Record<string, XY>> {
  elk ??= loadElk();
  const engine = await elk;
  const graph = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes[n.id] ?? DEFAULT_SIZE) })),
    edges: doc.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from.node], targets: [e.to.node] })),
  });
  const out: Record<string, XY> = {};
  for (const c of graph.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}
