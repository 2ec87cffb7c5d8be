import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PortSpecs } from '../../core/node-definition.ts';
import { useCompile, useNodeProblems } from '../app/services.tsx';
import { usePipeline, useRegistry } from '../store/context.tsx';
import type { NodeRunState } from '../store/pipeline-store.ts';
import { PHASE_COLOR, PHASE_LABEL, PORT_COLOR, PORT_LABEL } from '../theme.ts';
import type { CardNode } from './flow-mapping.ts';

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function badgeText(s: NodeRunState | undefined): string {
  switch (s?.status) {
    case undefined:
    case 'idle':
      return 'Idle';
    case 'queued':
      return 'Queued';
    case 'running':
      return s.progress !== undefined ? `Running ${Math.round(s.progress * 100)}%` : 'Running';
    case 'ok':
      return `Done · ${formatMs(s.ms)}`;
    case 'cached':
      return 'Cached';
    case 'error':
      return 'Error';
    case 'skipped':
      return 'Skipped';
    case 'waiting':
      return 'Waiting for review';
    case 'pending':
      return 'Pending review';
  }
}

/** One node on the canvas: phase colour, title, ports, run state and problems. */
export const NodeCard = memo(function NodeCard({ id, data, selected }: NodeProps<CardNode>) {
  const registry = useRegistry();
  const node = data.node;
  const def = registry.get(node.type);
  const run = usePipeline((s) => s.run.nodes[id]);
  const problems = useNodeProblems(id);
  const errors = problems.filter((p) => p.severity === 'error');
  const status = run?.status ?? 'idle';
  const ranWith = usePipeline((s) => s.run.keys?.[id]);
  const nowKey = useCompile((s) => s.keys[id]);
  // The node (or something upstream) changed since its result was computed.
  const outdated = (status === 'ok' || status === 'cached') && !!ranWith && !!nowKey && ranWith !== nowKey;
  // Warnings the node logged in its run (rows left out, skipped folds…): easy to miss in the log tab alone.
  const warnings = run?.log?.filter((e) => e.level === 'warn') ?? [];
  const phaseColor = def ? PHASE_COLOR[def.phase] : '#999';
  const title = node.label ?? def?.title ?? node.type;
  const inputs = def ? Object.entries(def.inputs as PortSpecs) : [];
  const outputs = def ? Object.entries(def.outputs as PortSpecs) : [];

  return (
    <div
      className={`cf-card cf-card-${status}${selected ? ' cf-card-selected' : ''}${errors.length ? ' cf-card-invalid' : ''}${outdated ? ' cf-card-outdated' : ''}`}
      style={{ borderTopColor: phaseColor }}
      data-testid="node-card"
      data-node-id={id}
      data-status={status}
      data-outdated={outdated || undefined}
    >
      <div className="cf-card-head">
        <span className="cf-card-title" title={def ? `${def.title} — ${PHASE_LABEL[def.phase]}` : node.type}>
          {title}
        </span>
        <span className={`cf-badge cf-badge-${status}`} data-testid="node-status">
          {badgeText(run)}
        </span>
      </div>
      <div className="cf-card-sub">{node.label && def ? def.title : node.id}</div>
      {status === 'running' && (
        <div className="cf-progress" role="progressbar" aria-label={`${title} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((run?.progress ?? 0) * 100)}>
          <div className="cf-progress-bar" style={{ width: `${Math.round((run?.progress ?? 0) * 100)}%` }} />
        </div>
      )}
      {status === 'running' && run?.note && <div className="cf-card-note">{run.note}</div>}
      <div className="cf-card-ports">
        <div className="cf-card-inputs">
          {inputs.map(([port, spec]) => (
            <div className="cf-port cf-port-in" key={port}>
              <Handle
                type="target"
                position={Position.Left}
                id={port}
                className="cf-handle"
                style={{ background: PORT_COLOR[spec.type] }}
                title={`${spec.label ?? port} (${PORT_LABEL[spec.type]}${spec.optional ? ', optional' : ''})`}
              />
              <span className="cf-port-label" title={`${spec.label ?? port} (${PORT_LABEL[spec.type]}${spec.optional ? ', optional' : ''})`}>
                {spec.label ?? port}
                {spec.optional ? <span className="cf-muted"> (optional)</span> : null}
              </span>
            </div>
          ))}
        </div>
        <div className="cf-card-outputs">
          {outputs.map(([port, spec]) => (
            <div className="cf-port cf-port-out" key={port}>
              <span className="cf-port-label" title={`${spec.label ?? port} (${PORT_LABEL[spec.type]})`}>
                {spec.label ?? port}
              </span>
              <Handle
                type="source"
                position={Position.Right}
                id={port}
                className="cf-handle"
                style={{ background: PORT_COLOR[spec.type] }}
                title={`${spec.label ?? port} (${PORT_LABEL[spec.type]})`}
              />
            </div>
          ))}
        </div>
      </div>
      {run?.headline && (status === 'ok' || status === 'cached') && (
        <div className="cf-card-headline" data-testid="node-headline">
          {run.headline}
        </div>
      )}
      {warnings.length > 0 && (status === 'ok' || status === 'cached') && (
        <div className="cf-card-warn" data-testid="node-warnings" title={warnings[0].message}>
          {warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}: see the log in its results
        </div>
      )}
      {outdated && (
        <div className="cf-card-note" data-testid="node-outdated">
          Changed since this result — run again to update it.
        </div>
      )}
      {status === 'error' && run?.error && (
        <div className="cf-card-error" role="alert">
          {run.error}
        </div>
      )}
      {status === 'skipped' && run?.error && <div className="cf-card-note">{run.error}</div>}
      {errors.length > 0 && status !== 'error' && (
        <div className="cf-card-problem" data-testid="node-problem">
          {errors[0].message}
          {errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}
        </div>
      )}
    </div>
  );
});
