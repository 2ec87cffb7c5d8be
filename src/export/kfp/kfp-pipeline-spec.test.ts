/**
 * crispflow export --target kfp (issue 16): the spec decodes against pipeline_spec.proto with protobufjs
 * (../shared/reference; every field must exist in the proto, the Struct-typed deployment spec against
 * PipelineDeploymentConfig), the same check accepts the KFP project's own compiled examples, and running the
 * executors' commands here, tasks in dependency order with the placeholders filled in as the KFP launcher
 * fills them, gives the summary of `crispflow run`.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { comparableSummary, dependencyOrder, describeWithReference, exportPipeline, REFERENCE_DIR, repoRoot, runStepCommand, tempDir, wholeRun, outputFiles } from '../argo/testing/run-steps-locally.ts';

const PROTO = 'kubeflow-pipelines/pipeline_spec.proto';
const baseline = path.join(repoRoot, 'examples/promotion-baseline.pipeline.json');
const samples = path.join(repoRoot, 'public/samples');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** google.protobuf.Value / Struct in protobufjs's object form. */
function toValue(v: Json): Record<string, unknown> {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: toStruct(v) };
}
const toStruct = (o: { [k: string]: Json }) => ({ fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toValue(v)])) });

/**
 * The proto3 JSON of `json` as a protobufjs object of `type`, collecting every field the proto does not
 * define (protobufjs's own fromObject would silently drop them).
 */
function toMessage(type: protobuf.Type, json: { [k: string]: Json }, at: string, unknown: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key] ?? type.fields[protobuf.util.camelCase(key)];
    if (!field) {
      unknown.push(`${at}.${key} (not a field of ${type.name})`);
      continue;
    }
    field.resolve();
    const convert = (v: Json, where: string): unknown => {
      const t = field.resolvedType;
      if (t instanceof protobuf.Type) {
        if (t.fullName === '.google.protobuf.Value') return toValue(v);
        if (t.fullName === '.google.protobuf.Struct') return toStruct(v as { [k: string]: Json });
        return toMessage(t, v as { [k: string]: Json }, where, unknown);
      }
      if (t instanceof protobuf.Enum && !(String(v) in t.values)) unknown.push(`${where} = ${String(v)} (not a value of ${t.name})`);
      return v;
    };
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value as { [k: string]: Json }).map(([k, v]) => [k, convert(v, `${at}.${key}[${k}]`)]));
    else if (field.repeated) out[field.name] = (value as Json[]).map((v, i) => convert(v, `${at}.${key}[${i}]`));
    else out[field.name] = convert(value, `${at}.${key}`);
  }
  return out;
}

/** Decodes a spec (YAML text) as PipelineSpec; returns the problems found (empty when it decodes cleanly). */
function decodeProblems(yamlText: string): string[] {
  const root = protobuf.loadSync(path.join(REFERENCE_DIR, PROTO));
  const PipelineSpec = root.lookupType('ml_pipelines.PipelineSpec');
  const Deployment = root.lookupType('ml_pipelines.PipelineDeploymentConfig');
  const spec = parse(yamlText) as { [k: string]: Json };
  const problems: string[] = [];
  const message = toMessage(PipelineSpec, spec, 'spec', problems);
  // verify() checks the runtime message (enums as numbers): after fromObject, which maps the names.
  const typed = PipelineSpec.fromObject(message);
  const verified = PipelineSpec.verify(typed);
  if (verified) problems.push(verified);
  // A binary round trip: what the KFP backend receives decodes to the same spec.
  const decoded = PipelineSpec.decode(PipelineSpec.encode(typed).finish());
  const back = PipelineSpec.toObject(decoded, { enums: String, longs: Number, defaults: false }) as { pipelineInfo?: { name?: string } };
  if (back.pipelineInfo?.name !== (spec.pipelineInfo as { name: string }).name) problems.push('pipelineInfo.name is lost in the binary round trip');
  const deployment = toMessage(Deployment, spec.deploymentSpec as { [k: string]: Json }, 'deploymentSpec', problems);
  const depVerified = Deployment.verify(Deployment.fromObject(deployment));
  if (depVerified) problems.push(depVerified);
  return problems;
}

interface Spec {
  components: Record<string, { executorLabel: string }>;
  deploymentSpec: { executors: Record<string, { container: { image: string; command: string[]; args: string[] } }> };
  root: {
    dag: {
      tasks: Record<
        string,
        {
          componentRef: { name: string };
          dependentTasks?: string[];
          inputs?: { parameters?: Record<string, { componentInputParameter: string }>; artifacts?: Record<string, { taskOutputArtifact: { producerTask: string; outputArtifactKey: string } }> };
        }
      >;
    };
    inputDefinitions: { parameters: Record<string, { defaultValue: string }> };
  };
}

describeWithReference('KFP export: pipeline_spec.proto', [PROTO, 'kubeflow-pipelines/google/rpc/status.proto'], () => {
  it('the check accepts the KFP project\'s compiled examples and refuses a field the proto lacks', () => {
    const dir = path.join(REFERENCE_DIR, 'kubeflow-pipelines/examples');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) expect(decodeProblems(readFileSync(path.join(dir, f), 'utf8')), f).toEqual([]);
    const text = exportPipeline(baseline, 'kfp');
    const broken = parse(text) as { root: { dag: Record<string, unknown> } };
    broken.root.dag.taskz = {};
    expect(decodeProblems(JSON.stringify(broken))).toEqual(['spec.root.dag.taskz (not a field of DagSpec)']);
  });

  it('the exported spec decodes cleanly: one task per node and a summary, artifacts between them, the image in every executor', () => {
    const text = exportPipeline(baseline, 'kfp', ['--image', 'registry.example.com/hr/crispflow:0.1.0']);
    expect(decodeProblems(text)).toEqual([]);
    const spec = parse(text) as Spec;
    expect(Object.keys(spec.root.dag.tasks)).toEqual(['node-source', 'node-split', 'node-train-lr', 'node-evaluate', 'summary']);
    expect(spec.root.dag.tasks['node-evaluate'].inputs?.artifacts).toEqual({ in_node_train_lr: { taskOutputArtifact: { outputArtifactKey: 'result', producerTask: 'node-train-lr' } } });
    expect(Object.values(spec.deploymentSpec.executors).map((e) => e.container.image)).toEqual(Array(5).fill('registry.example.com/hr/crispflow:0.1.0'));
  });
});

/** Branches: two models from one split, a step reading two earlier steps, a CSV export. */
const branching = path.join(repoRoot, 'src/export/argo/testing/two-models.pipeline.json');

it('KFP export: the executors of a branching pipeline run here in dependency order give the summary of crispflow run', () => {
  const spec = parse(exportPipeline(branching, 'kfp', ['--data', samples])) as Spec;
  const tasks = spec.root.dag.tasks;
  const work = tempDir('crispflow-kfp-steps-');
  const outputs = new Map<string, string>();
  for (const name of dependencyOrder(new Map(Object.entries(tasks).map(([k, t]) => [k, t.dependentTasks ?? []])))) {
    const task = tasks[name];
    const executor = spec.deploymentSpec.executors[spec.components[task.componentRef.name].executorLabel].container;
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const out = path.join(dir, 'result');
    // The placeholders the KFP launcher replaces: parameters, input artifact paths, the output artifact path.
    const fill = (arg: string) =>
      arg
        .replace(/\{\{\$\.inputs\.parameters\['(\w+)'\]\}\}/g, (_, p: string) => spec.root.inputDefinitions.parameters[task.inputs!.parameters![p].componentInputParameter].defaultValue)
        .replace(/\{\{\$\.inputs\.artifacts\['(\w+)'\]\.path\}\}/g, (_, a: string) => {
          const producer = task.inputs!.artifacts![a].taskOutputArtifact.producerTask;
          expect(outputs.has(producer), `${producer} ran before ${name}`).toBe(true);
          return outputs.get(producer)!;
        })
        .replace(/\{\{\$\.outputs\.artifacts\['result'\]\.path\}\}/g, out);
    runStepCommand([...executor.command, ...executor.args].map(fill), `task ${name}`, dir);
    outputs.set(name, out);
  }
  const fromSteps = comparableSummary(path.join(outputs.get('summary')!, 'summary.json'));
  expect(fromSteps.status).toBe('ok');
  const whole = wholeRun(branching);
  expect(fromSteps).toEqual(whole.summary);
  // the summary step's folder holds what crispflow run --out holds (model files, cards, reports, exported CSVs)
  expect(outputFiles(outputs.get('summary')!).filter((f) => !f.startsWith('artifacts/'))).toEqual(whole.files);
}, 180_000);
