import { useId, useState, type KeyboardEvent } from 'react';
import type { Document, PortType } from '../../core/ports.ts';
import { ClusterProfile } from './ClusterProfile.tsx';
import { CsvExportView } from './CsvExportView.tsx';
import { csvExportBytes } from './csv-export-file.ts';
import { DocumentViewer } from './DocumentViewer.tsx';
import { ProxyRanking } from './ProxyRanking.tsx';
import { DriftViewer } from './DriftViewer.tsx';
import { FairnessDashboard } from './FairnessDashboard.tsx';
import { FairnessOverTimeViewer } from './FairnessOverTimeViewer.tsx';
import { ShapView } from './ShapView.tsx';
import { ReportDownloads } from '../templates/ReportDownloads.tsx';
import { TermView } from './TermView.tsx';
import { JsonTree } from './JsonTree.tsx';
import { MetricsViewer } from './MetricsViewer.tsx';
import { ModelViewer } from './ModelViewer.tsx';
import { TableViewer } from './TableViewer.tsx';
import { isDocument, isFairnessReport, isMetrics, isModel, isTable } from './value-guards.ts';
import type { NodeLogEntry } from '../store/pipeline-store.ts';
import './results.css';

export type PortOutputs = Record<string, { type: PortType; value: unknown }>;

const TYPE_LABELS: Record<PortType, string> = {
  table: 'table',
  predictions: 'predictions',
  model: 'model',
  metrics: 'metrics',
  fairness: 'fairness',
  explanation: 'explanation',
  review: 'review',
  report: 'report',
};

function SummaryOnly({ value }: { value: unknown }) {
  return (
    <div>
      <p className="cf-muted">Only a summary of the last run is kept here. Run the pipeline again to see the full result.</p>
      <JsonTree value={value} label="Summary" />
    </div>
  );
}

/** The viewer that fits a port type; falls back to a summary tree when the value is not the full result. */
export function PortViewer({ type, value, name }: { type: PortType; value: unknown; name: string }) {
  switch (type) {
    case 'table':
    case 'predictions':
      return isTable(value) ? <TableViewer table={value} name={name} /> : <SummaryOnly value={value} />;
    case 'metrics':
      return isMetrics(value) ? <MetricsViewer metrics={value} /> : <SummaryOnly value={value} />;
    case 'model':
      return isModel(value) ? <ModelViewer model={value} /> : <SummaryOnly value={value} />;
    case 'fairness':
      return isFairnessReport(value) ? <FairnessDashboard value={value} /> : <SummaryOnly value={value} />;
    case 'explanation':
    case 'review':
    case 'report':
      if (!isDocument(value)) return <SummaryOnly value={value} />;
      return <DocumentView doc={value} />;
    default:
      return <JsonTree value={value} />;
  }
}

/** Documents with a dedicated view (by kind); everything else gets the generic document viewer. */
function DocumentView({ doc }: { doc: Document }) {
  switch (doc.kind) {
    case 'keyword-bias':
      return <TermView value={doc} />;
    case 'cluster-profile':
      return <ClusterProfile value={doc} />;
    case 'shap':
      return <ShapView value={doc} />;
    case 'drift-report':
      return <DriftViewer value={doc} />;
    case 'fairness-over-time':
      return <FairnessOverTimeViewer value={doc} />;
    case 'proxy-detection':
      return <ProxyRanking doc={doc} />;
    case 'csv-export': {
      const bytes = csvExportBytes(doc);
      return bytes ? <CsvExportView doc={doc} bytes={bytes} /> : <DocumentViewer doc={doc} />;
    }
    default:
      return <DocumentViewer doc={doc} />;
  }
}

/** The tab of a node's log messages (after its output ports). */
const LOG_TAB = '\u0000log';

/** What the node said while it ran, warnings marked. */
function LogView({ log }: { log: NodeLogEntry[] }) {
  return (
    <ol className="cf-node-log" data-testid="node-log">
      {log.map((entry, i) => (
        <li key={i} className={entry.level === 'warn' ? 'cf-log-warn' : undefined}>
          {entry.level === 'warn' && <strong>Warning: </strong>}
          {entry.message}
        </li>
      ))}
    </ol>
  );
}

/**
 * Results of the selected node, docked beside the canvas: one tab per output port, then its log
 * (what it reported while running: rows left out, early stopping, …) when it said anything.
 */
export function ResultsDock({
  nodeId,
  outputs,
  log,
  onOpenInTab,
}: {
  nodeId: string | null;
  outputs: PortOutputs | undefined;
  log?: NodeLogEntry[];
  /** Opens the shown output in its own browser tab (absent: no such button). */
  onOpenInTab?: (port: string, output: { type: PortType; value: unknown }) => void;
}) {
  const baseId = useId();
  const ports = outputs ? Object.keys(outputs) : [];
  const tabs = log && log.length > 0 ? [...ports, LOG_TAB] : ports;
  const [chosen, setChosen] = useState<{ nodeId: string | null; port: string } | null>(null);
  const active = chosen && chosen.nodeId === nodeId && tabs.includes(chosen.port) ? chosen.port : tabs[0];
  const warnings = log?.filter((e) => e.level === 'warn').length ?? 0;

  if (!nodeId) {
    return (
      <section className="cf-results-dock cf-empty" aria-label="Results" data-testid="results-dock">
        <p>Select a node on the canvas to see its results here.</p>
      </section>
    );
  }
  if (tabs.length === 0) {
    return (
      <section className="cf-results-dock cf-empty" aria-label="Results" data-testid="results-dock">
        <p>
          No results for <strong>{nodeId}</strong> yet. Run the pipeline (or “Run to here”) to see them.
        </p>
      </section>
    );
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.indexOf(active);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    setChosen({ nodeId, port: next });
    document.getElementById(`${baseId}-tab-${next === LOG_TAB ? 'log' : next}`)?.focus();
  };
  const current = active === LOG_TAB ? undefined : outputs?.[active];

  return (
    <section className="cf-results-dock" aria-label={`Results of ${nodeId}`} data-testid="results-dock">
      <div className="cf-results-head">
        <div className="cf-tabs" role="tablist" aria-label="Outputs and log" onKeyDown={onKeyDown}>
          {ports.map((p) => (
            <button
              key={p}
              id={`${baseId}-tab-${p}`}
              type="button"
              role="tab"
              aria-selected={p === active}
              aria-controls={`${baseId}-panel`}
              tabIndex={p === active ? 0 : -1}
              className={`cf-tab cf-port-${outputs![p].type}`}
              onClick={() => setChosen({ nodeId, port: p })}
              data-testid={`result-tab-${p}`}
            >
              {p}
              {p !== outputs![p].type && <span className="cf-tab-type">{TYPE_LABELS[outputs![p].type] ?? outputs![p].type}</span>}
            </button>
          ))}
          {tabs.includes(LOG_TAB) && (
            <button
              id={`${baseId}-tab-log`}
              type="button"
              role="tab"
              aria-selected={active === LOG_TAB}
              aria-controls={`${baseId}-panel`}
              tabIndex={active === LOG_TAB ? 0 : -1}
              className="cf-tab cf-tab-log"
              onClick={() => setChosen({ nodeId, port: LOG_TAB })}
              data-testid="result-tab-log"
            >
              log
              {warnings > 0 && <span className="cf-tab-warn">{warnings === 1 ? '1 warning' : `${warnings} warnings`}</span>}
            </button>
          )}
        </div>
        {current && onOpenInTab && (
          <button type="button" className="cf-link-btn" onClick={() => onOpenInTab(active, current)} data-testid="open-result-tab">
            Open {active} in a new tab
          </button>
        )}
      </div>
      <div className="cf-tab-panel" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${active === LOG_TAB ? 'log' : active}`}>
        {current && <ReportDownloads nodeId={nodeId} value={current.value} />}
        {current ? <PortViewer key={`${nodeId}:${active}`} type={current.type} value={current.value} name={`${nodeId}-${active}`} /> : <LogView log={log ?? []} />}
      </div>
    </section>
  );
}
