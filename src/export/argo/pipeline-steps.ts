/**
 * A pipeline as cluster steps (issue 16), shared by the Argo and Kubeflow exports: one step per node,
 * in the plan's topological order, each running `crispflow run <pipeline> --only <node>` in the image with
 * the output folders of the steps it reads as --inputs, and a final `collect` step that merges their
 * summaries into summary.json (src/cli/run-step.ts). One node per step keeps every intermediate table and
 * model an inspectable artifact and lets independent branches run in parallel pods.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { Plan } from '../../core/plan.ts';

export interface ClusterStep {
  /** The node id, or null for the final collect step. */
  nodeId: string | null;
  /** A DNS-1123 label, unique in the workflow (Argo task and template names, KFP task names). */
  name: string;
  /** Names of the steps whose output folders this step reads (its dependencies), in order. */
  reads: string[];
}

/** Lower-case letters, digits and '-', starting with a letter, at most 63 characters. */
export function dnsLabel(text: string, prefix: string): string {
  const s = `${prefix}${text}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return (/^[a-z]/.test(s) ? s : `x-${s}`).slice(0, 63).replace(/-$/, '');
}

export const COLLECT_STEP = 'summary';

/** The steps of a compiled plan (every node of the document), then the collect step reading them all. */
export function clusterSteps(plan: Plan): ClusterStep[] {
  const names = new Map<string, string>();
  const used = new Set<string>([COLLECT_STEP]);
  for (const step of plan.steps) {
    let name = dnsLabel(step.nodeId, 'node-');
    // Two ids can fold to one label (Train_1, train-1): number the later ones.
    for (let k = 2; used.has(name); k++) name = `${dnsLabel(step.nodeId, 'node-').slice(0, 58)}-${k}`;
    used.add(name);
    names.set(step.nodeId, name);
  }
  const steps: ClusterStep[] = plan.steps.map((step) => ({
    nodeId: step.nodeId,
    name: names.get(step.nodeId)!,
    reads: [...new Set(Object.values(step.inputs).map((ref) => names.get(ref.node)!))],
  }));
  steps.push({ nodeId: null, name: COLLECT_STEP, reads: steps.map((s) => s.name) });
  return steps;
}

/** The arguments after `crispflow`, given where the pipeline file, the read folders, the data and the output are. */
export function stepArgs(step: ClusterStep, paths: { pipeline: string; input: (stepName: string) => string; data: string; out: string }): string[] {
  const inputs = step.reads.flatMap((name) => ['--inputs', paths.input(name)]);
  if (step.nodeId === null) return ['run', paths.pipeline, '--collect', ...inputs, '--out', paths.out];
  return ['run', paths.pipeline, '--only', step.nodeId, ...inputs, '--data', paths.data, '--out', paths.out];
}

/** The pipeline file as the steps receive it (compact JSON of the migrated document). */
export const pipelineText = (doc: PipelineDocument) => JSON.stringify(doc);

/** A resource name from the pipeline's name. */
export const workflowName = (doc: PipelineDocument) => dnsLabel(doc.metadata.name, '').slice(0, 50) || 'crispflow-pipeline';
