/**
 * Connecting ports from the keyboard ("C" on a selected node): choose one of its outputs, then an
 * input of another node that accepts it (the list offers only connections the pipeline accepts,
 * checked as for a drag). The result is announced in the notice area (a live region).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { checkConnection } from '../../core/connection.ts';
import type { PortSpecs } from '../../core/node-definition.ts';
import { usePipelineStore, useRegistry } from '../store/context.tsx';
import { PORT_LABEL } from '../theme.ts';

export function ConnectDialog({ nodeId, onDone, onClose }: { nodeId: string; onDone(message: string): void; onClose(): void }) {
  const store = usePipelineStore();
  const registry = useRegistry();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const doc = store.getState().doc;
  const node = doc.nodes.find((n) => n.id === nodeId);
  const def = node ? registry.get(node.type) : undefined;
  const outputs = def ? Object.entries(def.outputs as PortSpecs) : [];
  const [output, setOutput] = useState(outputs[0]?.[0] ?? '');
  const name = (nid: string) => {
    const n = doc.nodes.find((x) => x.id === nid);
    return n?.label ?? (n ? registry.get(n.type)?.title : undefined) ?? nid;
  };
  // Every input on another node that accepts this output now.
  const targets = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    for (const n of doc.nodes) {
      if (n.id === nodeId) continue;
      const d = registry.get(n.type);
      for (const [port, spec] of Object.entries((d?.inputs ?? {}) as PortSpecs)) {
        const edge = { from: { node: nodeId, port: output }, to: { node: n.id, port } };
        const exists = doc.edges.some((e) => e.from.node === nodeId && e.from.port === output && e.to.node === n.id && e.to.port === port);
        if (!exists && checkConnection(doc, registry, edge) === null) out.push({ value: `${n.id}\u0000${port}`, label: `${name(n.id)} · ${spec.label ?? port}` });
      }
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, registry, nodeId, output]);
  const [target, setTarget] = useState('');
  const chosenTarget = targets.some((t) => t.value === target) ? target : (targets[0]?.value ?? '');
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const connect = () => {
    const [toNode, toPort] = chosenTarget.split('\u0000');
    const edge = { from: { node: nodeId, port: output }, to: { node: toNode, port: toPort } };
    const problem = checkConnection(store.getState().doc, registry, edge);
    if (problem) return onDone(`Connection refused: ${problem.message}`);
    store.getState().connect(edge);
    const outLabel = (def?.outputs as PortSpecs)[output]?.label ?? output;
    onDone(`Connected ${name(nodeId)} · ${outLabel} to ${targets.find((t) => t.value === chosenTarget)?.label ?? toNode}.`);
  };
  return (
    <dialog ref={ref} className="cf-dialog cf-connect-dialog" aria-labelledby={`${id}-h`} onClose={onClose} onCancel={onClose} data-testid="connect-dialog">
      <h2 id={`${id}-h`}>Connect “{name(nodeId)}”</h2>
      {outputs.length === 0 ? (
        <p>This node has no outputs to connect.</p>
      ) : (
        <form
          className="cf-connect-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosenTarget) connect();
          }}
          onKeyDown={(e) => {
            // Enter on a list connects, as in a text field (a select does not submit its form by itself).
            if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT' && chosenTarget) {
              e.preventDefault();
              connect();
            }
          }}
        >
          <label htmlFor={`${id}-out`} className="cf-field-label">
            1. Output of this node
          </label>
          <select id={`${id}-out`} value={output} onChange={(e) => setOutput(e.target.value)} autoFocus>
            {outputs.map(([port, spec]) => (
              <option key={port} value={port}>
                {spec.label ?? port} ({PORT_LABEL[spec.type]})
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-in`} className="cf-field-label">
            2. Input it feeds
          </label>
          {targets.length === 0 ? (
            <p className="cf-muted" id={`${id}-in`}>
              No input on another node accepts this output (wrong type, already connected, or it would make a loop).
            </p>
          ) : (
            <select id={`${id}-in`} value={chosenTarget} onChange={(e) => setTarget(e.target.value)}>
              {targets.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
          <div className="cf-dialog-actions">
            <button type="button" className="cf-btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="cf-btn cf-btn-primary" disabled={!chosenTarget}>
              Connect
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
