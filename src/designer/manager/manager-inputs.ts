/**
 * What the manager view shows for an Explain node: its SHAP explanation, and (for the what-if) the model
 * and rows that flowed into it, taken from the last run's outputs of the nodes wired to its inputs.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { isShapExplanation, type ShapExplanation } from '../../ml/explain/explanation.ts';
import { isModel, isTable } from '../results/value-guards.ts';

export type RunOutputs = Record<string, Record<string, { value: unknown }> | undefined>;

export interface ManagerInputs {
  explanation: ShapExplanation;
  model?: Model;
  table?: Table;
}

/** A full SHAP explanation (not the summary kept after a reload, which has no per-row values). */
export function fullShapExplanation(value: unknown): value is ShapExplanation {
  return isShapExplanation(value) && value.data.shap instanceof Float64Array && Array.isArray(value.data.importance);
}

/** The explanation output of `nodeId` with the upstream model and table; undefined when there is none. */
export function managerInputs(doc: PipelineDocument, outputs: RunOutputs, nodeId: string): ManagerInputs | undefined {
  const ports = outputs[nodeId];
  const explanation = ports && Object.values(ports).map((p) => p.value).find(fullShapExplanation);
  if (!explanation) return undefined;
  const upstream = (port: string): unknown => {
    const edge = doc.edges.find((e) => e.to.node === nodeId && e.to.port === port);
    return edge ? outputs[edge.from.node]?.[edge.from.port]?.value : undefined;
  };
  const model = upstream('model');
  const table = upstream('table');
  return { explanation, ...(isModel(model) ? { model } : {}), ...(isTable(table) ? { table } : {}) };
}
