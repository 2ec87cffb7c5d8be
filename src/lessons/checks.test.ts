import { describe, expect, it } from 'vitest';
import { evaluateCheck, evaluateChecks, upstreamOf, type LessonContext } from './checks.ts';
import { validateLesson, type Check } from './format.ts';

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, params });
const edge = (from: string, fp: string, to: string, tp: string) => ({ from: { node: from, port: fp }, to: { node: to, port: tp } });

/** promotion-baseline plus a fairness node and a threshold optimizer with its own fairness node. */
function context(): LessonContext {
  return {
    doc: {
      nodes: [
        node('source', 'dataset-source', { name: 'promotion.csv' }),
        node('split', 'train-test-split'),
        node('train-lr', 'logistic-regression'),
        node('evaluate', 'evaluate-classifier'),
        node('fair', 'fairness-metrics', { protected: ['group'] }),
        node('to', 'threshold-optimizer', { protected: ['group'], constraint: 'demographic-parity' }),
        node('fair2', 'fairness-metrics', { protected: ['group'] }),
        node('note', 'business-understanding', { objective: '  ', stakeholders: 'Promotion panel' }),
      ],
      edges: [
        edge('source', 'table', 'split', 'table'),
        edge('split', 'train', 'train-lr', 'train'),
        edge('split', 'test', 'train-lr', 'test'),
        edge('train-lr', 'predictions', 'evaluate', 'predictions'),
        edge('train-lr', 'predictions', 'fair', 'data'),
        edge('train-lr', 'predictions', 'to', 'data'),
        edge('to', 'predictions', 'fair2', 'data'),
      ],
    },
    run: {
      nodes: { source: { status: 'ok' }, split: { status: 'ok' }, 'train-lr': { status: 'cached' }, evaluate: { status: 'ok' }, fair: { status: 'ok' }, to: { status: 'ok' }, fair2: { status: 'ok' } },
      outputs: {
        evaluate: { metrics: { type: 'metrics', value: { kind: 'classification', values: { auc: 0.86, recall: 0.47 } } } },
        fair: { report: { type: 'fairness', value: { attribute: 'group', disparateImpact: 0.716, groups: [] } } },
        fair2: { report: { type: 'fairness', value: { attribute: 'group', disparateImpact: 0.985, groups: [] } } },
      },
    },
    shownNodeId: 'evaluate',
  };
}

const check = (c: Check, ctx = context()) => evaluateCheck(c, ctx);

describe('lesson checks', () => {
  it('node-exists counts nodes of the type', () => {
    expect(check({ kind: 'node-exists', type: 'fairness-metrics', count: 2 }).passed).toBe(true);
    const r = check({ kind: 'node-exists', type: 'fairness-metrics', count: 3 });
    expect(r).toMatchObject({ passed: false, missing: 'Add 1 more fairness-metrics node from the palette.' });
  });

  it('edge matches node types and, when given, ports', () => {
    expect(check({ kind: 'edge', fromType: 'train-test-split', toType: 'logistic-regression' }).passed).toBe(true);
    expect(check({ kind: 'edge', fromType: 'train-test-split', toType: 'logistic-regression', fromPort: 'test', toPort: 'test' }).passed).toBe(true);
    expect(check({ kind: 'edge', fromType: 'train-test-split', toType: 'logistic-regression', fromPort: 'test', toPort: 'train' }).passed).toBe(false);
    expect(check({ kind: 'edge', fromType: 'logistic-regression', toType: 'train-test-split' }).passed).toBe(false);
  });

  it('param compares values (also inside lists); param-set wants a non-blank value', () => {
    expect(check({ kind: 'param', type: 'threshold-optimizer', key: 'constraint', value: 'demographic-parity' }).passed).toBe(true);
    expect(check({ kind: 'param', type: 'fairness-metrics', key: 'protected', value: 'group' }).passed).toBe(true);
    expect(check({ kind: 'param', type: 'fairness-metrics', key: 'protected', value: 'gender' }).passed).toBe(false);
    expect(check({ kind: 'param-set', type: 'business-understanding', key: 'stakeholders' }).passed).toBe(true);
    expect(check({ kind: 'param-set', type: 'business-understanding', key: 'objective' }).passed).toBe(false);
  });

  it('no-node passes only when no node of the type is left', () => {
    expect(check({ kind: 'no-node', type: 'kmeans' }).passed).toBe(true);
    expect(check({ kind: 'no-node', type: 'train-test-split' }).passed).toBe(false);
  });

  it('node-ran accepts ok and cached; result-shown needs the node shown in the dock with that output', () => {
    expect(check({ kind: 'node-ran', type: 'logistic-regression' }).passed).toBe(true);
    expect(check({ kind: 'node-ran', type: 'explain' }).passed).toBe(false);
    expect(check({ kind: 'result-shown', type: 'evaluate-classifier', output: 'metrics' }).passed).toBe(true);
    const ctx = { ...context(), shownNodeId: 'fair' };
    const r = check({ kind: 'result-shown', type: 'evaluate-classifier', output: 'metrics' }, ctx);
    expect(r).toMatchObject({ passed: false, missing: 'Click the evaluate-classifier node to show its results.' });
    expect(check({ kind: 'result-shown', type: 'explain', output: 'explanation' }).missing).toMatch(/^Run the pipeline/);
  });

  it('metric reads metrics values and fairness fields by alias, optionally only downstream of a node type', () => {
    expect(check({ kind: 'metric', nodeType: 'evaluate-classifier', metric: 'AUC', op: '>', value: 0.8 }).passed).toBe(true);
    expect(check({ kind: 'metric', nodeType: 'evaluate-classifier', metric: 'auc', op: '>', value: 0.9 }).missing).toBe('auc is 0.86 now; change the pipeline and run it again.');
    // Any fairness node: the mitigated one passes.
    expect(check({ kind: 'metric', nodeType: 'fairness-metrics', metric: 'DI', op: '>=', value: 0.8 }).passed).toBe(true);
    // Only the baseline is downstream of logistic regression without the optimizer... both are downstream of it;
    // downstream of the optimizer only fair2 counts.
    expect(check({ kind: 'metric', nodeType: 'fairness-metrics', after: 'threshold-optimizer', metric: 'DI', op: '>=', value: 0.8 }).passed).toBe(true);
    expect(check({ kind: 'metric', nodeType: 'fairness-metrics', after: 'reweighing', metric: 'DI', op: '>=', value: 0.8 }).missing).toMatch(/downstream of reweighing/);
    const ctx = context();
    ctx.run.outputs.fair2 = { report: { type: 'fairness', value: { attribute: 'group', disparateImpact: 0.775 } } };
    expect(check({ kind: 'metric', nodeType: 'fairness-metrics', after: 'threshold-optimizer', metric: 'DI', op: '>=', value: 0.8 }, ctx).missing).toBe(
      'DI is 0.775 now; change the pipeline and run it again.',
    );
  });

  it('fairness-reports wants a run fairness report on that attribute (also within an intersection) with the metric', () => {
    expect(check({ kind: 'fairness-reports', attribute: 'group', metric: 'DI' }).passed).toBe(true);
    expect(check({ kind: 'fairness-reports', attribute: 'gender', metric: 'DI' }).passed).toBe(false);
    const ctx = context();
    ctx.run.outputs.fair = { report: { type: 'fairness', value: { attribute: 'gender × race', disparateImpact: 0.7 } } };
    expect(check({ kind: 'fairness-reports', attribute: 'race', metric: 'disparateImpact' }, ctx).passed).toBe(true);
    ctx.run.nodes.fair = { status: 'error' };
    ctx.run.nodes.fair2 = { status: 'error' };
    expect(check({ kind: 'fairness-reports', attribute: 'race', metric: 'DI' }, ctx).passed).toBe(false);
  });

  it('review-decided counts decisions in review outputs', () => {
    const ctx = context();
    expect(check({ kind: 'review-decided', count: 1 }, ctx).missing).toMatch(/^0 decided so far/);
    ctx.doc = { ...ctx.doc, nodes: [...ctx.doc.nodes, node('review', 'human-review')] };
    ctx.run.outputs.review = { review: { type: 'review', value: { kind: 'review-decisions', data: { items: 4, accepted: 3 } } } };
    expect(check({ kind: 'review-decided', count: 4 }, ctx).passed).toBe(true);
    expect(check({ kind: 'review-decided', count: 5 }, ctx).passed).toBe(false);
  });

  it('a step passes only when every check passes', () => {
    const lesson = validateLesson({
      format: 1,
      id: 't',
      title: 'T',
      summary: 'S',
      steps: [
        {
          id: 's',
          title: 'S',
          phase: 'evaluation',
          text: 'x',
          hint: 'y',
          checks: [
            { kind: 'node-ran', type: 'evaluate-classifier' },
            { kind: 'node-exists', type: 'explain' },
          ],
        },
      ],
    });
    const r = evaluateChecks(lesson.steps[0].checks, context());
    expect(r.passed).toBe(false);
    expect(r.results.map((x) => x.passed)).toEqual([true, false]);
  });

  it('upstreamOf walks incoming edges transitively', () => {
    expect([...upstreamOf(context().doc, 'fair2')].sort()).toEqual(['source', 'split', 'to', 'train-lr']);
  });
});
