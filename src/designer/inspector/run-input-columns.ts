/**
 * Column pickers need the input's columns. The compiler works them out before a run for most pipelines,
 * but not always (e.g. after nodes whose output columns depend on the data). Then the table that last
 * arrived on the input in this session's run names them, so the form can still offer a picker instead
 * of a free-text box.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { ColumnSchema } from '../../core/table/table.ts';
import type { PortOutput } from '../store/pipeline-store.ts';

export function runInputColumns(
  doc: Pick<PipelineDocument, 'edges'>,
  outputs: Record<string, Record<string, PortOutput>>,
  nodeId: string,
  port: string,
): ColumnSchema[] | undefined {
  const edge = doc.edges.find((e) => e.to.node === nodeId && e.to.port === port);
  if (!edge) return undefined;
  const out = outputs[edge.from.node]?.[edge.from.port];
  if (!out || out.type !== 'table') return undefined;
  const columns = (out.value as { columns?: unknown } | null)?.columns;
  if (!Array.isArray(columns)) return undefined;
  return columns.map((c: { name: string; type: ColumnSchema['type']; role?: ColumnSchema['role'] }) => ({
    name: c.name,
    type: c.type,
    ...(c.role ? { role: c.role } : {}),
  }));
}
