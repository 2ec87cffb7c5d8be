/**
 * An Argo Workflows resource for a pipeline (issue 16): a Workflow, or a CronWorkflow when the pipeline
 * has a schedule (`metadata.schedule`, read in its time zone). A DAG template runs one task per node
 * (pipeline-steps.ts) in the Crispflow image; each task's output folder is its output artifact `result`
 * and the input artifact `in-<step>` of the tasks that read it; the pipeline document travels as a raw
 * input artifact. Artifacts need the cluster's artifact repository (S3, GCS, MinIO…), configured in Argo.
 * The dataset folder (`--data`, default /data) is mounted by the cluster owner (a volume), as the
 * README says; pods run as the image's non-root user.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { Plan } from '../../core/plan.ts';
import { clusterSteps, pipelineText, stepArgs, workflowName, type ClusterStep } from './pipeline-steps.ts';

export interface ClusterExportOptions {
  image: string;
  /** Where the datasets are inside the container. */
  dataDir: string;
}

/** Paths inside the step containers. */
export const ARGO_PATHS = {
  pipeline: '/tmp/crispflow/pipeline.json',
  input: (step: string) => `/tmp/crispflow/inputs/${step}`,
  out: '/tmp/crispflow/out',
};

const RESULT = 'result';
const inputArtifact = (step: string) => `in-${step}`;

function template(step: ClusterStep, doc: PipelineDocument, o: ClusterExportOptions) {
  return {
    name: step.name,
    metadata: { annotations: { 'crispflow.io/node': step.nodeId ?? '(summary of all steps)' } },
    inputs: {
      artifacts: [
        { name: 'pipeline', path: ARGO_PATHS.pipeline, raw: { data: pipelineText(doc) } },
        ...step.reads.map((name) => ({ name: inputArtifact(name), path: ARGO_PATHS.input(name) })),
      ],
    },
    outputs: { artifacts: [{ name: RESULT, path: ARGO_PATHS.out }] },
    container: {
      image: o.image,
      command: ['crispflow'],
      args: stepArgs(step, { pipeline: ARGO_PATHS.pipeline, input: ARGO_PATHS.input, data: o.dataDir, out: ARGO_PATHS.out }),
    },
  };
}

export function argoWorkflow(doc: PipelineDocument, plan: Plan, o: ClusterExportOptions): Record<string, unknown> {
  const steps = clusterSteps(plan);
  const name = workflowName(doc);
  const spec = {
    entrypoint: 'pipeline',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
    templates: [
      {
        name: 'pipeline',
        dag: {
          tasks: steps.map((step) => ({
            name: step.name,
            template: step.name,
            ...(step.reads.length ? { dependencies: step.reads } : {}),
            ...(step.reads.length
              ? { arguments: { artifacts: step.reads.map((r) => ({ name: inputArtifact(r), from: `{{tasks.${r}.outputs.artifacts.${RESULT}}}` })) } }
              : {}),
          })),
        },
      },
      ...steps.map((step) => template(step, doc, o)),
    ],
  };
  const labels = { 'app.kubernetes.io/name': 'crispflow' };
  const annotations = { 'crispflow.io/pipeline': doc.metadata.name };
  const schedule = doc.metadata.schedule;
  if (schedule) {
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name, labels, annotations },
      spec: {
        schedules: [schedule.cron],
        timezone: schedule.timezone ?? 'UTC',
        // A run still going when the next is due is not doubled (as the studio's scheduler does).
        concurrencyPolicy: 'Forbid',
        workflowSpec: spec,
      },
    };
  }
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: `${name}-`, labels, annotations }, spec };
}
