/** The pipeline document (what is saved in files and IndexedDB). Validation and migration: document-io.ts. */

export const CURRENT_SCHEMA_VERSION = 1;

export interface PipelineNode {
  id: string;
  type: string;
  version: number;
  params: Record<string, unknown>;
  position: { x: number; y: number };
  label?: string;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface PipelineEdge {
  id?: string;
  from: PortRef;
  to: PortRef;
}

export interface PipelineDocument {
  schemaVersion: number;
  metadata: { name: string; description?: string; seed?: number; createdAt?: string; updatedAt?: string };
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export function edgeId(e: PipelineEdge): string {
  return e.id ?? `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
}
