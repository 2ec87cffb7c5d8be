import { describe, expect, it } from 'vitest';
import { countTermsByGroup, groupOutcomes, logOddsByGroup, modelTerms, proxyTerms, termWeights, zScoresFor } from './keyword-bias.ts';

describe('log-odds ratio with an informative Dirichlet prior', () => {
  const counts = new Map<string, Float64Array>([
    ['alpha', Float64Array.of(10, 2)],
    ['beta', Float64Array.of(5, 5)],
    ['gamma', Float64Array.of(1, 9)],
  ]);
  it('matches a hand computation (Monroe et al. 2008, eq. 16–22)', () => {
    // n_0 = n_1 = 16, α0 = 0.1·32 = 3.2, α_alpha = 0.1·12 = 1.2
    // δ = ln(11.2 / (16 + 3.2 − 11.2)) − ln(3.2 / (16 + 3.2 − 3.2)) = ln 1.4 − ln 0.2
    const delta = Math.log(1.4) - Math.log(0.2);
    const z = delta / Math.sqrt(1 / 11.2 + 1 / 3.2);
    const [g0, g1] = logOddsByGroup(counts, ['F', 'M'], { priorScale: 0.1, minCount: 1 });
    expect(g0.group).toBe('F');
    expect(g0.versus).toBe('M');
    expect(g0.terms[0].term).toBe('alpha');
    expect(g0.terms[0].delta).toBeCloseTo(delta, 12);
    expect(g0.terms[0].z).toBeCloseTo(z, 12);
    expect(g0.terms.find((t) => t.term === 'beta')!.z).toBeCloseTo(0, 12);
    expect(g1.terms[0].term).toBe('gamma');
    expect(zScoresFor(counts, 0, 2, 0.1).get('alpha')).toBeCloseTo(z, 12);
  });
  it('leaves out rare terms', () => {
    const [g0] = logOddsByGroup(counts, ['F', 'M'], { minCount: 11 });
    expect(g0.terms.map((t) => t.term)).toEqual(['alpha']);
  });
  it('counts tokens per group with stop words removed, optionally two-word phrases', () => {
    const c = countTermsByGroup(["She led the women's chess club", 'He led the chess club', null], Int32Array.of(0, 1, 0), 2, 2);
    expect(Array.from(c.get('chess')!)).toEqual([1, 1]);
    expect(Array.from(c.get('women')!)).toEqual([1, 0]);
    expect(Array.from(c.get('led chess')!)).toEqual([0, 1]);
    expect(c.has('the')).toBe(false);
  });
});

describe('group outcomes and the four-fifths rule', () => {
  it('computes selection rate, precision, recall and impact ratio per group', () => {
    // group 0: 4 rows, 1 selected (tp); group 1: 4 rows, 3 selected (2 tp, 1 fp); one row without a group
    const groups = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1, -1);
    const predicted = Int8Array.of(1, 0, 0, 0, 1, 1, 1, 0, 1);
    const actual = Int8Array.of(1, 1, 0, 0, 1, 1, 0, 1, 1);
    const { outcomes, reference } = groupOutcomes(groups, ['F', 'M'], predicted, actual);
    expect(reference).toBe('M');
    const [f, m] = outcomes;
    expect(f).toMatchObject({ n: 4, selected: 1, selectionRate: 0.25, precision: 1, recall: 0.5 });
    expect(m).toMatchObject({ n: 4, selected: 3, selectionRate: 0.75, recall: 2 / 3 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(f.impactRatio).toBeCloseTo(1 / 3, 12);
    expect(f.passesFourFifths).toBe(false);
    expect(m.passesFourFifths).toBe(true);
    expect(groupOutcomes(groups, ['F', 'M'], predicted, actual, 'F').outcomes[1].impactRatio).toBe(3);
  });
});

describe('model terms and proxies', () => {
  const names = ['years', 'resume_text:python', 'resume_text:women', 'resume_text:java', 'resume_text:rugby'];
  const coef = Float64Array.of(0.5, 1.2, -0.9, 0.8, 0.3);
  it('lists the strongest text terms of a linear model, prefix dropped', () => {
    const items = termWeights(names, coef, 'resume_text');
    const t = modelTerms('logistic-regression', items, 'coefficient', 2);
    expect(t.positive.map((x) => x.term)).toEqual(['python', 'java']);
    expect(t.negative.map((x) => x.term)).toEqual(['women']);
    expect(modelTerms('random-forest', items, 'importance').negative).toEqual([]);
  });
  it('flags heavily weighted terms tied to a group', () => {
    const z = new Map([
      ['women', 9.5],
      ['python', 0.2],
      ['rugby', -4.1],
    ]);
    const p = proxyTerms(termWeights(names, coef, 'resume_text'), z, 'Female', 3);
    expect(p.map((x) => x.term)).toEqual(['women', 'rugby']);
    expect(p[0]).toMatchObject({ weight: -0.9, z: 9.5, group: 'Female' });
  });
});
