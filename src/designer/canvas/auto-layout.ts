/**
 * Auto-layout with ELK's layered algorithm (left → right, like data flowing through the pipeline).
 * ELK runs in its own Web Worker (loaded on first use), so laying out big pipelines never blocks
 * the page. Unconnected nodes are ordered along the data flow (flow-order.ts).
 */
import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { XY } from '../store/doc-edits.ts';
import { flowOrderHints } from './flow-order.ts';

let elk: Promise<ELK> | undefined;

async function loadElk(): Promise<ELK> {
  const [{ default: ELKApi }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  return new ELKApi({ workerFactory: () => new Worker(workerUrl) });
}

const DEFAULT_SIZE = { width: 220, height: 110 };

/**
 * The ELK graph of `doc`: its edges plus the flow-order hints (flow-order.ts) for nodes their edges
 * leave unplaced, so sources go left and outputs right even before anything is connected.
 */
export function layoutGraph(
  doc: PipelineDocument,
  sizes: Record<string, { width: number; height: number } | undefined>,
  registry?: NodeRegistry,
): ElkNode {
  const hints = registry ? flowOrderHints(doc, registry) : [];
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes[n.id] ?? DEFAULT_SIZE) })),
    edges: [
      ...doc.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from.node], targets: [e.to.node] })),
      ...hints.map((h, i) => ({ id: `hint${i}`, sources: [h.from], targets: [h.to] })),
    ],
  };
}

export async function layoutPositions(
  doc: PipelineDocument,
  sizes: Record<string, { width: number; height: number } | undefined>,
  registry?: NodeRegistry,
  engine?: Pick<ELK, 'layout'>,
): Promise<Record<string, XY>> {
  const layout = engine ?? (await (elk ??= loadElk()));
  const graph = await layout.layout(layoutGraph(doc, sizes, registry));
  const out: Record<string, XY> = {};
  for (const c of graph.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}
