import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyColumnMapping, parseColumnMapping } from './apply-mapping.ts';
import { TemplateRoleError, templateRoles } from './template-roles.ts';

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}.pipeline.json`, import.meta.url), 'utf8'));
const params = (doc: { nodes: Array<{ id: string; params: Record<string, unknown> }> }, id: string) => doc.nodes.find((n) => n.id === id)!.params;

describe('template roles', () => {
  it('every template declares valid roles whose params exist', () => {
    for (const name of ['resume-screening', 'promotion-baseline', 'promotion', 'attrition']) {
      const roles = templateRoles(template(name));
      expect(roles.length, name).toBeGreaterThan(2);
      expect(roles.some((r) => r.kind === 'target' || r.kind === 'id'), name).toBe(true);
    }
  });

  it('refuses a declaration naming a param the template lacks, naming the role and field', () => {
    const doc = { metadata: { roles: [{ id: 'target', kind: 'target', label: 'Outcome', sample: 'y', uses: ['nope.target'] }] }, nodes: [] };
    expect(() => templateRoles(doc)).toThrow(/Role "target" uses "nope.target"/);
  });
});

describe('applyColumnMapping', () => {
  const resumeMapping = {
    roles: { resumes: 'candidates.csv', target: 'outcome', favourable: 'Y', protected: 'sex', text: 'cv_text' },
  };

  it('rewrites exactly the params each role uses', () => {
    const { doc, changes } = applyColumnMapping(template('resume-screening'), parseColumnMapping(resumeMapping));
    expect(params(doc, 'source')).toMatchObject({ name: 'candidates.csv', source: 'file' });
    expect(params(doc, 'split').stratify).toBe('outcome');
    expect(params(doc, 'train-rf')).toMatchObject({ target: 'outcome', positive: 'Y' });
    expect(params(doc, 'fairness-lr')).toMatchObject({ protected: ['sex'], privileged: 'auto' });
    expect(params(doc, 'keyword-bias')).toMatchObject({ protected: 'sex', text: 'cv_text', privileged: 'auto' });
    expect(params(doc, 'tfidf').column).toBe('cv_text');
    expect(changes.find((c) => c.nodeId === 'train-lr' && c.param === 'positive')).toEqual({ role: 'favourable', nodeId: 'train-lr', param: 'positive', from: 'Interview', to: 'Y' });
    // the mapped copy declares the new names, so it can be mapped again
    expect(templateRoles(doc).find((r) => r.id === 'target')!.sample).toBe('outcome');
  });

  it('refuses a mapping that leaves a required role empty, naming the role', () => {
    const { target: _t, ...rest } = resumeMapping.roles;
    void _t;
    expect(() => applyColumnMapping(template('resume-screening'), parseColumnMapping({ roles: rest }))).toThrow(
      /required role "Outcome column" \(target\) empty/,
    );
    expect(() => applyColumnMapping(template('resume-screening'), parseColumnMapping({ roles: { ...resumeMapping.roles, favourable: '  ' } }))).toThrow(
      /required role "Favourable outcome" \(favourable\) empty/,
    );
  });

  it('refuses unknown roles and malformed values', () => {
    expect(() => applyColumnMapping(template('resume-screening'), parseColumnMapping({ roles: { ...resumeMapping.roles, salary: 'pay' } }))).toThrow(
      /names the role "salary", which this template does not declare/,
    );
    expect(() => parseColumnMapping({ roles: { target: 3 } })).toThrow(TemplateRoleError);
    expect(() => parseColumnMapping([])).toThrow(/"roles"/);
  });

  it('keeps derived names and drops columns your data lacks', () => {
    const mapping = {
      roles: {
        employees: 'staff.csv', surveys: 'pulse.csv', performance: 'reviews.csv', compensation: 'pay.csv', terminations: 'leavers.csv',
        id: 'person', 'hire-date': 'start_date', department: 'dept', scope: 'Field Sales', 'survey-date': 'asked_on',
        engagement: 'engagement', comment: 'remark', 'review-date': 'reviewed_on', rating: 'score', 'pay-date': 'changed_on',
        'market-ratio': 'compa_ratio', 'leave-date': 'left_on', 'first-snapshot': '2023-06-30', 'as-of': '2025-06-30', location: null,
      },
    };
    const { doc } = applyColumnMapping(template('attrition'), parseColumnMapping(mapping));
    const features = params(doc, 'train-gb').features as string[];
    expect(features).toContain('engagement_delta_3');
    expect(features).toContain('score_delta_2');
    expect(features).not.toContain('location');
    expect(features).toContain('comment_sentiment'); // made by the template's sentiment node, not a column of yours
    expect(params(doc, 'cv').features).toEqual(features);
    expect(params(doc, 'with-surveys').columns).toEqual(['engagement', 'engagement_delta_3', 'engagement_mean_3', 'engagement_trend_3', 'comment_sentiment', 'comment_sentiment_mean_3']);
    expect(params(doc, 'sales')).toMatchObject({ column1: 'dept', value1: 'Field Sales' });
    expect(params(doc, 'current').value1).toBe('2025-06-30');
    expect(params(doc, 'panel')).toMatchObject({ id: 'person', start: 'start_date', eventDate: 'left_on', asOf: '2025-06-30' });
    expect(() => applyColumnMapping(template('attrition'), parseColumnMapping({ roles: { ...mapping.roles, id: null } }))).toThrow(/cannot be left out/);
  });
});
