/**
 * crispflow export --target argo (issue 16): the Workflow / CronWorkflow validates against the Argo
 * Workflows JSON Schema (../shared/reference, made strict: no property the schema does not define), and
 * running its steps' commands here, in dependency order, with the artifact paths mapped to temp folders,
 * gives the summary of `crispflow run`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { comparableSummary, dependencyOrder, describeWithReference, exportPipeline, REFERENCE_DIR, repoRoot, runStepCommand, tempDir, wholeRun, outputFiles, withSchedule } from './testing/run-steps-locally.ts';

const SCHEMA = 'argo-workflows/schema.json';
const baseline = path.join(repoRoot, 'examples/promotion-baseline.pipeline.json');
const samples = path.join(repoRoot, 'public/samples');

interface Artifact {
  name: string;
  path?: string;
  from?: string;
  raw?: { data: string };
}
interface Template {
  name: string;
  dag?: { tasks: Array<{ name: string; template: string; dependencies?: string[]; arguments?: { artifacts?: Artifact[] } }> };
  inputs?: { artifacts?: Artifact[] };
  outputs?: { artifacts?: Artifact[] };
  container?: { image: string; command: string[]; args: string[] };
}
interface WorkflowSpec {
  entrypoint: string;
  templates: Template[];
}

/** The schema with additionalProperties: false on every object definition that lists its properties. */
function strictValidator() {
  const schema = JSON.parse(readFileSync(path.join(REFERENCE_DIR, SCHEMA), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
  for (const def of Object.values(schema.definitions)) if (def.properties && def.additionalProperties === undefined) def.additionalProperties = false;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

function expectValid(resource: unknown) {
  const validate = strictValidator();
  const ok = validate(resource);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
}

describeWithReference('Argo export: schema', [SCHEMA], () => {
  it('a pipeline without a schedule is a Workflow that validates; a typo would not', () => {
    const wf = parse(exportPipeline(baseline, 'argo', ['--image', 'registry.example.com/hr/crispflow:0.1.0'])) as { kind: string; spec: WorkflowSpec };
    expect(wf.kind).toBe('Workflow');
    expectValid(wf);
    const dag = wf.spec.templates.find((t) => t.name === wf.spec.entrypoint)!.dag!;
    expect(dag.tasks.map((t) => t.name)).toEqual(['node-source', 'node-split', 'node-train-lr', 'node-evaluate', 'summary']);
    expect(wf.spec.templates.filter((t) => t.container).every((t) => t.container!.image === 'registry.example.com/hr/crispflow:0.1.0')).toBe(true);
    // the strict schema does catch a misspelt field
    const broken = structuredClone(wf) as unknown as { spec: { templates: Array<Record<string, unknown>> } };
    broken.spec.templates[1].containr = broken.spec.templates[1].container;
    expect(strictValidator()(broken)).toBe(false);
  });

  it('a scheduled pipeline is a CronWorkflow with its cron and time zone, and validates', () => {
    const scheduled = withSchedule(baseline, { cron: '0 6 1 1,4,7,10 *', timezone: 'Europe/Paris' });
    const cron = parse(exportPipeline(scheduled, 'argo')) as { kind: string; metadata: { name: string }; spec: { schedules: string[]; timezone: string; workflowSpec: WorkflowSpec } };
    expect(cron.kind).toBe('CronWorkflow');
    expect(cron.metadata.name).toBe('promotion-baseline');
    expect(cron.spec.schedules).toEqual(['0 6 1 1,4,7,10 *']);
    expect(cron.spec.timezone).toBe('Europe/Paris');
    expect(cron.spec.workflowSpec.templates.length).toBe(6);
    expectValid(cron);
  });
});

/** Branches: two models from one split, a step reading two earlier steps, a CSV export. */
const branching = path.join(repoRoot, 'src/export/argo/testing/two-models.pipeline.json');

it.each([baseline, branching])('Argo export: the steps of %s run here in dependency order give the summary of crispflow run', (pipeline) => {
  const wf = parse(exportPipeline(pipeline, 'argo', ['--data', samples])) as { spec: WorkflowSpec };
  const templates = new Map(wf.spec.templates.map((t) => [t.name, t]));
  const dag = templates.get(wf.spec.entrypoint)!.dag!;
  const tasks = new Map(dag.tasks.map((t) => [t.name, t]));
  const work = tempDir('crispflow-argo-steps-');
  const outputs = new Map<string, string>();
  for (const name of dependencyOrder(new Map(dag.tasks.map((t) => [t.name, t.dependencies ?? []])))) {
    const task = tasks.get(name)!;
    const tpl = templates.get(task.template)!;
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    // container path → local path, for every artifact of the template
    const local = new Map<string, string>();
    for (const a of tpl.inputs?.artifacts ?? []) {
      if (a.raw) {
        const file = path.join(dir, `${a.name}.input`);
        writeFileSync(file, a.raw.data);
        local.set(a.path!, file);
        continue;
      }
      const from = task.arguments?.artifacts?.find((x) => x.name === a.name)?.from ?? '';
      const m = /^\{\{tasks\.([\w-]+)\.outputs\.artifacts\.result\}\}$/.exec(from);
      expect(m, `task ${name} gets ${a.name} from ${from}`).not.toBeNull();
      expect(outputs.has(m![1]), `${m![1]} ran before ${name}`).toBe(true);
      local.set(a.path!, outputs.get(m![1])!);
    }
    for (const a of tpl.outputs?.artifacts ?? []) local.set(a.path!, path.join(dir, 'out'));
    const argv = [...tpl.container!.command, ...tpl.container!.args].map((arg) => local.get(arg) ?? arg);
    runStepCommand(argv, `step ${name}`, dir);
    outputs.set(name, path.join(dir, 'out'));
  }
  const fromSteps = comparableSummary(path.join(outputs.get('summary')!, 'summary.json'));
  expect(fromSteps.status).toBe('ok');
  const whole = wholeRun(pipeline);
  expect(fromSteps).toEqual(whole.summary);
  // the summary step's folder holds what crispflow run --out holds (model files, cards, reports, exported CSVs)
  expect(outputFiles(outputs.get('summary')!).filter((f) => !f.startsWith('artifacts/'))).toEqual(whole.files);
}, 180_000);
