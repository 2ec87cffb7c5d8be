/**
 * The status bar's "N problems to fix": a button that opens the list of every problem; choosing one
 * selects its node, brings it into view and puts the keyboard focus on the inspector field it names.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Problem } from '../../core/errors.ts';
import { usePipelineStore, useRegistry } from '../store/context.tsx';
import { useCompile } from './services.tsx';
import { focusInspectorField } from './focus-field.ts';

export function ProblemsList({ hasNodes }: { hasNodes: boolean }) {
  const all = useCompile((s) => s.result.problems);
  const errors = useMemo(() => all.filter((p) => p.severity === 'error'), [all]);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const store = usePipelineStore();
  const registry = useRegistry();
  const flow = useReactFlow();
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (errors.length === 0) setOpen(false);
  }, [errors.length]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!panelRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  if (errors.length === 0) return <span className="cf-muted">{hasNodes ? 'No problems found' : ''}</span>;

  const labelOf = (p: Problem) => {
    const node = p.nodeId ? store.getState().doc.nodes.find((n) => n.id === p.nodeId) : undefined;
    if (!node) return 'Pipeline';
    return node.label ?? registry.get(node.type)?.title ?? node.id;
  };
  const go = (p: Problem) => {
    setOpen(false);
    if (!p.nodeId) return;
    const node = store.getState().doc.nodes.find((n) => n.id === p.nodeId);
    if (!node) return;
    store.getState().select({ nodes: [node.id], edges: [] });
    void flow.fitView({ nodes: [{ id: node.id }], maxZoom: 1, minZoom: 0.8, duration: 200 });
    const isParam = !!p.field && !!registry.get(node.type)?.params[p.field];
    focusInspectorField(isParam ? p.field : undefined);
  };

  return (
    <span className="cf-problems-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="cf-link-btn cf-status-problems"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="problems-button"
        onClick={() => setOpen((o) => !o)}
      >
        {errors.length} problem{errors.length === 1 ? '' : 's'} to fix
      </button>
      {open && (
        <div
          ref={panelRef}
          className="cf-problems-popover"
          id={listId}
          role="region"
          aria-label="Problems to fix"
          data-testid="problems-list"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          <ul>
            {errors.map((p, i) => (
              <li key={`${p.code}-${p.nodeId ?? ''}-${p.field ?? ''}-${i}`}>
                <button type="button" className="cf-problem-item" onClick={() => go(p)} data-node-id={p.nodeId} autoFocus={i === 0}>
                  <strong>{labelOf(p)}</strong>
                  <span>{p.message}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  );
}
