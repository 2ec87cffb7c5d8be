/**
 * crispflow export <pipeline.json> --target argo|kfp [--image <ref>] [--data <dir in the container>] --out <file>
 *
 * Pipeline targets of `crispflow export` (export-command.ts dispatches here): an Argo Workflow (a
 * CronWorkflow when the pipeline has a schedule) or a Kubeflow Pipelines v2 pipeline spec, as YAML, whose
 * steps run the Crispflow image (Dockerfile) one node each (src/export/argo/pipeline-steps.ts).
 * Exit 0 written; 2 when the pipeline is invalid (an unknown node type is named) or a node cannot run in
 * an unattended step (human review: named).
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { compile } from '../core/compiler.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { argoWorkflow, type ClusterExportOptions } from '../export/argo/argo-workflow.ts';
import { kfpPipelineSpec } from '../export/kfp/kfp-pipeline-spec.ts';
import { pipelineText } from '../export/argo/pipeline-steps.ts';
import { EXIT } from './exit-codes.ts';
import { formatProblem, loadPipelineFile } from './load-pipeline.ts';
import { stepRefusal } from './run-step.ts';

export const DEFAULT_IMAGE = 'crispflow:latest';
export const DEFAULT_CONTAINER_DATA_DIR = '/data';
const KFP_MAX_PIPELINE_BYTES = 120_000;
const ARGO_MAX_EMBEDDED_BYTES = 1_000_000;

export interface ExportPipelineOptions {
  ref: string;
  target: 'argo' | 'kfp';
  out: string;
  image?: unknown;
  data?: unknown;
}

export async function exportPipelineCommand(o: ExportPipelineOptions): Promise<number> {
  const { doc, errors } = await loadPipelineFile(o.ref);
  if (!doc) {
    for (const e of errors) console.error(e);
    return EXIT.usage;
  }
  const image = typeof o.image === 'string' && o.image ? o.image : DEFAULT_IMAGE;
  if (/\s/.test(image)) return (console.error(`--image "${image}" is not an image reference (no spaces): for example registry.example.com/hr/crispflow:0.1.0.`), EXIT.usage);
  const dataDir = typeof o.data === 'string' && o.data ? o.data : DEFAULT_CONTAINER_DATA_DIR;
  if (!path.posix.isAbsolute(dataDir)) return (console.error(`--data "${dataDir}" must be an absolute path inside the container (where the datasets are mounted), for example /data.`), EXIT.usage);
  // The image has the built-in nodes only: node packages cannot run there.
  const registry = createBuiltinRegistry();
  // No dataset schemas here: the datasets live on the cluster, not necessarily on this machine.
  const checked = compile(doc, registry);
  const fatal = checked.problems.filter((p) => p.severity === 'error' && !/dataset/i.test(p.message));
  if (fatal.length > 0 || !checked.plan) {
    for (const p of checked.problems.filter((p) => p.severity === 'error')) console.error(formatProblem(p));
    console.error('The pipeline is not valid; nothing was exported.');
    return EXIT.usage;
  }
  for (const node of doc.nodes) {
    const refusal = stepRefusal(doc, registry, node.id);
    if (refusal) return (console.error(`${refusal} Nothing was exported.`), EXIT.usage);
    const secrets = registry.get(node.type)?.capabilities?.secrets;
    if (secrets?.length) console.error(`Note: node "${node.id}" reads the workspace secret(s) ${secrets.join(', ')}: mount the key file in its pod and set CRISPFLOW_PSEUDONYM_KEY_FILE, or every run makes a new key.`);
  }
  // The document travels inside the resource: as one command-line argument of each KFP step (Linux caps
  // one argument at 128 KiB) and once per Argo template (Kubernetes keeps objects below ~1.5 MB in etcd).
  const docBytes = Buffer.byteLength(pipelineText(doc));
  if (o.target === 'kfp' && docBytes > KFP_MAX_PIPELINE_BYTES) {
    return (console.error(`The pipeline is ${docBytes} bytes as compact JSON; a Kubeflow step receives it as one command-line argument, which Linux limits to ${KFP_MAX_PIPELINE_BYTES} bytes here. Nothing was exported.`), EXIT.usage);
  }
  if (o.target === 'argo' && docBytes * (doc.nodes.length + 1) > ARGO_MAX_EMBEDDED_BYTES) {
    return (console.error(`The pipeline (${docBytes} bytes) is embedded in each of the ${doc.nodes.length + 1} steps of the Argo workflow: ${docBytes * (doc.nodes.length + 1)} bytes, more than the ${ARGO_MAX_EMBEDDED_BYTES} a Kubernetes object can safely hold. Nothing was exported.`), EXIT.usage);
  }
  const options: ClusterExportOptions = { image, dataDir };
  const resource = o.target === 'argo' ? argoWorkflow(doc, checked.plan, options) : kfpPipelineSpec(doc, checked.plan, options);
  const header =
    o.target === 'argo'
      ? `# Argo ${String(resource.kind)} for the Crispflow pipeline "${doc.metadata.name}" (crispflow export --target argo)\n`
      : `# PIPELINE DEFINITION\n# Name: ${(resource.pipelineInfo as { name: string }).name}\n# Kubeflow Pipelines v2 spec for the Crispflow pipeline "${doc.metadata.name}" (crispflow export --target kfp)\n`;
  await writeFileAtomic(o.out, header + stringify(resource, { lineWidth: 0 }));
  const steps = checked.plan.steps.length + 1;
  console.log(`Wrote ${o.target === 'argo' ? `an Argo ${String(resource.kind)}` : 'a Kubeflow Pipelines v2 pipeline spec'} with ${steps} steps (one per node and a summary) running ${image}: ${path.resolve(o.out)}`);
  if (o.target === 'kfp' && doc.metadata.schedule) console.error(`Note: Kubeflow keeps schedules outside the pipeline spec: create a recurring run with the cron "${doc.metadata.schedule.cron}" (${doc.metadata.schedule.timezone ?? 'UTC'}) for it.`);
  if (image === DEFAULT_IMAGE) console.error(`Note: the steps run the image "${DEFAULT_IMAGE}"; build and push it (see the Dockerfile) and pass --image <registry/name:tag>.`);
  return EXIT.ok;
}
