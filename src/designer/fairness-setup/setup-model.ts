/**
 * What the guided fairness setup asks, worked out from the node's param specs, its current values,
 * the columns arriving on its input and the pipeline upstream. Pure (no React), so it is tested alone.
 * Generic: any node with a `protected` columns param gets the setup; the outcome and reference-group
 * questions appear only where the node has the params they set.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { ParamSpecs } from '../../core/params.ts';
import type { ColumnSchema } from '../../core/table/table.ts';
import { isAutoReference } from '../../ml/fairness/reference-group.ts';
import { suggestProtectedColumns, type ProtectedSuggestion } from '../../ml/fairness/protected-suggest.ts';

export interface FairnessSetupModel {
  /** Suggested protected columns that exist on the input, with the reason for each. */
  suggestions: ProtectedSuggestion[];
  /** Currently chosen protected columns. */
  chosen: string[];
  /** Suggestions not yet chosen. */
  missing: ProtectedSuggestion[];
  /** The question about the favourable prediction, when the node has one to set. */
  outcome?: { phrase: string; favourable: boolean };
  /** Dataset mode: the label column's values to pick the good one from. */
  labelValues?: { column: string; values: string[]; current: string };
  /** Reference group: automatic unless a group is named. */
  reference?: { auto: boolean; value: string };
}

/** Whether a node's params call for the guided setup. */
export function needsFairnessSetup(specs: ParamSpecs): boolean {
  return specs.protected?.kind === 'columns';
}

/**
 * The outcome a positive prediction means, in words, from the nearest upstream node that names a
 * target column (trainers: `target`, `positive`): "Attrition = Yes". Falls back to "positive (1)".
 */
export function outcomePhrase(doc: Pick<PipelineDocument, 'nodes' | 'edges'>, nodeId: string): string {
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of doc.edges) {
        if (e.to.node !== id || seen.has(e.from.node)) continue;
        seen.add(e.from.node);
        const up = doc.nodes.find((n) => n.id === e.from.node);
        const target = up?.params?.target;
        if (typeof target === 'string' && target !== '') {
          const positive = up!.params.positive;
          return typeof positive === 'string' && positive.trim() !== '' ? `${target} = ${positive.trim()}` : target;
        }
        next.push(e.from.node);
      }
    }
    frontier = next;
  }
  return 'positive (1)';
}

export function fairnessSetupModel(
  specs: ParamSpecs,
  params: Record<string, unknown>,
  columns: readonly ColumnSchema[],
  phrase: string,
): FairnessSetupModel {
  const suggestions = suggestProtectedColumns(columns);
  const chosen = Array.isArray(params.protected) ? (params.protected as string[]) : [];
  const model: FairnessSetupModel = { suggestions, chosen, missing: suggestions.filter((s) => !chosen.includes(s.column)) };
  const mode = params.mode;
  if (specs.favorablePrediction?.kind === 'enum' && mode !== 'dataset') {
    model.outcome = { phrase, favourable: params.favorablePrediction !== '0' };
  }
  if (mode === 'dataset' && typeof params.label === 'string' && params.label !== '' && specs.favorable?.kind === 'string') {
    const col = columns.find((c) => c.name === params.label);
    if (col?.categories?.length) model.labelValues = { column: col.name, values: col.categories, current: String(params.favorable ?? '') };
  }
  if (specs.privileged?.kind === 'string') {
    const value = typeof params.privileged === 'string' ? params.privileged : '';
    model.reference = { auto: isAutoReference(value), value };
  }
  return model;
}
