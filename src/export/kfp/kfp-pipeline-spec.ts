/**
 * A Kubeflow Pipelines v2 pipeline spec (the "IR YAML" the KFP backend runs, pipeline_spec.proto) for a
 * pipeline (issue 16): one container component per node (pipeline-steps.ts) running the Crispflow image,
 * each writing its output folder as the artifact `result`, which the tasks that read it receive as
 * `in_<step>`; a final `summary` task merges the summaries. The pipeline document and the dataset folder
 * are pipeline parameters (`pipeline_json`, `data_dir`), so a run can be started with another data mount.
 * KFP keeps schedules outside the spec: a pipeline's `metadata.schedule` becomes a recurring run made in
 * KFP (the export says so), not part of this file.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { Plan } from '../../core/plan.ts';
import type { ClusterExportOptions } from '../argo/argo-workflow.ts';
import { clusterSteps, pipelineText, stepArgs, workflowName } from '../argo/pipeline-steps.ts';

/** The KFP IR schema version the examples of kubeflow/pipelines (kfp 2.14) write. */
export const KFP_SCHEMA_VERSION = '2.1.0';
const ARTIFACT_TYPE = { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' };
const RESULT = 'result';
const inputArtifact = (step: string) => `in_${step.replace(/-/g, '_')}`;
const param = (name: string) => `{{$.inputs.parameters['${name}']}}`;

/** The shell line every executor runs: the pipeline text ($0) into a temp file, then crispflow with the rest. */
export const KFP_STEP_SCRIPT = 'f="$(mktemp)" && printf "%s" "$0" > "$f" && exec crispflow run "$f" "$@"';

export function kfpPipelineSpec(doc: PipelineDocument, plan: Plan, o: ClusterExportOptions): Record<string, unknown> {
  const steps = clusterSteps(plan);
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const tasks: Record<string, unknown> = {};
  const parameters = { pipeline_json: { parameterType: 'STRING' }, data_dir: { parameterType: 'STRING' } };
  for (const step of steps) {
    components[`comp-${step.name}`] = {
      executorLabel: `exec-${step.name}`,
      inputDefinitions: {
        ...(step.reads.length ? { artifacts: Object.fromEntries(step.reads.map((r) => [inputArtifact(r), { artifactType: ARTIFACT_TYPE }])) } : {}),
        parameters,
      },
      outputDefinitions: { artifacts: { [RESULT]: { artifactType: ARTIFACT_TYPE } } },
    };
    // stepArgs begins with "run <pipeline>": the script supplies those from $0.
    const args = stepArgs(step, {
      pipeline: '',
      input: (r) => `{{$.inputs.artifacts['${inputArtifact(r)}'].path}}`,
      data: param('data_dir'),
      out: `{{$.outputs.artifacts['${RESULT}'].path}}`,
    }).slice(2);
    executors[`exec-${step.name}`] = { container: { image: o.image, command: ['sh', '-c', KFP_STEP_SCRIPT], args: [param('pipeline_json'), ...args] } };
    tasks[step.name] = {
      cachingOptions: { enableCache: true },
      componentRef: { name: `comp-${step.name}` },
      ...(step.reads.length ? { dependentTasks: step.reads } : {}),
      inputs: {
        ...(step.reads.length
          ? { artifacts: Object.fromEntries(step.reads.map((r) => [inputArtifact(r), { taskOutputArtifact: { outputArtifactKey: RESULT, producerTask: r } }])) }
          : {}),
        parameters: { pipeline_json: { componentInputParameter: 'pipeline_json' }, data_dir: { componentInputParameter: 'data_dir' } },
      },
      taskInfo: { name: step.name },
    };
  }
  return {
    components,
    deploymentSpec: { executors },
    pipelineInfo: { name: workflowName(doc), ...(doc.metadata.description ? { description: doc.metadata.description } : {}), displayName: doc.metadata.name },
    root: {
      dag: { tasks },
      inputDefinitions: {
        parameters: {
          pipeline_json: { defaultValue: pipelineText(doc), parameterType: 'STRING' },
          data_dir: { defaultValue: o.dataDir, parameterType: 'STRING' },
        },
      },
    },
    schemaVersion: KFP_SCHEMA_VERSION,
    sdkVersion: 'crispflow-0.1.0',
  };
}
