/** The template gallery: every examples/*.pipeline.json, validated and migrated like any opened file. */
import { parsePipeline } from '../core/document-io.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { NodeRegistry } from '../core/registry.ts';

const files = import.meta.glob('../../examples/*.pipeline.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export interface Template {
  id: string;
  name: string;
  description: string;
  doc: PipelineDocument;
}

export function loadTemplates(registry: NodeRegistry): Template[] {
  const out: Template[] = [];
  for (const [path, json] of Object.entries(files)) {
    const { doc } = parsePipeline(json, registry);
    if (!doc) continue;
    const id = /([^/]+)\.pipeline\.json$/.exec(path)?.[1] ?? path;
    out.push({ id, name: doc.metadata.name, description: doc.metadata.description ?? '', doc });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
