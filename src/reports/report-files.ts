/**
 * Which report files a node output makes, by what it is (not by node type): a bias audit, a fairness
 * report, a SHAP explanation, a keyword-bias report. Used by the CLI (--out/reports/) and the designer's
 * download buttons, so both hand on the same files.
 */
import type { FairnessReport } from '../core/ports.ts';
import { isShapExplanation } from '../ml/explain/explanation.ts';
import { biasAuditCsv, biasAuditHtml, type BiasAuditData } from './bias-audit-report.ts';
import { fairnessCsv, fairnessHtml } from './fairness-report.ts';
import { keywordBiasCsv, keywordBiasHtml, type KeywordBiasData } from './keyword-bias-file.ts';
import type { ReportContext } from './report-page.ts';
import { shapDriversCsv, shapHtml, shapImportanceCsv } from './shap-report.ts';

export interface ReportFile {
  /** A file name without folders: <node>-<what>.<ext>. */
  fileName: string;
  mediaType: 'text/html' | 'text/csv';
  text: string;
}

function isFairnessReport(v: unknown): v is FairnessReport {
  const r = v as FairnessReport | undefined;
  return typeof r === 'object' && r !== null && typeof r.attribute === 'string' && Array.isArray(r.groups) && typeof r.disparateImpact === 'number';
}

function documentOf(v: unknown, kind: string): Record<string, unknown> | undefined {
  const d = v as { kind?: unknown; data?: unknown } | undefined;
  return typeof d === 'object' && d !== null && d.kind === kind && typeof d.data === 'object' && d.data !== null ? (d.data as Record<string, unknown>) : undefined;
}

function safeName(nodeId: string): string {
  return nodeId.replace(/[^\w-]+/g, '_');
}

/** The report files for one output value; [] when it is not a kind of result that has a report. */
export function reportFilesFor(value: unknown, context: ReportContext): ReportFile[] {
  const base = safeName(context.nodeId);
  if (isFairnessReport(value)) {
    return [
      { fileName: `${base}-fairness.html`, mediaType: 'text/html', text: fairnessHtml(value, context) },
      { fileName: `${base}-fairness.csv`, mediaType: 'text/csv', text: fairnessCsv(value, context) },
    ];
  }
  const audit = documentOf(value, 'bias-audit');
  if (audit && Array.isArray(audit.tables)) {
    const a = audit as unknown as BiasAuditData;
    return [
      { fileName: `${base}-bias-audit.html`, mediaType: 'text/html', text: biasAuditHtml(a, context) },
      { fileName: `${base}-bias-audit.csv`, mediaType: 'text/csv', text: biasAuditCsv(a, context) },
    ];
  }
  if (isShapExplanation(value)) {
    return [
      { fileName: `${base}-shap-summary.html`, mediaType: 'text/html', text: shapHtml(value.data, context) },
      { fileName: `${base}-shap-importance.csv`, mediaType: 'text/csv', text: shapImportanceCsv(value.data) },
      { fileName: `${base}-shap-drivers.csv`, mediaType: 'text/csv', text: shapDriversCsv(value.data) },
    ];
  }
  const kb = documentOf(value, 'keyword-bias');
  if (kb && typeof kb.before === 'object') {
    const d = kb as unknown as KeywordBiasData;
    return [
      { fileName: `${base}-keyword-bias.html`, mediaType: 'text/html', text: keywordBiasHtml(d, context) },
      { fileName: `${base}-keyword-bias.csv`, mediaType: 'text/csv', text: keywordBiasCsv(d) },
    ];
  }
  return [];
}
