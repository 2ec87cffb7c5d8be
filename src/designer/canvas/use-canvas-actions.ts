import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { usePipelineStore, useRegistry } from '../store/context.tsx';
import { layoutPositions } from './auto-layout.ts';
import { laneLayoutPositions } from './lanes/lane-layout.ts';
import { lanesView } from './lanes/lanes-store.ts';
import { notify } from '../ui/notices.ts';
import { FIT_VIEW_OPTIONS } from './fit-view.ts';
import { useReadableFit } from './use-readable-fit.ts';

/** Canvas actions that need the viewport: add at the centre of the view, auto-layout, fit view. */
export function useCanvasActions() {
  const store = usePipelineStore();
  const flow = useReactFlow();
  const fitReadable = useReadableFit();
  const registry = useRegistry();

  const addAtCentre = useCallback(
    (type: string) => {
      const el = document.querySelector('.cf-canvas');
      const r = el?.getBoundingClientRect();
      const centre = r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
      const st = store.getState();
      const sel = st.selection.nodes.length === 1 ? st.doc.nodes.find((x) => x.id === st.selection.nodes[0]) : undefined;
      let at: { x: number; y: number };
      if (sel) {
        // Next step after the selected node: to its right, below anything already there.
        const x = sel.position.x + 290;
        const taken = st.doc.nodes.filter((m) => Math.abs(m.position.x - x) < 200 && m.position.y >= sel.position.y - 40);
        at = { x, y: taken.length ? Math.max(...taken.map((m) => m.position.y)) + 170 : sel.position.y };
      } else {
        const p = flow.screenToFlowPosition(centre);
        at = { x: p.x - 115, y: p.y - 50 };
        // Move down past cards already there, so the new one is not hidden under another.
        for (let i = 0; i < 12 && st.doc.nodes.some((m) => Math.abs(m.position.x - at.x) < 240 && Math.abs(m.position.y - at.y) < 150); i++)
          at = { x: at.x, y: at.y + 160 };
      }
      const id = st.addNode(type, at);
      notify(`Added “${id}”. Connect its ports, then set it up in the inspector.`);
      return id;
    },
    [flow, store],
  );

  const autoLayout = useCallback(async () => {
    const doc = store.getState().doc;
    if (doc.nodes.length === 0) return;
    const sizes: Record<string, { width: number; height: number } | undefined> = {};
    for (const n of doc.nodes) {
      const internal = flow.getInternalNode(n.id);
      if (internal?.measured.width && internal.measured.height)
        sizes[n.id] = { width: internal.measured.width, height: internal.measured.height };
    }
    try {
      // With phase lanes on, the layout keeps each node in its phase's lane.
      const positions = lanesView.getState().on ? await laneLayoutPositions(doc, sizes, registry) : await layoutPositions(doc, sizes, registry);
      store.getState().moveNodes(positions);
      requestAnimationFrame(() => void fitReadable(300));
    } catch (e) {
      notify(`Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }, [flow, store, registry, fitReadable]);

  // The Fit view button shows the whole pipeline, however small (cards turn compact); opening a
  // pipeline and Tidy up stop at the readable zoom instead (fit-view.ts).
  const fitView = useCallback(() => void flow.fitView({ ...FIT_VIEW_OPTIONS, duration: 200 }), [flow]);

  return { addAtCentre, autoLayout, fitView };
}
