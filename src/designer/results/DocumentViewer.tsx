import type { Document } from '../../core/ports.ts';
import { JsonTree } from './JsonTree.tsx';
import { ReportData } from './ReportData.tsx';
import './report-viewers.css';

/**
 * Explanations, reports and review documents. HTML (written by nodes, but possibly quoting user data)
 * is shown only inside an iframe with an empty sandbox: no scripts, no forms, no same-origin access.
 */
export function DocumentViewer({ doc }: { doc: Document }) {
  return (
    <div className="cf-document-viewer" data-testid="document-viewer">
      {doc.title && <h3>{doc.title}</h3>}
      {typeof doc.html === 'string' && doc.html.length > 0 ? (
        <>
          <iframe className="cf-doc-frame" sandbox="" srcDoc={doc.html} title={doc.title ?? `${doc.kind} document`} referrerPolicy="no-referrer" />
          <details>
            <summary>Data behind this document</summary>
            <JsonTree value={doc.data} />
          </details>
        </>
      ) : doc.data && typeof doc.data === 'object' && !Array.isArray(doc.data) ? (
        <div className="cf-report-viewer" data-testid="report-viewer">
          <ReportData data={doc.data as Record<string, unknown>} />
        </div>
      ) : (
        <JsonTree value={doc.data ?? doc} label={doc.title ?? doc.kind} />
      )}
    </div>
  );
}
