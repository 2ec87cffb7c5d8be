/**
 * Download buttons for the report files of a result (bias audit, fairness, SHAP summary, keyword bias):
 * the same files `crispflow run --out` writes to reports/ (src/reports/report-files.ts), made in the
 * browser and saved as downloads; nothing leaves the machine.
 */
import { useMemo } from 'react';
import { reportContextFor } from '../../reports/report-context.ts';
import { reportFilesFor } from '../../reports/report-files.ts';
import { saveBlob } from '../results/download.ts';
import { usePipeline } from '../store/context.tsx';

export function ReportDownloads({ nodeId, value }: { nodeId: string; value: unknown }) {
  const doc = usePipeline((s) => s.doc);
  // The same heading facts as the CLI's reports, business-understanding note included.
  const files = useMemo(() => reportFilesFor(value, reportContextFor(doc, nodeId, new Date().toISOString())), [doc, nodeId, value]);
  if (files.length === 0) return null;
  return (
    <div className="cf-report-downloads" role="group" aria-label="Download reports" data-testid="report-downloads">
      <span className="cf-muted">Reports:</span>
      {files.map((f) => (
        <button
          key={f.fileName}
          type="button"
          className="cf-btn cf-btn-small"
          data-testid={`report-download-${f.fileName}`}
          onClick={() => saveBlob(new Blob([f.text], { type: `${f.mediaType};charset=utf-8` }), f.fileName)}
          title={`Save ${f.fileName}`}
        >
          {f.fileName.replace(/^.*?-(?=[a-z-]+\.(html|csv)$)/, '').replace(/\.(html|csv)$/, (_m, ext: string) => ` (${ext.toUpperCase()})`)}
        </button>
      ))}
    </div>
  );
}
