/**
 * Every template on data coded differently from the samples — other column names (mapped with a mapping
 * file), F/M instead of Female/Male, Y/N and yes/no instead of Interview/Reject and 1/0, another
 * department name, a column left out — through `crispflow run <template> --map` (the real runtime in
 * worker threads). Each must finish without errors with sensible results, and write its reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { resumesCsv } from '../samples/resumes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(root, 'public/samples');

type Row = Record<string, string>;

/** Renames columns, recodes values per column, drops columns. */
function recode(csv: string, rename: Record<string, string>, values: Record<string, Record<string, string>> = {}, drop: string[] = []): string {
  const parsed = Papa.parse<Row>(csv, { header: true, skipEmptyLines: true });
  const rows = parsed.data.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (drop.includes(k)) continue;
      out[rename[k] ?? k] = values[k]?.[v] ?? v;
    }
    return out;
  });
  return Papa.unparse(rows);
}

const sample = (name: string) => readFileSync(path.join(samples, name), 'utf8');

function runTemplate(template: string, dir: string, mapping: unknown, edit?: (doc: { nodes: Array<{ id: string; params: Record<string, unknown> }> }) => void) {
  let file = path.join(root, 'examples', `${template}.pipeline.json`);
  if (edit) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    edit(doc);
    file = path.join(dir, `${template}.pipeline.json`);
    writeFileSync(file, JSON.stringify(doc));
  }
  const mapFile = path.join(dir, 'mapping.json');
  writeFileSync(mapFile, JSON.stringify(mapping));
  const out = path.join(dir, 'out');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'run', file, '--map', mapFile, '--data', dir, '--out', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: path.join(dir, 'audit.key') },
  });
  const summary = existsSync(path.join(out, 'summary.json')) ? JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) : undefined;
  return { r, out, summary };
}

function statuses(summary: { nodes: Record<string, { status: string; error?: string }> }) {
  return Object.entries(summary.nodes).filter(([, n]) => n.status === 'error' || n.status === 'skipped').map(([id, n]) => `${id}: ${n.status} ${n.error ?? ''}`);
}

function csvRows(file: string): Row[] {
  return Papa.parse<Row>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

describe('templates on data coded differently from the samples', () => {
  it('resume screening: F/M, Y/N, other column names; reports match the node outputs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-own-resumes-'));
    writeFileSync(
      path.join(dir, 'candidates.csv'),
      recode(resumesCsv({ n: 2000 }), { resume_id: 'candidate', resume_text: 'cv', gender: 'sex', label: 'decision' }, { gender: { Female: 'F', Male: 'M' }, label: { Interview: 'Y', Reject: 'N' } }),
    );
    const mapping = { roles: { resumes: 'candidates.csv', target: 'decision', favourable: 'Y', protected: 'sex', text: 'cv' } };
    const { r, out, summary } = runTemplate('resume-screening', dir, mapping, (doc) => {
      doc.nodes.find((n) => n.id === 'train-rf')!.params.nTrees = 15;
    });
    expect(r.status, r.stderr).toBe(0);
    expect(statuses(summary)).toEqual([]);
    for (const id of ['evaluate-lr', 'evaluate-rf']) expect(summary.nodes[id].outputs.metrics.auc, id).toBeGreaterThan(0.6);
    const fairness = summary.nodes['fairness-lr'].outputs.report;
    expect(Object.keys(fairness.groups).sort()).toEqual(['F', 'M']);
    // automatic reference group: the group selected most often
    const top = Object.entries(fairness.groups as Record<string, { selectionRate: number }>).sort((a, b) => b[1].selectionRate - a[1].selectionRate)[0][0];
    expect(fairness.privileged).toBe(top);
    expect(summary.nodes['fairness-lr'].log.some((l: { message: string }) => l.message.includes(`Reference group chosen automatically: "${top}"`))).toBe(true);

    // Reports: the LL 144 bias audit (HTML + CSV), fairness with intervals, keyword bias before/after.
    const reports = path.join(out, 'reports');
    const audit = csvRows(path.join(reports, 'bias-audit-bias-audit.csv'));
    expect(audit.map((a) => a.category).sort()).toEqual(['F', 'M']);
    for (const a of audit) {
      expect(a.data_source).toBe('candidates.csv');
      expect(a.audit_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // the same predictions as fairness-lr: the same selection rates and group sizes
      expect(Number(a.applicants)).toBe(fairness.groups[a.category].n);
      expect(Number(a.selection_rate)).toBeCloseTo(fairness.groups[a.category].selectionRate, 6);
    }
    const topRate = Math.max(...audit.map((a) => Number(a.selection_rate)));
    for (const a of audit) expect(Number(a.impact_ratio)).toBeCloseTo(Number(a.selection_rate) / topRate, 5);
    expect(Number(audit[0].total_applicants)).toBe(400);
    const auditHtml = readFileSync(path.join(reports, 'bias-audit-bias-audit.html'), 'utf8');
    for (const s of ['Date of the audit', 'Data source', 'candidates.csv', 'Number of applicants or candidates', 'unknown category', 'Impact ratio', '@media print']) expect(auditHtml).toContain(s);

    const fcsv = csvRows(path.join(reports, 'fairness-lr-fairness.csv'));
    const di = fcsv.find((x) => x.scope === 'overall' && x.metric === 'disparateImpact')!;
    expect(Number(di.value)).toBeCloseTo(fairness.disparateImpact, 5);
    expect(Number(di.ci_low)).toBeLessThanOrEqual(Number(di.value));
    expect(Number(di.ci_high)).toBeGreaterThanOrEqual(Number(di.value));
    expect(di.reference_group).toBe(top);
    const kb = csvRows(path.join(reports, 'keyword-bias-keyword-bias.csv'));
    expect(new Set(kb.filter((x) => x.section === 'selection').map((x) => x.side))).toEqual(new Set(['Before anonymisation', 'After anonymisation']));
    expect(readFileSync(path.join(reports, 'keyword-bias-keyword-bias.html'), 'utf8')).toContain('Keyword bias by sex');
  }, 300_000);

  it('promotion (baseline and full): other group codes, yes/no outcome, a feature left out', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-own-promotion-'));
    writeFileSync(
      path.join(dir, 'staff.csv'),
      recode(sample('promotion.csv'), { employee_id: 'staff_no', group: 'ethnic_group', kpi_score: 'kpi', promoted: 'promoted_flag' }, { group: { A: 'G1', B: 'G2' }, promoted: { '1': 'yes', '0': 'no' } }, ['awards']),
    );
    const base = { employees: 'staff.csv', target: 'promoted_flag', favourable: 'yes', kpi_score: 'kpi', awards: null };
    const baseline = runTemplate('promotion-baseline', dir, { roles: base });
    expect(baseline.r.status, baseline.r.stderr).toBe(0);
    expect(baseline.summary.nodes.evaluate.outputs.metrics.auc).toBeGreaterThan(0.6);

    const full = runTemplate('promotion', dir, { roles: { ...base, protected: 'ethnic_group', id: 'staff_no' } }, (doc) => {
      doc.nodes.find((n) => n.id === 'adversarial')!.params.epochs = 10;
    });
    // stops at the human review panel (exit 3), every other node ran
    expect(full.r.status, full.r.stderr).toBe(3);
    expect(statuses(full.summary)).toEqual([]);
    const history = full.summary.nodes['history-fairness'].outputs.report;
    expect(Object.keys(history.groups).sort()).toEqual(['G1', 'G2']);
    expect(history.privileged).toBe('G1'); // the historically favoured group, found automatically
    expect(history.disparateImpact).toBeLessThan(0.8);
    expect(full.summary.nodes.adversarial.log.some((l: { message: string }) => l.message.includes('"ethnic_group" = "G1"'))).toBe(true);
    const drivers = csvRows(path.join(full.out, 'reports', 'explain-recommender-shap-drivers.csv'));
    expect(drivers.length).toBeGreaterThan(0);
    expect(Object.keys(drivers[0])).toEqual(['id', 'score', 'driver_1', 'driver_1_value', 'driver_1_shap', 'driver_2', 'driver_2_value', 'driver_2_shap', 'driver_3', 'driver_3_value', 'driver_3_shap']);
    expect(drivers.map((d) => d.driver_1)).not.toContain('awards');
  }, 300_000);

  it('attrition: other names in all five tables, another department, F/M, a feature left out', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-own-attrition-'));
    const id = { employee_id: 'person' };
    writeFileSync(
      path.join(dir, 'staff.csv'),
      recode(sample('employees.csv'), { ...id, department: 'dept', gender: 'sex', hire_date: 'start_date' }, { gender: { Female: 'F', Male: 'M' }, department: { Sales: 'Vertrieb' } }, ['location']),
    );
    writeFileSync(path.join(dir, 'pulse.csv'), recode(sample('surveys.csv'), { ...id, survey_date: 'asked_on', engagement_score: 'engagement', comment: 'remark' }));
    writeFileSync(path.join(dir, 'reviews.csv'), recode(sample('performance.csv'), { ...id, review_date: 'reviewed_on', rating: 'score' }));
    writeFileSync(path.join(dir, 'pay.csv'), recode(sample('compensation.csv'), { ...id, effective_date: 'changed_on', market_ratio: 'compa_ratio' }));
    writeFileSync(path.join(dir, 'leavers.csv'), recode(sample('terminations.csv'), { ...id, termination_date: 'left_on' }));
    const mapping = {
      roles: {
        employees: 'staff.csv', surveys: 'pulse.csv', performance: 'reviews.csv', compensation: 'pay.csv', terminations: 'leavers.csv',
        id: 'person', 'hire-date': 'start_date', department: 'dept', scope: 'Vertrieb', location: null,
        'survey-date': 'asked_on', engagement: 'engagement', comment: 'remark', 'review-date': 'reviewed_on', rating: 'score',
        'pay-date': 'changed_on', 'market-ratio': 'compa_ratio', 'leave-date': 'left_on', 'first-snapshot': '2023-03-01', 'as-of': '2024-12-31',
      },
    };
    const { r, out, summary } = runTemplate('attrition', dir, mapping);
    expect(r.status, r.stderr).toBe(0);
    expect(statuses(summary)).toEqual([]);
    expect(summary.nodes.cv.outputs.metrics.auc).toBeGreaterThan(0.6);
    const scored = csvRows(path.join(out, 'attrition-scores.csv'));
    expect(scored.length).toBeGreaterThan(100);
    expect(Object.keys(scored[0])).toContain('person');
    const importance = csvRows(path.join(out, 'reports', 'explain-shap-importance.csv'));
    expect(importance.map((x) => x.feature)).toContain('engagement');
    expect(importance.map((x) => x.feature)).not.toContain('location');
    expect(Number(importance[0].mean_abs_shap)).toBeGreaterThanOrEqual(Number(importance[importance.length - 1].mean_abs_shap));
  }, 300_000);
});
