import { describe, expect, it } from 'vitest';
import { checkParamValue, isParamVisible, param, visibleWhenProblem, type ParamSpecs } from './params.ts';
import { builtinNodes, createBuiltinRegistry } from '../../nodes/index.ts';
import { compile } from './compiler.ts';

const specs: ParamSpecs = {
  mode: param.enum({ options: ['predictions', 'dataset'], default: 'predictions' }),
  label: param.column({ from: 'data', visibleWhen: { param: 'mode', equals: 'dataset' } }),
  name: param.string({ default: '', required: true, visibleWhen: { param: 'mode', equals: ['dataset'] } }),
};

describe('visibleWhen', () => {
  it('shows a param only when its condition holds (one value or any of several)', () => {
    expect(isParamVisible(specs.label, { mode: 'predictions' })).toBe(false);
    expect(isParamVisible(specs.label, { mode: 'dataset' })).toBe(true);
    expect(isParamVisible(specs.name, { mode: 'dataset' })).toBe(true);
    expect(isParamVisible(specs.mode, {})).toBe(true);
  });
  it('a hidden param is type-checked but not required', () => {
    expect(checkParamValue(specs.label, '', { hidden: true })).toBeNull();
    expect(checkParamValue(specs.label, '')).toBe('is required: choose a column');
    expect(checkParamValue(specs.name, '', { hidden: true })).toBeNull();
    expect(checkParamValue(specs.name, 3, { hidden: true })).toBe('must be text');
    expect(checkParamValue(param.columns({ from: 'x', minItems: 1 }), [], { hidden: true })).toBeNull();
  });
  it('refuses a condition on an unknown param or an option the enum lacks', () => {
    expect(visibleWhenProblem('label', specs)).toBeNull();
    expect(visibleWhenProblem('x', { x: param.string({ default: '', visibleWhen: { param: 'nope', equals: 'a' } }) })).toMatch(/"nope", which is not another param/);
    expect(
      visibleWhenProblem('x', { ...specs, x: param.string({ default: '', visibleWhen: { param: 'mode', equals: 'datset' } }) }),
    ).toMatch(/mode = datset, not among its options \(predictions, dataset\)/);
  });
  it('every built-in node’s visibleWhen names a sibling param and valid values', () => {
    const used: string[] = [];
    for (const def of builtinNodes) {
      for (const name of Object.keys(def.params)) {
        expect(visibleWhenProblem(name, def.params as ParamSpecs), `${def.type}.${name}`).toBeNull();
        if ((def.params as ParamSpecs)[name].visibleWhen) used.push(`${def.type}.${name}`);
      }
    }
    expect(used).toEqual(expect.arrayContaining(['fairness-metrics.label', 'fairness-metrics.favorable', 'predict.threshold', 'impute-missing.fillValue']));
  });
  it('the compiler still type-checks a hidden param (impute-missing: constant value shown only for "constant")', () => {
    const registry = createBuiltinRegistry();
    const doc = (strategy: string) => ({
      version: 1,
      nodes: [{ id: 'impute', type: 'impute-missing', position: { x: 0, y: 0 }, params: { strategy, fillValue: 42 } }],
      edges: [],
    });
    const problemsFor = (strategy: string) => compile(doc(strategy) as never, registry).problems.filter((p) => p.field === 'fillValue');
    expect(problemsFor('median').map((p) => p.code)).toEqual(['CF005']);
    expect(problemsFor('constant').map((p) => p.code)).toEqual(['CF005']);
  });
});
