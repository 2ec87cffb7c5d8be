import { describe, expect, it } from 'vitest';
import type { FairnessReport } from '../core/ports.ts';
import { buildBiasAudit } from '../ml/fairness/bias-audit.ts';
import type { Table } from '../core/table/table.ts';
import { reportContextFor } from './report-context.ts';
import { reportFilesFor } from './report-files.ts';
import type { ReportContext } from './report-page.ts';

const context: ReportContext = { pipeline: 'P', nodeId: 'audit', generatedAt: '2026-12-07T10:00:00.000Z', dataSources: ['people.csv'], dataExplanation: 'Applicants of 2026' };

// 100 applicants: sex F/M/X (X is 1%: a small category), one unknown; hostile category text.
function table(): Table {
  const sex: number[] = [];
  const sel: number[] = [];
  for (let i = 0; i < 100; i++) {
    sex.push(i < 50 ? 0 : i < 98 ? 1 : i === 98 ? 2 : -1);
    sel.push(i < 50 ? (i < 20 ? 1 : 0) : i % 2);
  }
  return {
    nRows: 100,
    columns: [
      { name: 'sex', type: 'category', categories: ['=HYPERLINK("x")', 'M', '<b>X</b>'], codes: Int32Array.from(sex) },
      { name: 'predicted', type: 'integer', values: Float64Array.from(sel) },
    ],
  };
}

describe('report files', () => {
  it('the LL 144 audit: date, source, counts, unknowns, rates and ratios, exclusion with justification; escaped', () => {
    const { html: _h, csv: _c, ...audit } = buildBiasAudit(table(), { sexColumn: 'sex', outcome: 'selection', outcomeColumn: 'predicted', excludeSmall: true, justification: 'Fewer than 2% & too few to compare.' });
    void _h;
    void _c;
    const files = reportFilesFor({ kind: 'bias-audit', data: audit }, context);
    expect(files.map((f) => f.fileName)).toEqual(['audit-bias-audit.html', 'audit-bias-audit.csv']);
    const [html, csv] = files.map((f) => f.text);
    expect(html).toContain('<dt>Date of the audit</dt><dd>2026-12-07</dd>');
    expect(html).toContain('people.csv');
    expect(html).toContain('Applicants of 2026');
    expect(html).toContain('100 people with a known outcome');
    expect(html).toContain('Sex (sex): 1.');
    expect(html).toContain('Fewer than 2% &amp; too few to compare.');
    expect(html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(html).not.toContain('<b>X</b>');
    expect(html).toContain('@media print');
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('audit_date,data_source,dimension,dimension_kind,category,applicants,selected,selection_rate,impact_ratio,share,excluded,impact_ratio_below_0_8,unknown_category,total_applicants');
    // F: 20/50 = 0.4; M: 24/48 = 0.5 (most selected); F's impact ratio 0.8; X excluded (1 of 99)
    expect(rows).toContain(`2026-12-07,people.csv,Sex (sex),sex,"'=HYPERLINK(""x"")",50,20,0.4,0.8,${Number((50 / 99).toFixed(6))},false,false,1,100`);
    expect(rows.find((r) => r.includes(',M,'))).toContain(',48,24,0.5,1,');
    expect(rows.find((r) => r.includes('<b>X</b>'))).toMatch(/,1,\d,[\d.]+,,[\d.]+,true,false,1,100$/);
  });

  it('fairness report: headline metrics and per-group rates with their intervals', () => {
    const report: FairnessReport = {
      attribute: 'sex',
      privileged: 'M',
      favorable: 'predicted = 1',
      groups: [
        { group: 'F', n: 10, selectionRate: 0.2, tpr: 0.5, fpr: 0.1, impactRatioVsMostFavoured: 0.5, ci: { selectionRate: [0.1, 0.3] } },
        { group: 'M', n: 10, selectionRate: 0.4, tpr: 0.8, fpr: 0.2, impactRatioVsMostFavoured: 1 },
      ] as FairnessReport['groups'],
      disparateImpact: 0.5,
      statisticalParityDifference: -0.2,
      equalOpportunityDifference: -0.3,
      averageOddsDifference: -0.2,
      equalizedOddsDifference: 0.3,
      warnings: [],
      extra: { mode: 'predictions', privilegedAuto: true, ci: { level: 0.95, resamples: 100, disparateImpact: [0.25, 0.9] } },
    };
    const [html, csv] = reportFilesFor(report, { ...context, nodeId: 'fm' }).map((f) => f.text);
    expect(html).toContain('M (chosen automatically: the highest selection rate)');
    expect(html).toContain('0.500 <span class="muted">[0.250, 0.900]</span>');
    const lines = csv.trim().split('\n');
    expect(lines).toContain('2026-12-07,sex,M,overall,disparateImpact,0.5,0.25,0.9,0.95,');
    expect(lines).toContain('2026-12-07,sex,M,F,selectionRate,0.2,0.1,0.3,0.95,10');
  });

  it('SHAP: importance and each person’s top drivers', () => {
    const data = {
      method: 'tree', outputScale: 'log-odds', features: ['a', 'b', 'c'], rows: 2, expectedValue: 0,
      shap: Float64Array.from([0.1, -0.5, 0.2, 0.3, 0.0, -0.1]), featureValues: Float64Array.from([1, 2, NaN, 4, 5, NaN]),
      featureLabels: [null, null, ['x', '=y']], rowIds: ['p1', 'p2'], scores: Float64Array.from([0.2, 0.7]),
      importance: [{ feature: 'b', meanAbs: 0.25 }, { feature: 'a', meanAbs: 0.2 }, { feature: 'c', meanAbs: 0.15 }], modelKind: 'gradient-boosting',
    };
    const files = reportFilesFor({ kind: 'shap', data }, { ...context, nodeId: 'explain' });
    expect(files.map((f) => f.fileName)).toEqual(['explain-shap-summary.html', 'explain-shap-importance.csv', 'explain-shap-drivers.csv']);
    expect(files[1].text).toBe('rank,feature,mean_abs_shap\n1,b,0.25\n2,a,0.2\n3,c,0.15\n');
    const drivers = files[2].text.trim().split('\n');
    expect(drivers[1]).toBe('p1,0.2,b,2,-0.5,c,x,0.2,a,1,0.1');
    expect(drivers[2]).toBe("p2,0.7,a,4,0.3,c,'=y,-0.1,b,5,0");
  });

  it('the pipeline’s business-understanding note heads every HTML report, escaped; reportContextFor finds it', () => {
    const doc = {
      metadata: { name: 'Promotion', description: 'Staff of 2026' },
      nodes: [
        { id: 'src', type: 'dataset-source', params: { name: 'staff.csv' } },
        { id: 'explain', type: 'explain', label: 'Why', params: {} },
        { id: 'note', type: 'business-understanding', params: { objective: 'Pick <b>fairly</b>', stakeholders: 'HR\nworks council', protectedAttributes: 'sex,race' } },
      ],
      edges: [{ from: { node: 'src' }, to: { node: 'explain' } }],
    };
    const ctx = reportContextFor(doc, 'explain', context.generatedAt);
    expect(ctx).toEqual({
      pipeline: 'Promotion',
      nodeId: 'explain',
      nodeLabel: 'Why',
      generatedAt: context.generatedAt,
      dataSources: ['staff.csv'],
      dataExplanation: 'Staff of 2026',
      business: { objective: 'Pick <b>fairly</b>', stakeholders: 'HR\nworks council', protectedAttributes: ['sex', 'race'] },
    });
    const data = {
      method: 'tree', outputScale: 'log-odds', features: ['a'], rows: 1, expectedValue: 0, shap: Float64Array.from([0.1]), featureValues: Float64Array.from([1]),
      featureLabels: [null], rowIds: ['p1'], scores: Float64Array.from([0.2]), importance: [{ feature: 'a', meanAbs: 0.1 }], modelKind: 'gradient-boosting',
    };
    const html = reportFilesFor({ kind: 'shap', data }, ctx)[0].text;
    expect(html).toContain('<section class="business" aria-labelledby="business-understanding"><h2 id="business-understanding">Business understanding</h2>');
    expect(html).toContain('<dt>Objective</dt><dd><p>Pick &lt;b&gt;fairly&lt;/b&gt;</p></dd><dt>Stakeholders</dt><dd><p>HR<br>works council</p></dd><dt>Protected attributes</dt><dd>sex, race</dd>');
    expect(html).not.toContain('<b>fairly</b>');
    expect(html).not.toContain('Legal basis');
    expect(reportFilesFor({ kind: 'shap', data }, { ...ctx, business: undefined })[0].text).not.toContain('Business understanding');
  });

  it('anything else has no report', () => {
    expect(reportFilesFor({ kind: 'cluster-profile', data: {} }, context)).toEqual([]);
    expect(reportFilesFor(undefined, context)).toEqual([]);
  });
});
