import { describe, expect, it } from 'vitest';
import { keywordBiasReport, type KeywordBiasSide } from './index.ts';
import { anonymizeText } from '../anonymize-text/index.ts';
import { tfidf } from '../tfidf/index.ts';
import { logisticRegression } from '../logistic-regression/index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { takeRows, type Table } from '../../src/core/table/table.ts';
import { generateResumesTable } from '../../src/samples/resumes.ts';

const ctx = () => testContext({ nodeId: 'n' });

async function trainOn(table: Table) {
  const half = Math.floor(table.nRows * 0.7);
  const train = takeRows(table, Array.from({ length: half }, (_, i) => i));
  const test = takeRows(table, Array.from({ length: table.nRows - half }, (_, i) => half + i));
  const tf = await tfidf.run({ inputs: { train, test }, params: withDefaults(tfidf.params, { column: 'resume_text', ngramMax: 1 }), ctx: ctx() });
  return logisticRegression.run({
    inputs: { train: tf.train, test: tf.test },
    params: withDefaults(logisticRegression.params, { target: 'label', positive: 'Interview', features: ['years_experience'], maxIter: 500 }),
    ctx: ctx(),
  });
}

describe('keyword-bias-report node', () => {
  it('finds gendered proxies, per-group outcomes, and shows before vs after anonymisation', async () => {
    const raw = generateResumesTable({ n: 2000, seed: 5 });
    const anon = await anonymizeText.run({ inputs: { table: raw }, params: withDefaults(anonymizeText.params, { column: 'resume_text', mode: 'remove' }), ctx: ctx() });
    const before = await trainOn(raw);
    const after = await trainOn(anon.table);
    const { report } = await keywordBiasReport.run({
      inputs: { predictions: before.predictions, model: before.model, after: after.predictions, afterModel: after.model },
      params: withDefaults(keywordBiasReport.params, { protected: 'gender', text: 'resume_text', privileged: 'Male', top: 15 }),
      ctx: ctx(),
    });
    expect(report.kind).toBe('keyword-bias');
    const b = report.data.before as KeywordBiasSide;
    const a = report.data.after as KeywordBiasSide;
    expect(b.reference).toBe('Male');
    expect(b.focusGroup).toBe('Female');
    // the biased history shows in the model's decisions
    const female = b.outcomes.find((o) => o.group === 'Female')!;
    const male = b.outcomes.find((o) => o.group === 'Male')!;
    expect(female.selectionRate).toBeLessThan(male.selectionRate);
    expect(female.impactRatio).toBeCloseTo(female.selectionRate / male.selectionRate, 12);
    expect(male.impactRatio).toBe(1);
    expect(female.n + male.n).toBe(600);
    // "women" is the term most tied to women in the raw text, and the model penalises it
    const femaleTerms = b.groupTerms.find((g) => g.group === 'Female')!.terms.map((t) => t.term);
    expect(femaleTerms.slice(0, 3)).toContain('women');
    expect(b.model!.weightKind).toBe('coefficient');
    const women = b.proxies.find((p) => p.term === 'women');
    expect(women && women.weight).toBeLessThan(0);
    expect(b.samples.length).toBeGreaterThan(0);
    expect(b.samples.every((s) => s.group === 'Female' && s.actual === 1)).toBe(true);
    // after anonymisation the explicit words are gone, but proxies such as activities remain
    const afterFemaleTerms = a.groupTerms.find((g) => g.group === 'Female')!.terms.map((t) => t.term);
    expect(afterFemaleTerms).not.toContain('women');
    expect(afterFemaleTerms).not.toContain('she');
    expect(a.label).toBe('After anonymisation');
  }, 30_000);

  it('names a missing predictions column', async () => {
    const t: Table = { nRows: 1, columns: [{ name: 'gender', type: 'category', codes: Int32Array.of(0), categories: ['F'] }] };
    await expect(
      keywordBiasReport.run({
        inputs: { predictions: t, model: undefined, after: undefined, afterModel: undefined },
        params: withDefaults(keywordBiasReport.params, { protected: 'gender', text: 'x' }),
        ctx: ctx(),
      }),
    ).rejects.toThrow(/no "predicted" column/);
  });
});
