import { describe, expect, it } from 'vitest';
import { compile, inputSchemasOf } from './compiler.ts';
import type { PipelineDocument } from './document.ts';
import type { Problem } from './errors.ts';
import { doc, edge, node, PEOPLE_SCHEMA, testRegistry, validPipeline } from '../runtime/testing/test-nodes.ts';
import type { SchemaEnv } from './node-definition.ts';

const registry = testRegistry();
const codes = (ps: Problem[]) => ps.map((p) => `${p.code} ${p.nodeId ?? '-'} ${p.field ?? '-'}`);

/** A valid pipeline with one change. */
function changed(edit: (d: PipelineDocument) => void): PipelineDocument {
  const d = validPipeline();
  edit(d);
  return d;
}
const byId = (d: PipelineDocument, id: string) => d.nodes.find((n) => n.id === id)!;

describe('compile: a valid pipeline', () => {
  const result = compile(validPipeline(), registry);

  it('has no problems and plans every node upstream first', () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.plan!.steps.map((s) => s.nodeId)).toEqual(['source', 'adults', 'train', 'predict', 'evaluate']);
    expect(result.plan!.pipelineName).toBe('test');
  });

  it('fills defaults and wires inputs in each step', () => {
    const train = result.plan!.steps.find((s) => s.nodeId === 'train')!;
    expect(train.params).toEqual({ target: 'label', C: 0.5, solver: 'lbfgs' });
    expect(train.inputs).toEqual({ train: { node: 'adults', port: 'table' } });
    expect(train.outputs).toEqual({ model: 'model' });
    expect(train.cacheKey).toMatch(/^[0-9a-f]{16}$/);
  });

  it('propagates schemas downstream without running', () => {
    expect(result.schemas.adults.table).toEqual(PEOPLE_SCHEMA);
    const cols = (result.schemas.predict.predictions as { columns: Array<{ name: string }> }).columns.map((c) => c.name);
    expect(cols).toEqual(['id', 'age', 'gender', 'notes', 'label', 'score']);
    expect(result.schemas.evaluate).toEqual({}); // evaluate has no schema()
    expect(inputSchemasOf(validPipeline(), result, 'train').train).toEqual(PEOPLE_SCHEMA);
  });
});

describe('compile: every problem kind, each naming node and field', () => {
  it('CF001 unknown node type', () => {
    const r = compile(changed((d) => (byId(d, 'evaluate').type = 'nope')), registry);
    expect(codes(r.problems)).toEqual(['CF001 evaluate type']);
    expect(r.problems[0].message).toContain('Unknown node type "nope"');
    expect(r.ok).toBe(false);
    expect(r.plan).toBeUndefined();
  });

  it('CF002 missing required input (optional inputs may stay open)', () => {
    const r = compile(changed((d) => d.edges.splice(3, 1)), registry); // adults → predict.table
    expect(codes(r.problems)).toEqual(['CF002 predict table']);
    const join = compile(doc([node('s', 'source', { name: 'people.csv' }), node('j', 'join')], [edge('s.table', 'j.left')]), registry);
    expect(join.problems).toEqual([]);
  });

  it('CF003 port type mismatch; predictions may feed a table input', () => {
    const r = compile(changed((d) => (d.edges[1] = edge('train.model', 'predict.table'))), registry);
    expect(codes(r.problems)).toContain('CF003 predict table');
    expect(r.problems.find((p) => p.code === 'CF003')!.message).toContain('expects table but the connected output gives model');
    const ok = compile(
      changed((d) => {
        d.nodes.push(node('sel', 'select', { columns: ['score'] }));
        d.edges.push(edge('predict.predictions', 'sel.table'));
      }),
      registry,
    );
    expect(ok.problems).toEqual([]);
  });

  it('CF004 cycle, naming the nodes of the loop', () => {
    const r = compile(
      doc(
        [node('s', 'source', { name: 'people.csv' }), node('a', 'join'), node('b', 'opaque'), node('c', 'opaque')],
        [edge('s.table', 'a.left'), edge('a.table', 'b.table'), edge('b.table', 'c.table'), edge('c.table', 'a.right')],
      ),
      registry,
    );
    expect(r.problems.map((p) => p.code)).toEqual(['CF004']);
    expect(r.problems[0].nodeId).toBe('a');
    expect(r.problems[0].message).toContain('a → b → c');
  });

  it('CF005 invalid param and CF006 missing param', () => {
    const r = compile(
      changed((d) => {
        byId(d, 'train').params = { C: -1, solver: 'newton' }; // target absent
        byId(d, 'adults').params.threshold = 'high';
        byId(d, 'source').params.name = '';
      }),
      registry,
    );
    expect(codes(r.problems)).toEqual([
      'CF006 source name',
      'CF005 adults threshold',
      'CF006 train target',
      'CF005 train C',
      'CF005 train solver',
    ]);
    expect(r.problems[3].message).toContain('Parameter "C" must be greater than 0');
    expect(r.problems[4].message).toContain('must be one of: lbfgs, sgd');
  });

  it('CF007 unknown column, listing the columns that exist', () => {
    const r = compile(changed((d) => (byId(d, 'train').params.target = 'hired')), registry);
    expect(codes(r.problems)).toEqual(['CF007 train target']);
    expect(r.problems[0].message).toContain('names column "hired"');
    expect(r.problems[0].message).toContain('id, age, gender, notes, label');
  });

  it('CF007 for each missing name in a columns param', () => {
    const r = compile(
      doc([node('s', 'source', { name: 'people.csv' }), node('sel', 'select', { columns: ['age', 'x', 'y'] })], [edge('s.table', 'sel.table')]),
      registry,
    );
    expect(codes(r.problems)).toEqual(['CF007 sel columns', 'CF007 sel columns']);
  });

  it('CF015 column of the wrong type', () => {
    const r = compile(changed((d) => (byId(d, 'adults').params.column = 'gender')), registry);
    expect(codes(r.problems)).toEqual(['CF015 adults column']);
    expect(r.problems[0].message).toContain('needs a number or integer column but "gender" is category');
  });

  it('skips column checks where the upstream schema is unknown (no schema(), unknown dataset)', () => {
    const r = compile(
      doc(
        [node('s', 'source', { name: 'unknown.csv' }), node('o', 'opaque'), node('f', 'filter', { column: 'whatever' })],
        [edge('s.table', 'o.table'), edge('o.table', 'f.table')],
      ),
      registry,
    );
    expect(r.problems).toEqual([]);
    expect(r.schemas.f).toEqual({});
  });

  it('asks the env for dataset schemas', () => {
    const env: SchemaEnv = {
      datasetSchema: (ref) => (ref.name === 'hr.csv' ? { columns: [{ name: 'salary', type: 'number' }] } : undefined),
    };
    const d = doc([node('s', 'source', { name: 'hr.csv' }), node('f', 'filter', { column: 'age' })], [edge('s.table', 'f.table')]);
    expect(codes(compile(d, registry, { env }).problems)).toEqual(['CF007 f column']);
    expect(compile(d, registry).problems).toEqual([]);
  });

  it('CF008 unknown output and input ports', () => {
    const r = compile(
      changed((d) => {
        d.edges[0] = edge('source.data', 'adults.table');
        d.edges[4] = edge('predict.predictions', 'evaluate.preds');
      }),
      registry,
    );
    // the edge to "preds" leaves the real input open, so that is reported too
    expect(codes(r.problems)).toEqual(['CF008 source data', 'CF008 evaluate preds', 'CF002 evaluate predictions']);
    expect(r.problems[0].message).toContain('no output port "data" (it has: table)');
  });

  it('CF009 input connected twice', () => {
    const r = compile(changed((d) => d.edges.push(edge('source.table', 'train.train'))), registry);
    expect(codes(r.problems)).toEqual(['CF009 train train']);
  });

  it('CF010 duplicate node id', () => {
    const r = compile(changed((d) => d.nodes.push(node('train', 'opaque'))), registry);
    expect(codes(r.problems)).toEqual(['CF010 train nodes[5].id']);
  });

  it('CF011 edge to an unknown node', () => {
    const r = compile(changed((d) => d.edges.push(edge('ghost.table', 'predict.table'), edge('adults.table', 'ghost2.table'))), registry);
    expect(codes(r.problems)).toEqual(['CF011 predict edges[5].from.node', 'CF011 adults edges[6].to.node']);
  });

  it('CF012 shape problems come back from parsing, never a throw', () => {
    const r = compile({ nodes: 'many' }, registry);
    expect(r.ok).toBe(false);
    expect(r.problems.every((p) => p.code === 'CF012' && p.field)).toBe(true);
  });

  it('CF013 node newer than supported, without cascading param problems', () => {
    const r = compile(changed((d) => (byId(d, 'train').version = 4)), registry);
    expect(codes(r.problems)).toEqual(['CF013 train version']);
  });

  it("CF014 a definition's schema() refusing its config, with its message", () => {
    const r = compile(
      doc([node('s', 'source', { name: 'people.csv' }), node('p', 'picky', { mode: 'fail' }), node('f', 'filter', { column: 'nope' })], [
        edge('s.table', 'p.table'),
        edge('p.table', 'f.table'),
      ]),
      registry,
    );
    expect(codes(r.problems)).toEqual(['CF014 p -']);
    expect(r.problems[0].message).toBe('Mode "fail" cannot work on this table. Choose "ok".');
  });

  it('CF017 unknown run target', () => {
    const r = compile(validPipeline(), registry, { targets: ['nowhere'] });
    expect(codes(r.problems)).toEqual(['CF017 - targets']);
    expect(r.ok).toBe(false);
  });

  it('CF018 warns about parameter keys the node type does not have, suggesting the closest one', () => {
    const r = compile(
      changed((d) => {
        byId(d, 'adults').params = { column: 'age', treshold: 30, Op: 'lt', colour: 'red' };
      }),
      registry,
    );
    expect(codes(r.problems)).toEqual(['CF018 adults treshold', 'CF018 adults Op', 'CF018 adults colour']);
    expect(r.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(r.problems[0].message).toBe('"treshold" is not a parameter of "filter", so it is ignored. Did you mean "threshold"? Rename or remove it.');
    expect(r.problems[1].message).toContain('Did you mean "op"?');
    expect(r.problems[2].message).toContain('Its parameters are: column, threshold, op.');
    // A warning: the plan still runs, with the default in place of the misspelt key.
    expect(r.ok).toBe(true);
    expect(r.plan!.steps.find((s) => s.nodeId === 'adults')!.params).toEqual({ column: 'age', threshold: 0, op: 'gt' });
  });

  it.each([
    ['../secrets/salaries.csv', 'it leaves the data folders with ".."'],
    ['data/../../etc/passwd', 'it leaves the data folders with ".."'],
    ['/etc/passwd', 'it is an absolute path'],
    ['C:/Users/hr/people.csv', 'it is an absolute path'],
    ['..\\people.csv', 'it contains "\\"'],
    ['people.csv\u0000.txt', 'it contains a NUL character'],
  ])('CF019 refuses the dataset name %j before anything runs', (name, reason) => {
    const r = compile(changed((d) => (byId(d, 'source').params.name = name)), registry);
    expect(codes(r.problems)).toEqual(['CF019 source name']);
    expect(r.problems[0].message).toContain(`Dataset name "${name}" in parameter "name" is refused: ${reason}`);
    expect(r.ok).toBe(false);
  });

  it('accepts dataset names in subfolders of the data folders', () => {
    const r = compile(changed((d) => (byId(d, 'source').params.name = 'hr/2024/people..v2.csv')), registry);
    expect(codes(r.problems).filter((c) => c.startsWith('CF019'))).toEqual([]);
  });

  it('reports all problems at once', () => {
    const r = compile(
      changed((d) => {
        byId(d, 'evaluate').type = 'nope';
        byId(d, 'train').params.target = 'hired';
        d.edges.push(edge('source.table', 'train.train'), edge('x.table', 'adults.table'));
      }),
      registry,
    );
    expect(r.problems.map((p) => p.code).sort()).toEqual(['CF001', 'CF007', 'CF009', 'CF011']);
  });
});

describe('compile: plan and cache keys', () => {
  const keys = (d: PipelineDocument, fingerprints?: Record<string, string>) =>
    Object.fromEntries(compile(d, registry, { fingerprints }).plan!.steps.map((s) => [s.nodeId, s.cacheKey]));
  const base = keys(validPipeline());

  it('are stable and unique per step', () => {
    expect(keys(validPipeline())).toEqual(base);
    expect(new Set(Object.values(base)).size).toBe(5);
  });

  it('change for the edited node and everything downstream only', () => {
    const k = keys(changed((d) => (byId(d, 'train').params.C = 2)));
    expect(k.source).toBe(base.source);
    expect(k.adults).toBe(base.adults);
    for (const id of ['train', 'predict', 'evaluate']) expect(k[id]).not.toBe(base[id]);
  });

  it('ignore params spelled out at their default value, and positions', () => {
    const k = keys(
      changed((d) => {
        byId(d, 'train').params.solver = 'lbfgs';
        byId(d, 'evaluate').position = { x: 500, y: 9 };
      }),
    );
    expect(k).toEqual(base);
  });

  it('change with the dataset fingerprint and the pipeline seed', () => {
    const a = keys(validPipeline(), { 'file:people.csv': 'aaa' });
    const b = keys(validPipeline(), { 'file:people.csv': 'bbb' });
    expect(a.source).not.toBe(b.source);
    expect(a.evaluate).not.toBe(b.evaluate);
    const seeded = keys({ ...validPipeline(), metadata: { name: 'test', seed: 7 } });
    expect(seeded.source).not.toBe(base.source);
  });

  it('plan only the targets and their ancestors; problems elsewhere do not block', () => {
    const d = changed((d) => {
      d.nodes.push(node('side', 'select', { columns: ['nope'] }));
      d.edges.push(edge('source.table', 'side.table'));
    });
    const r = compile(d, registry, { targets: ['train'] });
    expect(r.ok).toBe(true);
    expect(r.plan!.steps.map((s) => s.nodeId)).toEqual(['source', 'adults', 'train']);
    expect(codes(r.problems)).toEqual(['CF007 side columns']);
    expect(compile(d, registry).ok).toBe(false);
    expect(compile(d, registry, { targets: ['side'] }).ok).toBe(false);
  });

  it('resolves aliases and upgrades old params in the plan', () => {
    const r = compile(
      changed((d) => {
        const t = byId(d, 'train');
        t.type = 'train-logreg';
        t.version = 1;
        t.params = { target: 'label', reg: 0.5 };
      }),
      registry,
    );
    expect(r.problems).toEqual([]);
    const step = r.plan!.steps.find((s) => s.nodeId === 'train')!;
    expect(step).toMatchObject({ type: 'train', version: 3, params: { target: 'label', C: 0.5, solver: 'lbfgs' } });
    expect(step.cacheKey).toBe(base.train);
  });
});
